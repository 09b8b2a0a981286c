import { conflict, DomainError, forbidden, invalid, notFound, type FieldError } from '../../platform/errors/index.ts';

/**
 * Every error code of the reporting module: `reporting.<name>`, stable (API clients branch on
 * them; src/app/error-codes.test.ts).
 */
export const ReportingErrors = {
  unauthenticated: () => new DomainError('reporting.unauthenticated', 'unauthenticated', 'Vui lòng đăng nhập.'),
  notAUnit: () => forbidden('reporting.not_a_unit', 'Tài khoản không thuộc đơn vị báo cáo nào.'),
  forbidden: () => forbidden('reporting.forbidden', 'Đơn vị của bạn không có quyền với báo cáo này.'),
  adminOnly: () => forbidden('reporting.admin_only', 'Chỉ quản trị hệ thống được cấu hình chế độ báo cáo.'),
  unitNotFound: (code: string) => notFound('reporting.unit_not_found', `Không có đơn vị báo cáo ${code}.`),
  regimeNotFound: (code: string) => notFound('reporting.regime_not_found', `Không có chế độ báo cáo ${code}.`),
  indicatorNotFound: (code: string) => notFound('reporting.indicator_not_found', `Không có chỉ tiêu ${code.slice(0, 40)}.`),
  periodInvalid: (period: string) => invalid('reporting.period_invalid', `Kỳ báo cáo ${period.slice(0, 30)} không hợp lệ với tần suất của chế độ.`, [{ field: 'period', message: 'reporting.period_invalid' }]),
  unitNotInRegime: (unit: string) => forbidden('reporting.unit_not_in_regime', `Đơn vị ${unit} không báo cáo theo chế độ này.`),
  submissionNotFound: () => notFound('reporting.submission_not_found', 'Chưa có báo cáo của đơn vị cho kỳ này.'),
  stateConflict: (state: string, action: string) => conflict('reporting.state_conflict', `Báo cáo đang ở trạng thái "${state}", không thể ${action}.`),
  versionConflict: () => conflict('reporting.version_conflict', 'Báo cáo đã được người khác thay đổi; hãy tải lại trang.'),
  locked: () => conflict('reporting.locked', 'Số liệu đã được phê duyệt và khóa; cần mở khóa trước khi sửa.'),
  valuesInvalid: (fields: FieldError[]) => invalid('reporting.values_invalid', 'Số liệu báo cáo chưa hợp lệ.', fields),
  childrenPending: (units: string[]) =>
    new DomainError('reporting.children_pending', 'conflict', `Còn ${units.length} đơn vị cấp dưới chưa được tiếp nhận báo cáo.`, { details: { units } }),
  actionInvalid: () => invalid('reporting.action_invalid', 'Thao tác không hợp lệ.', [{ field: 'action', message: 'reporting.action_invalid' }]),
  reasonRequired: () => invalid('reporting.reason_required', 'Nhập lý do.', [{ field: 'reason', message: 'reporting.reason_required' }]),
  configInvalid: (message: string) => invalid('reporting.config_invalid', message),
  excelInvalid: (fields: FieldError[]) => invalid('reporting.excel_invalid', 'Tệp Excel có ô không hợp lệ; không số liệu nào được ghi.', fields),
  excelUnreadable: () => invalid('reporting.excel_unreadable', 'Không đọc được tệp Excel (.xlsx) này.'),
  excelTooLarge: () => new DomainError('reporting.excel_too_large', 'invalid', 'Tệp Excel quá lớn.'),
} as const;
