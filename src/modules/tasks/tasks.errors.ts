import { conflict, DomainError, forbidden, invalid, notFound, type FieldError } from '../../platform/errors/index.ts';

/** Every error code of task tracking: `tasks.<name>`, stable (API clients branch on them). */
export const TasksErrors = {
  unauthenticated: () => new DomainError('tasks.unauthenticated', 'unauthenticated', 'Vui lòng đăng nhập.'),
  /** Officials holding a task role only. */
  forbidden: () => forbidden('tasks.forbidden', 'Bạn không có quyền theo dõi nhiệm vụ.'),
  /** The Government Office's monitors only (assign, answer clarifications, decide extensions, evaluate). */
  monitorsOnly: () => forbidden('tasks.monitors_only', 'Chỉ Văn phòng Chính phủ (theo dõi, đánh giá nhiệm vụ) được thực hiện thao tác này.'),
  /** Only the lead agency acts on a task (co-ordinating agencies read it). */
  leadAgencyOnly: () => forbidden('tasks.lead_agency_only', 'Chỉ cơ quan chủ trì được thực hiện thao tác này.'),
  /** Unknown, or another agency's task: one answer for both. */
  taskNotFound: () => notFound('tasks.task_not_found', 'Không tìm thấy nhiệm vụ.'),
  invalidInput: (fields: FieldError[]) => invalid('tasks.invalid_input', 'Thông tin chưa hợp lệ.', fields),
  wrongState: () => conflict('tasks.wrong_state', 'Nhiệm vụ không ở trạng thái cho phép thao tác này.'),
  extensionPending: () => conflict('tasks.extension_pending', 'Nhiệm vụ đang có đề nghị gia hạn chờ quyết định.'),
  noPendingExtension: () => conflict('tasks.no_pending_extension', 'Nhiệm vụ không có đề nghị gia hạn chờ quyết định.'),
  importInvalid: (fields: FieldError[]) => invalid('tasks.import_invalid', 'Tệp danh sách nhiệm vụ có dòng chưa hợp lệ; chưa nhập nhiệm vụ nào.', fields),
} as const;
