import { sql, type Executor } from '../../platform/db/index.ts';

// SQL only: signing certificates and signature policies.

export interface CertificateRecord {
  id: number;
  agencyCode: string;
  pem: string;
  fingerprint: string;
  notAfter: Date | null;
  registeredAt: Date;
}

interface CertificateRow {
  id: number;
  agency_code: string;
  pem: string;
  fingerprint: string;
  not_after: Date | null;
  registered_at: Date;
}

const toCertificate = (r: CertificateRow): CertificateRecord => ({
  id: Number(r.id),
  agencyCode: r.agency_code,
  pem: r.pem,
  fingerprint: r.fingerprint,
  notAfter: r.not_after === null ? null : new Date(r.not_after),
  registeredAt: new Date(r.registered_at),
});

/** Registers a certificate; the same one registered again returns the existing row. */
export async function upsertCertificateInTx(
  tx: Executor,
  c: { agencyCode: string; pem: string; fingerprint: string; notAfter: Date | null; registeredBy: string },
): Promise<{ record: CertificateRecord; created: boolean }> {
  const inserted = await sql<CertificateRow>`
    INSERT INTO exchange_signing_certificates (agency_code, pem, fingerprint, not_after, registered_by)
    VALUES (${c.agencyCode}, ${c.pem}, ${c.fingerprint}, ${c.notAfter}, ${c.registeredBy})
    ON CONFLICT (agency_code, fingerprint) DO NOTHING
    RETURNING id, agency_code, pem, fingerprint, not_after, registered_at
  `.execute(tx);
  const row = inserted.rows[0];
  if (row) return { record: toCertificate(row), created: true };
  const existing = await sql<CertificateRow>`
    SELECT id, agency_code, pem, fingerprint, not_after, registered_at FROM exchange_signing_certificates
    WHERE agency_code = ${c.agencyCode} AND fingerprint = ${c.fingerprint}
  `.execute(tx);
  const found = existing.rows[0];
  if (!found) throw new Error('exchange: certificate vanished after a conflict');
  return { record: toCertificate(found), created: false };
}

/** Active, unexpired certificates of agencies in the level-1 body (`H49`): the caller narrows to the sender's ancestors. */
export async function listActiveCertificates(ex: Executor, level1: string): Promise<CertificateRecord[]> {
  const result = await sql<CertificateRow>`
    SELECT id, agency_code, pem, fingerprint, not_after, registered_at FROM exchange_signing_certificates
    WHERE revoked_at IS NULL AND (not_after IS NULL OR not_after > now()) AND agency_code LIKE ${`%${level1}`}
    ORDER BY id
  `.execute(ex);
  return result.rows.map(toCertificate);
}

export interface PolicyRecord {
  agencyCode: string;
  refuseUnsigned: boolean;
  refuseInvalid: boolean;
}

export async function upsertPolicyInTx(tx: Executor, p: PolicyRecord & { updatedBy: string }): Promise<void> {
  await sql`
    INSERT INTO exchange_signature_policies (agency_code, refuse_unsigned, refuse_invalid, updated_by)
    VALUES (${p.agencyCode}, ${p.refuseUnsigned}, ${p.refuseInvalid}, ${p.updatedBy})
    ON CONFLICT (agency_code) DO UPDATE SET refuse_unsigned = excluded.refuse_unsigned, refuse_invalid = excluded.refuse_invalid,
      updated_by = excluded.updated_by, updated_at = now()
  `.execute(tx);
}

/** The policies of these agencies that have one. */
export async function policiesOf(ex: Executor, agencyCodes: string[]): Promise<PolicyRecord[]> {
  if (agencyCodes.length === 0) return [];
  const result = await sql<{ agency_code: string; refuse_unsigned: boolean; refuse_invalid: boolean }>`
    SELECT agency_code, refuse_unsigned, refuse_invalid FROM exchange_signature_policies WHERE agency_code = ANY(${agencyCodes}::text[])
  `.execute(ex);
  return result.rows.map((r) => ({ agencyCode: r.agency_code, refuseUnsigned: r.refuse_unsigned, refuseInvalid: r.refuse_invalid }));
}
