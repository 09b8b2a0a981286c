import { appendAuditInTx } from '../../platform/audit/index.ts';
import { decryptSecret, encryptSecret, randomToken } from '../../platform/crypto/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { PermanentEventError, publishInTx, recordFactsInTx, type CommandHandler, type NewFact, type PublishEvent } from '../../platform/events/index.ts';
import type { ExchangeDelivered } from './exchange.facts.ts';
import type { FileStore } from '../../platform/files/index.ts';
import { createNonce, signRequest } from '../../platform/integration/index.ts';
import { OutboundRefusedError, type OutboundGuard } from '../../platform/net/index.ts';
import { resolveAdminPrincipal, vnDay } from './exchange.access.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import type { DeliveryRecord } from './exchange.repository.ts';
import type { ExchangeCaller } from './exchange.types.ts';
import * as repo from './webhooks.repository.ts';

export const DELIVER_EVENT = 'exchange.deliver';
/** The X-Egov-Client of pushes: receivers verify the signature with the webhook secret. */
export const PUSH_CLIENT_ID = 'egov-exchange';
const REDELIVER_MAX = 1000;

export interface WebhookDeps {
  db: Db;
  files: FileStore;
  /** Seals webhook secrets at rest (AES-256-GCM). */
  sealingKey: Buffer;
  /** Plain http:// is allowed outside production only. */
  allowHttp: boolean;
  /** Refuses internal addresses (unless on the operator's allow-list), at registration and at every push. */
  outbound: OutboundGuard;
  /** Per push; the outbox retries on failure. */
  timeoutMs?: number;
}

/** The push events of new deliveries whose recipient has a webhook (`hooked`), to publish in the sender's transaction. */
export function pushEventsOf(deliveries: DeliveryRecord[], hooked: ReadonlySet<string>): PublishEvent[] {
  return deliveries.filter((d) => hooked.has(d.recipientAgency)).map((d) => ({ type: DELIVER_EVENT, payload: { deliveryId: d.id } }));
}

function checkUrl(raw: string, allowHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw ExchangeErrors.webhookUrlInvalid('Not a URL');
  }
  const ok = url.protocol === 'https:' || (allowHttp && url.protocol === 'http:');
  if (!ok || url.username !== '' || url.password !== '' || url.hash !== '') {
    throw ExchangeErrors.webhookUrlInvalid(allowHttp ? 'Use an http(s) URL without credentials' : 'Use an https URL without credentials');
  }
  return url;
}

