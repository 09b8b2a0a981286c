import { conflict, DomainError, forbidden, invalid, notFound, type FieldError } from '../../platform/errors/index.ts';

/** Every error code of the feedback module (`feedback.<name>`, stable: clients branch on them). */
export const FeedbackErrors = {
  unauthenticated: () => new DomainError('feedback.unauthenticated', 'unauthenticated', 'Vui lòng đăng nhập.'),
  /** Feedback and ratings are given by citizens and businesses. */
  applicantsOnly: () => forbidden('feedback.applicants_only', 'Chỉ công dân, doanh nghiệp gửi phản ánh, kiến nghị và đánh giá.'),
  /** Handling is for officials holding a feedback role. */
  officialsOnly: () => forbidden('feedback.officials_only', 'Chỉ cán bộ được giao xử lý phản ánh, kiến nghị.'),
  invalidInput: (fields: FieldError[]) => invalid('feedback.invalid_input', 'Thông tin chưa hợp lệ.', fields),
  /** Unknown, or another agency's or another person's item: one answer for both. */
  itemNotFound: () => notFound('feedback.item_not_found', 'Không tìm thấy phản ánh, kiến nghị.'),
  /** The action does not fit the item's state (answering a rejected item …). */
  wrongState: () => conflict('feedback.wrong_state', 'Phản ánh, kiến nghị không ở trạng thái cho phép thao tác này.'),
  /** The 5 working days in which the item could be forwarded are over. */
  forwardWindowClosed: () => conflict('feedback.forward_window_closed', 'Đã quá thời hạn 5 ngày làm việc để chuyển phản ánh, kiến nghị.'),
  /** Publication without the submitter's consent. */
  noConsent: () => conflict('feedback.no_consent', 'Người gửi không đồng ý công khai nội dung trả lời.'),
  /** The dossier is unknown, or not the actor's: one answer for both. */
  dossierNotFound: () => notFound('feedback.dossier_not_found', 'Không tìm thấy hồ sơ của bạn.'),
  /** Ratings are for dossiers whose result was returned (status 10). */
  dossierNotFinished: () => conflict('feedback.dossier_not_finished', 'Hồ sơ chưa trả kết quả nên chưa thể đánh giá.'),
  alreadyRated: () => conflict('feedback.already_rated', 'Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần.'),
} as const;
