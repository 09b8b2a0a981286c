import { conflict, DomainError, forbidden, invalid, notFound, type FieldError } from '../../platform/errors/index.ts';

/** Every error code of the helpdesk (`helpdesk.<name>`). */
export const HelpdeskErrors = {
  unauthenticated: () => new DomainError('helpdesk.unauthenticated', 'unauthenticated', 'Vui lòng đăng nhập.'),
  agentsOnly: () => forbidden('helpdesk.agents_only', 'Chỉ nhân viên hỗ trợ được thực hiện thao tác này.'),
  invalidInput: (fields: FieldError[]) => invalid('helpdesk.invalid_input', 'Thông tin chưa hợp lệ.', fields),
  ticketNotFound: () => notFound('helpdesk.ticket_not_found', 'Không tìm thấy yêu cầu hỗ trợ.'),
  articleNotFound: () => notFound('helpdesk.article_not_found', 'Không tìm thấy bài viết.'),
  cannedNotFound: () => notFound('helpdesk.canned_not_found', 'Không tìm thấy câu trả lời mẫu.'),
  wrongState: () => conflict('helpdesk.wrong_state', 'Yêu cầu hỗ trợ không ở trạng thái cho phép thao tác này.'),
  titleTaken: () => conflict('helpdesk.title_taken', 'Đã có bài viết hoặc câu trả lời mẫu với tiêu đề này.'),
  // Help requests sent without an account, from one source: a flood is refused for a while (429, Retry-After).
  tooManyRequests: (retryAfterSeconds: number) =>
    new DomainError('helpdesk.too_many_requests', 'throttled', 'Quá nhiều yêu cầu hỗ trợ từ địa chỉ mạng này; vui lòng thử lại sau.', { details: { retryAfterSeconds } }),
} as const;