export function createWebhookService(deps: WebhookDeps) {
  /**
   * The outbox handler: POSTs the original bytes, signed, to the recipient's URL. Runs at
   * least once: a delivery already pushed or acknowledged is skipped. A failure throws, so
   * the outbox retries with exponential backoff and parks after its maximum attempts.
   */
  const push: CommandHandler = async (event) => {
    const deliveryId = Number((event.payload as { deliveryId?: unknown } | null)?.deliveryId);
    if (!Number.isSafeInteger(deliveryId)) throw new PermanentEventError('exchange.deliver: payload without deliveryId');
    const target = await repo.findPushTarget(deps.db, deliveryId);
    if (!target || target.acknowledged || target.pushedAt) return;
    const hook = await repo.findWebhook(deps.db, target.recipient);
    if (!hook) return;
    const url = new URL(hook.url);
    const body = await deps.files.read(target.contentSha256);
    const headers = signRequest({ clientId: PUSH_CLIENT_ID, secret: decryptSecret(hook.sealedSecret, deps.sealingKey), method: 'POST', path: `${url.pathname}${url.search}`, body, nonce: createNonce() });
    let failure: string | null = null;
    let refused = false;
    try {
      const response = await deps.outbound.post(url, {
        headers: {
          ...headers,
          'content-type': 'application/xml',
          'x-egov-package-id': target.packageId,
          'x-egov-sender': target.senderAgency,
          'x-egov-sequence': String(target.sequence),
        },
        body,
        timeoutMs: deps.timeoutMs ?? 30_000,
      });
      // A redirect is a failure too: following it could lead the signed package anywhere.
      if (response.status < 200 || response.status > 299) failure = `HTTP ${response.status}${response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : ''}`;
    } catch (error) {
      // The URL was public when it was set; its name may resolve elsewhere since.
      refused = error instanceof OutboundRefusedError && error.reason === 'internal';
      failure = error instanceof Error ? error.message : String(error);
    }
    await deps.db.transaction().execute(async (tx) => {
      await repo.recordPushInTx(tx, deliveryId, failure === null ? { ok: true } : { ok: false, error: failure });
      if (failure === null) {
        const fact: NewFact<ExchangeDelivered> = { type: 'exchange.delivered', payload: { packageId: target.packageId, sender: target.senderAgency, recipient: target.recipient, day: vnDay(), via: 'webhook' } };
        await recordFactsInTx(tx, [fact]);
      }
    });
    if (refused) throw new PermanentEventError(`push of delivery ${deliveryId} to ${url.host} refused: ${failure}`);
    if (failure !== null) throw new Error(`push of delivery ${deliveryId} to ${url.host} failed: ${failure}`);
  };

  /** A URL whose name resolves to an internal address is refused now, not at the first push. */
  async function checkAddresses(url: URL): Promise<URL> {
    try {
      await deps.outbound.check(url);
    } catch (error) {
      if (!(error instanceof OutboundRefusedError)) throw error;
      if (error.reason === 'internal') {
        throw ExchangeErrors.webhookUrlInternal(`${error.message}. The hub does not send packages to its own or private networks; ask the operator to add the receiver to WEBHOOK_ALLOW_HOSTS if it lives there.`);
      }
      throw ExchangeErrors.webhookUrlUnresolvable(error.host);
    }
    return url;
  }

  return {
    push,

    /** Sets the calling agency's webhook; the returned secret is shown once. */
    async setWebhook(caller: ExchangeCaller, rawUrl: string): Promise<{ url: string; secret: string }> {
      const principal = resolveAdminPrincipal(caller);
      const url = (await checkAddresses(checkUrl(rawUrl, deps.allowHttp))).toString();
      const secret = randomToken(32);
      await deps.db.transaction().execute(async (tx) => {
        await repo.upsertWebhookInTx(tx, { agencyCode: principal.agencyCode, url, sealedSecret: encryptSecret(secret, deps.sealingKey), updatedBy: principal.principalId });
        await appendAuditInTx(tx, { actor: principal.principalId, action: 'exchange.webhook_set', entityType: 'agency', entityId: principal.agencyCode, data: { url } });
      });
      return { url, secret };
    },

    async deleteWebhook(caller: ExchangeCaller): Promise<boolean> {
      const principal = resolveAdminPrincipal(caller);
      return deps.db.transaction().execute(async (tx) => {
        const deleted = await repo.deleteWebhookInTx(tx, principal.agencyCode);
        if (deleted) await appendAuditInTx(tx, { actor: principal.principalId, action: 'exchange.webhook_deleted', entityType: 'agency', entityId: principal.agencyCode });
        return deleted;
      });
    },

    /** Pushes again every delivery of the agency not yet pushed nor acknowledged (after an outage). */
    async redeliver(caller: ExchangeCaller): Promise<{ queued: number }> {
      const principal = resolveAdminPrincipal(caller);
      return deps.db.transaction().execute(async (tx) => {
        if (!(await repo.findWebhook(tx, principal.agencyCode))) throw ExchangeErrors.webhookNotFound();
        const pending = await repo.listUnpushed(tx, principal.agencyCode, REDELIVER_MAX);
        for (const d of pending) await publishInTx(tx, { type: DELIVER_EVENT, payload: { deliveryId: d.deliveryId } });
        await appendAuditInTx(tx, { actor: principal.principalId, action: 'exchange.webhook_redelivered', entityType: 'agency', entityId: principal.agencyCode, data: { queued: pending.length } });
        return { queued: pending.length };
      });
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
