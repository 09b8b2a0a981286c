import { sql, type Executor } from '../../platform/db/index.ts';

// Status history of documents (status packages).

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
  await sql`
    INSERT INTO exchange_status_history (package_id, document_sender, document_id, recipient_agency, reporter_agency,
                                         status_code, description, staff, reported_at)
    VALUES (${s.packageId}::uuid, ${s.documentSender}, ${s.documentId}, ${s.recipientAgency}, ${s.reporterAgency},
            ${s.statusCode}, ${s.description}, ${s.staff === null ? null : JSON.stringify(s.staff)}::jsonb, ${s.reportedAt})
    ON CONFLICT (package_id) DO NOTHING
  `.execute(tx);
}

/** Status history of these documents of one sender, in the order received. */
export async function listStatusHistory(ex: Executor, documentSender: string, documentIds: string[]): Promise<StatusEntry[]> {
  if (documentIds.length === 0) return [];
  const result = await sql<{
    package_id: string;
    document_sender: string;
    document_id: string;
    recipient_agency: string;
    reporter_agency: string;
    status_code: string;
    description: string | null;
    staff: unknown;
    reported_at: Date | null;
    recorded_at: Date;
  }>`
    SELECT * FROM exchange_status_history
    WHERE document_sender = ${documentSender} AND document_id = ANY(${documentIds}::text[])
    ORDER BY id
  `.execute(ex);
  return result.rows.map((r) => ({
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
