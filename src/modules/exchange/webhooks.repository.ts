import { sql, type Executor } from '../../platform/db/index.ts';
import { tables, textArray } from './exchange.tables.ts';

// SQL of webhooks and the push state of deliveries (exchange.tables.ts).

export interface WebhookRecord {
  agencyCode: string;
  url: string;
  sealedSecret: string;
}

export async function upsertWebhookInTx(tx: Executor, w: WebhookRecord & { updatedBy: string }): Promise<void> {
  await tables(tx)
    .insertInto('exchange_webhooks')
    .values({ agency_code: w.agencyCode, url: w.url, sealed_secret: w.sealedSecret, updated_by: w.updatedBy })
    .onConflict((oc) =>
      oc.column('agency_code').doUpdateSet((eb) => ({
        url: eb.ref('excluded.url'),
        sealed_secret: eb.ref('excluded.sealed_secret'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

export async function deleteWebhookInTx(tx: Executor, agencyCode: string): Promise<boolean> {
  const result = await tables(tx).deleteFrom('exchange_webhooks').where('agency_code', '=', agencyCode).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findWebhook(ex: Executor, agencyCode: string): Promise<WebhookRecord | undefined> {
  const row = await tables(ex).selectFrom('exchange_webhooks').select(['agency_code', 'url', 'sealed_secret']).where('agency_code', '=', agencyCode).executeTakeFirst();
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
  const r = await tables(ex)
    .selectFrom('exchange_deliveries as d')
    .innerJoin('exchange_packages as p', 'p.id', 'd.package_id')
    .select(['d.id', 'd.package_id', 'd.recipient_agency', 'd.sequence', 'd.sender_agency', 'p.content_sha256', 'd.state', 'd.pushed_at'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
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
    await tables(tx)
      .updateTable('exchange_deliveries')
      .set((eb) => ({
        pushed_at: sql<Date>`now()`,
        push_error: null,
        state: eb.case().when('state', '=', 'pending').then('delivered' as const).else(eb.ref('state')).end(),
        delivered_at: eb.fn.coalesce('delivered_at', sql<Date>`now()`),
      }))
      .where('id', '=', deliveryId)
      .execute();
  } else {
    await tables(tx).updateTable('exchange_deliveries').set({ push_error: outcome.error.slice(0, 1000) }).where('id', '=', deliveryId).execute();
  }
}

/** Deliveries of an agency not yet pushed nor acknowledged: what a re-delivery sends again. */
export async function listUnpushed(ex: Executor, recipient: string, limit: number): Promise<{ deliveryId: number; packageId: string }[]> {
  const rows = await tables(ex)
    .selectFrom('exchange_deliveries')
    .select(['id', 'package_id'])
    .where('recipient_agency', '=', recipient)
    .where('state', '<>', 'acknowledged')
    .where('pushed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ deliveryId: Number(r.id), packageId: r.package_id }));
}

/** Which of these agencies have a webhook: their new deliveries are pushed. */
export async function hookedAgencies(ex: Executor, agencyCodes: string[]): Promise<Set<string>> {
  if (agencyCodes.length === 0) return new Set();
  const rows = await tables(ex)
    .selectFrom('exchange_webhooks')
    .select('agency_code')
    .where('agency_code', '=', (eb) => eb.fn.any(textArray(agencyCodes)))
    .execute();
  return new Set(rows.map((r) => r.agency_code));
}
