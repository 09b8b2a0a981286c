import { conflict, DomainError, forbidden, invalid, notFound } from '../../platform/errors/index.ts';

/** Every error code of the payments module (`payments.<name>`, stable: clients branch on them). */
export const PaymentsErrors = {
  unauthenticated: () => new DomainError('payments.unauthenticated', 'unauthenticated', 'Vui lòng đăng nhập.'),
  orderNotFound: () => notFound('payments.order_not_found', 'Không tìm thấy khoản phí, lệ phí.'),
  orderNotPayable: (status: string) => conflict('payments.order_not_payable', `Khoản phí không còn chờ thanh toán (${status}).`),
  amountInvalid: () => invalid('payments.amount_invalid', 'Số tiền phải là số nguyên đồng lớn hơn 0.', [{ field: 'amountVnd', message: 'Số tiền phải là số nguyên đồng lớn hơn 0 và không quá 100 tỷ đồng.' }]),
  descriptionRequired: () => invalid('payments.description_required', 'Nội dung khoản thu là bắt buộc.', [{ field: 'description', message: 'Nội dung khoản thu là bắt buộc.' }]),
  reasonRequired: () => invalid('payments.reason_required', 'Lý do hoàn tiền là bắt buộc.', [{ field: 'reason', message: 'Lý do hoàn tiền là bắt buộc.' }]),
  forbidden: (action: string) => forbidden('payments.forbidden', `Không có quyền: ${action}.`),
  notPaid: () => conflict('payments.not_paid', 'Khoản phí chưa được thanh toán.'),
  refundExists: () => conflict('payments.refund_exists', 'Khoản phí đã có yêu cầu hoàn tiền.'),
  refundNotFound: () => notFound('payments.refund_not_found', 'Không tìm thấy yêu cầu hoàn tiền.'),
  refundDecided: () => conflict('payments.refund_decided', 'Yêu cầu hoàn tiền đã được quyết định.'),
  ownRefund: () => forbidden('payments.own_refund', 'Người đề nghị hoàn tiền không tự phê duyệt.'),
  gatewaySignature: () => invalid('payments.gateway_signature', 'Chữ ký của yêu cầu thanh toán không hợp lệ.'),
  reportInvalid: (message: string) => invalid('payments.report_invalid', message),
} as const;
