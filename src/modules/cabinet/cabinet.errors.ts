import { conflict, DomainError, forbidden, invalid, notFound, type FieldError } from '../../platform/errors/index.ts';

/** Every error code of the e-Cabinet: `cabinet.<name>`, stable (API clients branch on them). */
export const CabinetErrors = {
  unauthenticated: () => new DomainError('cabinet.unauthenticated', 'unauthenticated', 'Vui lòng đăng nhập.'),
  secretariatOnly: () => forbidden('cabinet.secretariat_only', 'Chỉ Văn phòng Chính phủ (thư ký phiên họp) được thực hiện thao tác này.'),
  notAMember: () => forbidden('cabinet.not_a_member', 'Chỉ thành viên Chính phủ được thực hiện thao tác này.'),
  officialsOnly: () => forbidden('cabinet.officials_only', 'Hệ thống phục vụ họp Chính phủ chỉ dành cho cán bộ, công chức được mời.'),
  noAccess: () => forbidden('cabinet.no_access', 'Bạn không dự phiên họp này nên không xem được tài liệu.'),
  sessionNotFound: () => notFound('cabinet.session_not_found', 'Không có phiên họp này.'),
  itemNotFound: () => notFound('cabinet.item_not_found', 'Không có nội dung này trong chương trình phiên họp.'),
  documentNotFound: () => notFound('cabinet.document_not_found', 'Không có tài liệu này.'),
  voteNotFound: () => notFound('cabinet.vote_not_found', 'Không có cuộc biểu quyết này.'),
  pollNotFound: () => notFound('cabinet.poll_not_found', 'Không có phiếu lấy ý kiến này.'),
  invalidInput: (fields: FieldError[]) => invalid('cabinet.invalid_input', 'Thông tin chưa hợp lệ.', fields),
  stateConflict: (message: string) => conflict('cabinet.state_conflict', message),
  cutoffPassed: () => conflict('cabinet.cutoff_passed', 'Đã quá hạn ghi ý kiến trước phiên họp.'),
  alreadyVoted: () => conflict('cabinet.already_voted', 'Bạn đã biểu quyết nội dung này.'),
  voteClosed: () => conflict('cabinet.vote_closed', 'Cuộc biểu quyết đã kết thúc.'),
  alreadyAnswered: () => conflict('cabinet.already_answered', 'Bạn đã trả lời phiếu lấy ý kiến này.'),
  pollClosed: () => conflict('cabinet.poll_closed', 'Đã hết hạn trả lời phiếu lấy ý kiến.'),
  pollOpen: () => conflict('cabinet.poll_open', 'Phiếu lấy ý kiến chưa đến hạn; chưa có kết quả.'),
  objectionRaised: () => conflict('cabinet.objection_raised', 'Nội dung có ý kiến phản đối: phải thảo luận tại phiên họp.'),
  notADelegate: () => forbidden('cabinet.not_a_delegate', 'Bạn không được ủy quyền trả lời thay thành viên này.'),
  delegationNotAllowed: () => forbidden('cabinet.delegation_not_allowed', 'Phiếu lấy ý kiến này không cho phép trả lời thay theo ủy quyền.'),
  voteDelegationNotAllowed: () => forbidden('cabinet.vote_delegation_not_allowed', 'Phiên họp này không cho phép biểu quyết thay theo ủy quyền.'),
  notWatermarkable: () => conflict('cabinet.not_watermarkable', 'Tài liệu này không phải PDF, ảnh hay văn bản thuần nên không đóng dấu tên người đọc được: Văn phòng Chính phủ cần tải lên bản PDF.'),
  clockLocked: () => forbidden('cabinet.clock_locked', 'Không thể chỉnh đồng hồ thử nghiệm trong môi trường vận hành.'),
} as const;
