import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { DocumentPackage } from './edxml/index.ts';
import type { Principal } from './exchange.access.ts';
import type { PackageRecord } from './exchange.types.ts';
import * as registers from './registers.repository.ts';

/**
 * Writes a package in the agency's incoming or outgoing register (sổ văn bản đến / đi) with
 * the next number of the year, and audits it, in one transaction; a package already in the
 * register keeps its number.
 */
export async function registerPackage(
  db: Db,
  principal: Principal,
  direction: 'in' | 'out',
  pkg: PackageRecord,
  model: DocumentPackage,
  counterparts: string[],
): Promise<registers.RegisterEntry> {
  return db.transaction().execute(async (tx) => {
    const { entry, created } = await registers.registerInTx(tx, {
      agencyCode: principal.agencyCode,
      direction,
      packageId: pkg.id,
      codeNotation: model.documentId.codeNumberNotation || null,
      subject: pkg.subject,
      counterparts,
      priority: pkg.priority,
      documentDate: model.promulgationInfo?.promulgationDate?.iso?.slice(0, 10) ?? model.documentId.date?.iso?.slice(0, 10) ?? null,
      dueDate: pkg.dueDate,
      registeredBy: principal.principalId,
    });
    if (created) {
      await appendAuditInTx(tx, {
        actor: principal.principalId,
        action: direction === 'in' ? 'exchange.registered_incoming' : 'exchange.registered_outgoing',
        entityType: 'exchange_package',
        entityId: pkg.id,
        data: { agency: principal.agencyCode, year: entry.year, number: entry.number },
      });
    }
    return entry;
  });
}
