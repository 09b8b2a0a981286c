import type { Selectable } from 'kysely';
import { sql, type Executor } from '../../platform/db/index.ts';
import { tables, textArray, type ExchangeSigningCertificatesTable } from './exchange.tables.ts';

// SQL of signing certificates and signature policies (exchange.tables.ts).

export interface CertificateRecord {
  id: number;
  agencyCode: string;
  pem: string;
  fingerprint: string;
  notAfter: Date | null;
  registeredAt: Date;
}

const CERTIFICATE_COLUMNS = ['id', 'agency_code', 'pem', 'fingerprint', 'not_after', 'registered_at'] as const;
type CertificateRow = Pick<Selectable<ExchangeSigningCertificatesTable>, (typeof CERTIFICATE_COLUMNS)[number]>;

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
  const row = await tables(tx)
    .insertInto('exchange_signing_certificates')
    .values({ agency_code: c.agencyCode, pem: c.pem, fingerprint: c.fingerprint, not_after: c.notAfter, registered_by: c.registeredBy })
    .onConflict((oc) => oc.columns(['agency_code', 'fingerprint']).doNothing())
    .returning(CERTIFICATE_COLUMNS)
    .executeTakeFirst();
  if (row) return { record: toCertificate(row), created: true };
  const found = await tables(tx)
    .selectFrom('exchange_signing_certificates')
    .select(CERTIFICATE_COLUMNS)
    .where('agency_code', '=', c.agencyCode)
    .where('fingerprint', '=', c.fingerprint)
    .executeTakeFirst();
  if (!found) throw new Error('exchange: certificate vanished after a conflict');
  return { record: toCertificate(found), created: false };
}

/** Active, unexpired certificates of agencies in the level-1 body (`H49`): the caller narrows to the sender's ancestors. */
export async function listActiveCertificates(ex: Executor, level1: string): Promise<CertificateRecord[]> {
  const rows = await tables(ex)
    .selectFrom('exchange_signing_certificates')
    .select(CERTIFICATE_COLUMNS)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('not_after', 'is', null), eb('not_after', '>', sql<Date>`now()`)]))
    .where('agency_code', 'like', `%${level1}`)
    .orderBy('id')
    .execute();
  return rows.map(toCertificate);
}

export interface PolicyRecord {
  agencyCode: string;
  refuseUnsigned: boolean;
  refuseInvalid: boolean;
}

export async function upsertPolicyInTx(tx: Executor, p: PolicyRecord & { updatedBy: string }): Promise<void> {
  await tables(tx)
    .insertInto('exchange_signature_policies')
    .values({ agency_code: p.agencyCode, refuse_unsigned: p.refuseUnsigned, refuse_invalid: p.refuseInvalid, updated_by: p.updatedBy })
    .onConflict((oc) =>
      oc.column('agency_code').doUpdateSet((eb) => ({
        refuse_unsigned: eb.ref('excluded.refuse_unsigned'),
        refuse_invalid: eb.ref('excluded.refuse_invalid'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

/** The policies of these agencies that have one. */
export async function policiesOf(ex: Executor, agencyCodes: string[]): Promise<PolicyRecord[]> {
  if (agencyCodes.length === 0) return [];
  const rows = await tables(ex)
    .selectFrom('exchange_signature_policies')
    .select(['agency_code', 'refuse_unsigned', 'refuse_invalid'])
    .where('agency_code', '=', (eb) => eb.fn.any(textArray(agencyCodes)))
    .execute();
  return rows.map((r) => ({ agencyCode: r.agency_code, refuseUnsigned: r.refuse_unsigned, refuseInvalid: r.refuse_invalid }));
}
