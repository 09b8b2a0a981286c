import { Type, type Static } from 'typebox';

/** A step of a support ticket. */
export const TicketChanged = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  channel: Type.Union([Type.Literal('web'), Type.Literal('phone'), Type.Literal('email')]),
  category: Type.String({ minLength: 1 }),
  status: Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('closed')]),
  dueAt: Type.String({ format: 'date-time' }),
  at: Type.String({ format: 'date-time' }),
});
export type TicketChanged = Static<typeof TicketChanged>;

export const HELPDESK_FACT_TYPES = ['helpdesk.ticket_opened', 'helpdesk.ticket_assigned', 'helpdesk.ticket_answered', 'helpdesk.ticket_closed'] as const;
export type HelpdeskFactType = (typeof HELPDESK_FACT_TYPES)[number];
export const HELPDESK_FACTS = Object.fromEntries(HELPDESK_FACT_TYPES.map((type) => [type, TicketChanged]));
