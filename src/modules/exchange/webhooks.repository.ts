import { sql, type Executor } from '../../platform/db/index.ts';

// SQL only: webhooks and the push state of deliveries.

export interface WebhookRecord {
  agencyCode: string;
  url: string;
  sealedSecret: string;
}

export async function upsertWebhookInTx(tx: Executor, w: WebhookRecord & { updatedBy: string }): Promise<void> {
  await sql`
    INSERT INTO exchange_webhooks (agency_code, url, sealed_secret, updated_by) VALUES (${w.agencyCode}, ${w.url}, ${w.sealedSecret}, ${w.updatedBy})
    ON CONFLICT (agency_code) DO UPDATE SET url = excluded.url, sealed_secret = excluded.sealed_secret, updated_by = excluded.updated_by, updated_at = now()
  `.execute(tx);
}

export async function deleteWebhookInTx(tx: Executor, agencyCode: string): Promise<boolean> {
  const result = await sql`DELETE FROM exchange_webhooks WHERE agency_code = ${agencyCode}`.execute(tx);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function findWebhook(ex: Executor, agencyCode: string): Promise<WebhookRecord | undefined> {
  const result = await sql<{ agency_code: string; url: string; sealed_secret: string }>`
    SELECT agency_code, url, sealed_secret FROM exchange_webhooks WHERE agency_code = ${agencyCode}
  `.execute(ex);
  const row = result.rows[0];
  return row ? { agencyCode: row.agency_code, url: row.url, sealedSecret: row.sealed_secret } : undefined;
}

export interface PushTarget {
  deliveryId: number;
  packageId: string;
  recipient: string;
  sequence: number;
  senderAgency: string;
  contentSha256: string;
  acknowledged: boolean;
  pushedAt: Date | null;
}

export async function findPushTarget(ex: Executor, deliveryId: number): Promise<PushTarget | undefined> {
  const result = await sql<{ id: number; package_id: string; recipient_agency: string; sequence: number; sender_agency: string; content_sha256: string; state: string; pushed_at: Date | null }>`
    SELECT d.id, d.package_id, d.recipient_agency, d.sequence, d.sender_agency, p.content_sha256, d.state, d.pushed_at
    FROM exchange_deliveries d JOIN exchange_packages p ON p.id = d.package_id WHERE d.id = ${deliveryId}
  `.execute(ex);
  const r = result.rows[0];
  return r
    ? {
        deliveryId: Number(r.id),
        packageId: r.package_id,
        recipient: r.recipient_agency,
        sequence: Number(r.sequence),
        senderAgency: r.sender_agency,
        contentSha256: r.content_sha256,
        acknowledged: r.state === 'acknowledged',
        pushedAt: r.pushed_at === null ? null : new Date(r.pushed_at),
      }
    : undefined;
}

export async function recordPushInTx(tx: Executor, deliveryId: number, outcome: { ok: true } | { ok: false; error: string }): Promise<void> {
  if (outcome.ok) {
    await sql`
      UPDATE exchange_deliveries SET pushed_at = now(), push_error = NULL,
        state = CASE WHEN state = 'pending' THEN 'delivered' ELSE state END, delivered_at = coalesce(delivered_at, now())
      WHERE id = ${deliveryId}
    `.execute(tx);
  } else {
    await sql`UPDATE exchange_deliveries SET push_error = ${outcome.error.slice(0, 1000)} WHERE id = ${deliveryId}`.execute(tx);
  }
}

/** Deliveries of an agency not yet pushed nor acknowledged: what a re-delivery sends again. */
export async function listUnpushed(ex: Executor, recipient: string, limit: number): Promise<{ deliveryId: number; packageId: string }[]> {
  const result = await sql<{ id: number; package_id: string }>`
    SELECT id, package_id FROM exchange_deliveries
    WHERE recipient_agency = ${recipient} AND state <> 'acknowledged' AND pushed_at IS NULL
    ORDER BY id LIMIT ${limit}
  `.execute(ex);
  return result.rows.map((r) => ({ deliveryId: Number(r.id), packageId: r.package_id }));
}

/** Which of these agencies have a webhook: their new deliveries are pushed. */
export async function hookedAgencies(ex: Executor, agencyCodes: string[]): Promise<Set<string>> {
  if (agencyCodes.length === 0) return new Set();
  const result = await sql<{ agency_code: string }>`SELECT agency_code FROM exchange_webhooks WHERE agency_code = ANY(${agencyCodes}::text[])`.execute(ex);
  return new Set(result.rows.map((r) => r.agency_code));
}
