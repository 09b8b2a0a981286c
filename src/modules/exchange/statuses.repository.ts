import type { Executor } from '../../platform/db/index.ts';
import { tables, textArray } from './exchange.tables.ts';

// SQL of the status history of documents (status packages; exchange.tables.ts).

const date = (d: Date | null) => (d === null ? null : new Date(d));

export interface StatusEntry {
  packageId: string;
  documentSender: string;
  documentId: string;
  recipientAgency: string;
  reporterAgency: string;
  statusCode: string;
  description: string | null;
  staff: unknown;
  reportedAt: Date | null;
  recordedAt: Date;
}

export async function insertStatusInTx(tx: Executor, s: Omit<StatusEntry, 'recordedAt'>): Promise<void> {
  await tables(tx)
    .insertInto('exchange_status_history')
    .values({
      package_id: s.packageId,
      document_sender: s.documentSender,
      document_id: s.documentId,
      recipient_agency: s.recipientAgency,
      reporter_agency: s.reporterAgency,
      status_code: s.statusCode,
      description: s.description,
      staff: s.staff === null ? null : JSON.stringify(s.staff),
      reported_at: s.reportedAt,
    })
    .onConflict((oc) => oc.column('package_id').doNothing())
    .execute();
}

/** Status history of these documents of one sender, in the order received. */
export async function listStatusHistory(ex: Executor, documentSender: string, documentIds: string[]): Promise<StatusEntry[]> {
  if (documentIds.length === 0) return [];
  const rows = await tables(ex)
    .selectFrom('exchange_status_history')
    .selectAll()
    .where('document_sender', '=', documentSender)
    .where('document_id', '=', (eb) => eb.fn.any(textArray(documentIds)))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    packageId: r.package_id,
    documentSender: r.document_sender,
    documentId: r.document_id,
    recipientAgency: r.recipient_agency,
    reporterAgency: r.reporter_agency,
    statusCode: r.status_code,
    description: r.description,
    staff: r.staff,
    reportedAt: date(r.reported_at),
    recordedAt: new Date(r.recorded_at),
  }));
}
