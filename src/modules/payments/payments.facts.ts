import { Type, type Static } from 'typebox';

/** An order was paid: the gateway's signed notification confirmed it (once per order). */
export const OrderPaid = Type.Object({
  reference: Type.String({ minLength: 1 }),
  dossierCode: Type.String({ minLength: 1 }),
  kind: Type.Union([Type.Literal('submission'), Type.Literal('obligation')]),
  amountVnd: Type.Integer({ minimum: 1 }),
  gateway: Type.String({ minLength: 1 }),
  paidAt: Type.String({ format: 'date-time' }),
});
export type OrderPaid = Static<typeof OrderPaid>;

/** A refund was approved (by a second official, with a recent second factor). */
export const RefundApproved = Type.Object({
  reference: Type.String({ minLength: 1 }),
  dossierCode: Type.String({ minLength: 1 }),
  amountVnd: Type.Integer({ minimum: 1 }),
  at: Type.String({ format: 'date-time' }),
});
export type RefundApproved = Static<typeof RefundApproved>;

export const PAYMENTS_FACTS = { 'payments.order_paid': OrderPaid, 'payments.refund_approved': RefundApproved };
