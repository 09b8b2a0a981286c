import { Type, type Static } from 'typebox';

/**
 * The facts the exchange publishes, each with its payload's one definition: other modules
 * read these types from the exchange's door, and the platform checks every recorded fact
 * against its schema before a consumer sees it. `day` is the Vietnamese calendar day
 * (Asia/Ho_Chi_Minh) the fact belongs to, for daily read models.
 */
const AgencyCode = Type.String({ minLength: 1 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const ExchangeSent = Type.Object({
  packageId: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('document'), Type.Literal('status')]),
  sender: AgencyCode,
  recipients: Type.Array(AgencyCode),
  /** BussinessDocType of a document (0 new, 1 revocation, 2 update, 3 replacement); null for a status. */
  businessType: Type.Union([Type.Integer({ minimum: 0, maximum: 3 }), Type.Null()]),
  /** Status code of a status package; null for a document. */
  statusCode: Type.Union([Type.String(), Type.Null()]),
  day: Day,
});
export type ExchangeSent = Static<typeof ExchangeSent>;

export const ExchangeDelivered = Type.Object({
  packageId: Type.String({ format: 'uuid' }),
  sender: AgencyCode,
  recipient: AgencyCode,
  day: Day,
  /** Set when a webhook push delivered it; absent when the recipient fetched it. */
  via: Type.Optional(Type.Literal('webhook')),
});
export type ExchangeDelivered = Static<typeof ExchangeDelivered>;

export const ExchangeAcknowledged = Type.Object({
  packageId: Type.String({ format: 'uuid' }),
  sender: AgencyCode,
  recipient: AgencyCode,
  result: Type.Union([Type.Literal('done'), Type.Literal('fail'), Type.Literal('processing')]),
  day: Day,
});
export type ExchangeAcknowledged = Static<typeof ExchangeAcknowledged>;

export const ExchangeStatus = Type.Object({
  packageId: Type.String({ format: 'uuid' }),
  documentId: Type.String({ minLength: 1 }),
  documentSender: AgencyCode,
  recipient: AgencyCode,
  statusCode: Type.String(),
  day: Day,
});
export type ExchangeStatus = Static<typeof ExchangeStatus>;

export const EXCHANGE_FACTS = {
  'exchange.sent': ExchangeSent,
  'exchange.delivered': ExchangeDelivered,
  'exchange.acknowledged': ExchangeAcknowledged,
  'exchange.status': ExchangeStatus,
};
