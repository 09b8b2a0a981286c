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

/**
 * A help article written, changed, published or taken back: what another module needs to
 * show it (the portal's search lists published articles beside the procedures).
 */
export const ArticleChanged = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  title: Type.String({ minLength: 1 }),
  /** The first words of the body, for a result line. */
  summary: Type.String(),
  /** The whole text, for other modules' search. */
  body: Type.String(),
  category: Type.String({ minLength: 1 }),
  published: Type.Boolean(),
  url: Type.String({ pattern: '^/support/articles/[0-9]+$' }),
  at: Type.String({ format: 'date-time' }),
});
export type ArticleChanged = Static<typeof ArticleChanged>;

export const HELPDESK_FACTS = { ...Object.fromEntries(HELPDESK_FACT_TYPES.map((type) => [type, TicketChanged])), 'helpdesk.article_changed': ArticleChanged };

/** The fact of an article as stored. */
export function articleChanged(a: { id: number; title: string; body: string; category: string; published: boolean; updatedAt: Date }): { type: 'helpdesk.article_changed'; payload: ArticleChanged } {
  const text = a.body.replace(/\s+/g, ' ').trim();
  const summary = text.length <= 240 ? text : `${text.slice(0, 240).replace(/\s+\S*$/, '')} …`;
  return { type: 'helpdesk.article_changed', payload: { id: Number(a.id), title: a.title, summary, body: a.body, category: a.category, published: a.published, url: `/support/articles/${a.id}`, at: new Date(a.updatedAt).toISOString() } };
}
