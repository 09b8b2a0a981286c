// Shared by the helpdesk's pages (public, console, knowledge base).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError } from '../../platform/errors/index.ts';
import { redirectToSignIn } from '../../platform/http/index.ts';
import { formatDate, type Locale } from '../../platform/i18n/index.ts';
import type { FieldErrors, PageContext } from '../../platform/ui/index.ts';
import { helpdeskMessages, type HelpdeskMessageKey } from './helpdesk.messages.ts';
import type { Ticket } from './helpdesk.repository.ts';

export type Body = Record<string, string | undefined>;
export const signIn = (request: FastifyRequest, reply: FastifyReply) => redirectToSignIn(request, reply);
export const idOf = (request: FastifyRequest) => {
  const id = Number((request.params as { id: string }).id);
  return Number.isSafeInteger(id) && id > 0 ? id : 0;
};
export const dueText = (dueAt: Date) => formatDate(new Date(dueAt.getTime() - 1));

export function errorsOf(error: DomainError, locale: Locale): FieldErrors {
  const t = helpdeskMessages.for(locale);
  const out: FieldErrors = {};
  for (const f of error.fields) if (!(f.field in out)) out[f.field] = f.message in helpdeskMessages.vi ? t(f.message as HelpdeskMessageKey) : f.message;
  return out;
}


export function TicketSummary({ ctx, ticket }: { ctx: PageContext; ticket: Ticket }) {
  const t = helpdeskMessages.for(ctx.locale);
  return (
    <dl class="summary-list">
      <dt>{t('channel')}</dt>
      <dd>{t(`channel_${ticket.channel}`)}</dd>
      <dt>{t('category')}</dt>
      <dd>{t(`category_${ticket.category}` as HelpdeskMessageKey)}</dd>
      <dt>{t('status')}</dt>
      <dd>{t(`status_${ticket.status}`)}</dd>
      <dt>{t('due')}</dt>
      <dd>{dueText(ticket.dueAt)}</dd>
      <dt>{t('assignee')}</dt>
      <dd>{ticket.assigneeName ?? t('unassigned')}</dd>
    </dl>
  );
}
