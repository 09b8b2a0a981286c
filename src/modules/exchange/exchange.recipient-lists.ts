import { appendAuditInTx } from '../../platform/audit/index.ts';
import { resolvePrincipal, type ExchangeDeps } from './exchange.access.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import type { ExchangeCaller } from './exchange.types.ts';
import * as lists from './recipient-lists.repository.ts';

export type { RecipientList } from './recipient-lists.repository.ts';

export const RECIPIENT_LIST_MAX_MEMBERS = 500;

/**
 * The clerks' saved recipient lists (nhóm nơi nhận): kept per agency, used by every clerk and
 * leader of it in the recipient picker. Saving under a name the agency already uses replaces
 * that list's members (the clerk updates "Các tỉnh ĐBSCL" by saving it again).
 */
export function createRecipientListService(deps: Pick<ExchangeDeps, 'db' | 'agencyExists'>) {
  return {
    async listsOf(caller: ExchangeCaller): Promise<lists.RecipientList[]> {
      return lists.listsOf(deps.db, resolvePrincipal(caller).agencyCode);
    },

    /** One list of the caller's agency, or not found (another agency's list is not found either). */
    async get(caller: ExchangeCaller, id: number): Promise<lists.RecipientList> {
      const list = Number.isSafeInteger(id) ? await lists.findList(deps.db, resolvePrincipal(caller).agencyCode, id) : undefined;
      if (!list) throw ExchangeErrors.recipientListNotFound();
      return list;
    },

    async save(caller: ExchangeCaller, input: { name: string; members: string[] }): Promise<{ list: lists.RecipientList; replaced: boolean }> {
      const principal = resolvePrincipal(caller);
      const name = input.name.trim().replace(/\s+/g, ' ');
      if (name === '' || name.length > 100) throw ExchangeErrors.recipientListNameInvalid();
      const members = [...new Set(input.members.map((m) => m.trim().toUpperCase()).filter((m) => m !== '' && m !== principal.agencyCode))];
      if (members.length === 0) throw ExchangeErrors.noRecipients('recipients');
      if (members.length > RECIPIENT_LIST_MAX_MEMBERS) throw ExchangeErrors.recipientListTooLong(RECIPIENT_LIST_MAX_MEMBERS);
      const known = await Promise.all(members.map((m) => deps.agencyExists(m)));
      const unknown = members.filter((_m, i) => !known[i]);
      if (unknown.length > 0) throw ExchangeErrors.unknownRecipients(unknown);
      return deps.db.transaction().execute(async (tx) => {
        const saved = await lists.saveListInTx(tx, { agencyCode: principal.agencyCode, name, members, createdBy: principal.principalId });
        await appendAuditInTx(tx, {
          actor: principal.principalId,
          action: 'exchange.recipient_list_saved',
          entityType: 'exchange_recipient_list',
          entityId: String(saved.list.id),
          data: { agency: principal.agencyCode, name, members, replaced: saved.replaced },
        });
        return saved;
      });
    },

    async remove(caller: ExchangeCaller, id: number): Promise<void> {
      const principal = resolvePrincipal(caller);
      await deps.db.transaction().execute(async (tx) => {
        const removed = Number.isSafeInteger(id) ? await lists.deleteListInTx(tx, principal.agencyCode, id) : undefined;
        if (!removed) throw ExchangeErrors.recipientListNotFound();
        await appendAuditInTx(tx, {
          actor: principal.principalId,
          action: 'exchange.recipient_list_deleted',
          entityType: 'exchange_recipient_list',
          entityId: String(id),
          data: { agency: principal.agencyCode, name: removed.name, members: removed.members },
        });
      });
    },
  };
}

export type RecipientListService = ReturnType<typeof createRecipientListService>;
