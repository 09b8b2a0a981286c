import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { DocumentPackage } from './edxml/index.ts';
import { readDocumentId } from './edxml/values.ts';
import type { PackageRecord } from './exchange.types.ts';
import * as registers from './registers.repository.ts';

/** Who registers, for which agency's register. */
export interface Registrar {
  agencyCode: string;
  principalId: string;
}

/** What the register shows of a document besides the package row: its number/notation and date. */
export interface RegisteredDocument {
  codeNotation: string | null;
  /** yyyy-MM-dd */
  documentDate: string | null;
}

/** The register's view of a document the clerk built or read: its promulgation date first. */
export function registeredDocumentOf(model: DocumentPackage): RegisteredDocument {
  return {
    codeNotation: model.documentId.codeNumberNotation || null,
    documentDate: model.promulgationInfo?.promulgationDate?.iso?.slice(0, 10) ?? model.documentId.date?.iso?.slice(0, 10) ?? null,
  };
}

/**
 * The register's view of a stored package, from its DocumentId as the hub read it when the
 * package arrived (`<issuer>,<yyyy/MM/dd>,<number/notation>`, split as the parser splits it):
 * no second reading of the package's bytes.
 */
export function registeredDocumentOfRecord(pkg: PackageRecord): RegisteredDocument {
  const id = readDocumentId(pkg.documentId, 'DocumentId', () => undefined);
  return { codeNotation: id.codeNumberNotation || null, documentDate: id.date?.iso?.slice(0, 10) ?? null };
}

/**
 * Writes a package in the agency's incoming or outgoing register (sổ văn bản đến / đi) with
 * the next number of the year, and audits it, in the caller's transaction (the send's own,
 * so a document is never sent unnumbered nor numbered unsent); a package already in the
 * register keeps its number.
 */
export async function registerPackageInTx(
  tx: Executor,
  registrar: Registrar,
  direction: 'in' | 'out',
  pkg: PackageRecord,
  document: RegisteredDocument,
  counterparts: string[],
  at?: Date,
): Promise<registers.RegisterEntry> {
  const { entry, created } = await registers.registerInTx(
    tx,
    {
      agencyCode: registrar.agencyCode,
      direction,
      packageId: pkg.id,
      codeNotation: document.codeNotation,
      subject: pkg.subject,
      counterparts,
      priority: pkg.priority,
      documentDate: document.documentDate,
      dueDate: pkg.dueDate,
      registeredBy: registrar.principalId,
    },
    at,
  );
  if (created) {
    await appendAuditInTx(tx, {
      actor: registrar.principalId,
      action: direction === 'in' ? 'exchange.registered_incoming' : 'exchange.registered_outgoing',
      entityType: 'exchange_package',
      entityId: pkg.id,
      data: { agency: registrar.agencyCode, year: entry.year, number: entry.number },
    });
  }
  return entry;
}
