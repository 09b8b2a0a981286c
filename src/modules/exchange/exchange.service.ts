import type { Readable } from 'node:stream';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { recordFactsInTx, type NewFact } from '../../platform/events/index.ts';
import type { ExchangeDelivered } from './exchange.facts.ts';
import type { Agency } from '../agencies/index.ts';
import { parseEdxml, type EdxmlPackage } from './edxml/index.ts';
import { presentDeliveries, resolveAdminPrincipal, resolvePrincipal, vnDay, type ExchangeDeps, type Principal } from './exchange.access.ts';
import { acknowledgeMany, type AckOutcome, type AckRequest } from './exchange.ack.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import * as repo from './exchange.repository.ts';
import * as statuses from './statuses.repository.ts';
import { countInbox } from './vxp.repository.ts';
import { createBatchedSender } from './exchange.send-batch.ts';
import { normaliseOrganId } from './exchange.send.ts';
import type { AckResult, DeliveryView, ExchangeCaller, PackageRecord, SendResult } from './exchange.types.ts';

export const INBOX_PAGE_MAX = 200;
export const SENT_PAGE_MAX = 100;

export interface InboxItem {
  deliveryId: number;
  package: PackageRecord;
  delivery: DeliveryView;
}

export interface SentItem {
  package: PackageRecord;
  deliveries: (DeliveryView & { statuses: StatusView[] })[];
}

export interface StatusView {
  statusCode: string;
  reporter: string;
  description: string | null;
  reportedAt: Date | null;
  recordedAt: Date;
  packageId: string;
}

export interface ExchangeService {
  send(caller: ExchangeCaller, bytes: Buffer): Promise<SendResult>;
  /** How many deliveries wait for the agency (not yet acknowledged): what `inbox` would list, counted. */
  inboxCount(caller: ExchangeCaller, query: { agency?: string | undefined }): Promise<number>;
  /** Deliveries waiting for the agency (not yet acknowledged), oldest first; `nextAfter` is the cursor. */
  inbox(caller: ExchangeCaller, query: { agency?: string | undefined; after?: number | undefined; limit?: number | undefined }): Promise<{ items: InboxItem[]; nextAfter: number | null }>;
  /** A package the agency sent or receives. A recipient's first read marks its delivery delivered. */
  getPackage(caller: ExchangeCaller, id: string): Promise<{ package: PackageRecord; deliveries: DeliveryView[] }>;
  /** The original bytes, unchanged (same access rule as getPackage). */
  openOriginal(caller: ExchangeCaller, id: string): Promise<{ package: PackageRecord; stream: Readable }>;
  /** The parsed model of the stored bytes. */
  readModel(caller: ExchangeCaller, id: string): Promise<{ package: PackageRecord; model: EdxmlPackage; deliveries: DeliveryView[] }>;
  /**
   * The newest document package with this edXML DocumentId (e.g. `000.00.00.G15,2026/03/02,12/TTr-BTP`,
   * not the package id) that the caller's agency sent or receives, with its parsed model; same
   * access rule as getPackage (a recipient's read marks its delivery delivered).
   */
  findByDocumentId(caller: ExchangeCaller, documentId: string): Promise<{ package: PackageRecord; model: EdxmlPackage; deliveries: DeliveryView[] }>;
  acknowledge(caller: ExchangeCaller, id: string, result: AckResult): Promise<DeliveryView>;
  /** Several answers at once (at most ACK_BATCH_MAX), each succeeding or failing on its own. */
  acknowledgeMany(caller: ExchangeCaller, acks: AckRequest[]): Promise<AckOutcome[]>;
  sent(caller: ExchangeCaller, query: { agency?: string | undefined; offset?: number | undefined; limit?: number | undefined }): Promise<{ items: SentItem[] }>;
  /** Registers a signing certificate (or public key, PEM) of the calling agency. */
  registerCertificate(caller: ExchangeCaller, pem: string): Promise<{ id: number; agencyCode: string; fingerprint: string; notAfter: Date | null; created: boolean }>;
  /** Whether the calling agency refuses unsigned, or signed but unverifiable, packages addressed to it. */
  setSignaturePolicy(caller: ExchangeCaller, input: { refuseUnsigned: boolean; refuseInvalid: boolean }): Promise<{ agencyCode: string; refuseUnsigned: boolean; refuseInvalid: boolean }>;
  agencies(caller: ExchangeCaller, query: { q?: string | undefined; parent?: string | undefined; after?: string | undefined; limit?: number | undefined }): Promise<{ items: Agency[]; nextAfter: string | null }>;
}

export function createExchangeService(deps: ExchangeDeps): ExchangeService {
  const send = createBatchedSender(deps);
  /** The agency acted for: the caller's, or one of its units when asked for. */
  function scopedAgency(principal: Principal, agency: string | undefined): string {
    if (agency === undefined) return principal.agencyCode;
    const code = normaliseOrganId(agency);
    if (code !== principal.agencyCode && !deps.agencies.isWithin(code, principal.agencyCode)) throw ExchangeErrors.agencyOutOfScope(code);
    return code;
  }

  const within = (principal: Principal, code: string) => code === principal.agencyCode || deps.agencies.isWithin(code, principal.agencyCode);

  /** Loads a package the principal may read, and marks its deliveries to the principal's agency delivered. */
  async function access(principal: Principal, id: string): Promise<{ package: PackageRecord; deliveries: DeliveryView[] }> {
    const pkg = await repo.findPackage(deps.db, id);
    if (!pkg) throw ExchangeErrors.packageNotFound(id);
    const deliveries = await repo.listDeliveriesOfPackages(deps.db, [id]);
    const mine = deliveries.filter((d) => within(principal, d.recipientAgency));
    const isSender = within(principal, pkg.senderAgency);
    // Same answer as for a package that does not exist: ids of other agencies' mail are not confirmed.
    if (!isSender && mine.length === 0) throw ExchangeErrors.packageNotFound(id);
    const pending = mine.filter((d) => d.state === 'pending');
    if (pending.length > 0) {
      await deps.db.transaction().execute(async (tx) => {
        for (const delivery of pending) {
          if (!(await repo.markDeliveredInTx(tx, delivery.id))) continue;
          const fact: NewFact<ExchangeDelivered> = {
            type: 'exchange.delivered',
            payload: { packageId: id, sender: pkg.senderAgency, recipient: delivery.recipientAgency, day: vnDay() },
          };
          await recordFactsInTx(tx, [fact]);
          await appendAuditInTx(tx, {
            actor: principal.principalId,
            action: 'exchange.delivered',
            entityType: 'exchange_package',
            entityId: id,
            data: { recipient: delivery.recipientAgency },
          });
        }
      });
    }
    // Recipients see only their own delivery; the sender sees every one.
    const visible = isSender ? await repo.listDeliveriesOfPackages(deps.db, [id]) : await repo.listDeliveriesOfPackages(deps.db, [id]).then((all) => all.filter((d) => within(principal, d.recipientAgency)));
    return { package: pkg, deliveries: presentDeliveries(visible) };
  }

  return {
    // async: an authorisation failure is a rejected promise, never a synchronous throw.
    send: async (caller, bytes) => send(resolvePrincipal(caller), bytes),

    async inbox(caller, query) {
      const principal = resolvePrincipal(caller);
      const agency = scopedAgency(principal, query.agency);
      const limit = Math.min(Math.max(query.limit ?? 50, 1), INBOX_PAGE_MAX);
      const rows = await repo.listInbox(deps.db, agency, { after: query.after ?? null, limit });
      const items = rows.map((r) => ({ deliveryId: r.delivery.id, package: r.package, delivery: presentDeliveries([r.delivery])[0] as DeliveryView }));
      return { items, nextAfter: rows.length === limit ? (rows.at(-1)?.delivery.id ?? null) : null };
    },

    inboxCount: async (caller, query) => countInbox(deps.db, scopedAgency(resolvePrincipal(caller), query.agency)),

    getPackage: async (caller, id) => access(resolvePrincipal(caller), id),

    async openOriginal(caller, id) {
      const { package: pkg } = await access(resolvePrincipal(caller), id);
      return { package: pkg, stream: deps.files.open(pkg.contentSha256) };
    },

    async readModel(caller, id) {
      const { package: pkg, deliveries } = await access(resolvePrincipal(caller), id);
      const bytes = await deps.files.read(pkg.contentSha256);
      // The stored bytes were accepted once; the size limit is not re-applied to them.
      const model = (await parseEdxml(bytes, { maxBytes: Number.MAX_SAFE_INTEGER })).package;
      return { package: pkg, model, deliveries };
    },

    async findByDocumentId(caller, documentId) {
      const principal = resolvePrincipal(caller);
      const wanted = documentId.trim();
      if (wanted === '' || wanted.length > 500) throw ExchangeErrors.packageNotFound(wanted.slice(0, 100));
      for (const candidate of await repo.listDocumentsByDocumentId(deps.db, wanted)) {
        const visible = within(principal, candidate.senderAgency) || (await repo.listDeliveriesOfPackages(deps.db, [candidate.id])).some((d) => within(principal, d.recipientAgency));
        if (!visible) continue;
        const { package: pkg, deliveries } = await access(principal, candidate.id);
        const model = (await parseEdxml(await deps.files.read(pkg.contentSha256), { maxBytes: Number.MAX_SAFE_INTEGER })).package;
        return { package: pkg, model, deliveries };
      }
      // Same answer whether no such document exists or it is other agencies' mail.
      throw ExchangeErrors.packageNotFound(wanted);
    },

    async acknowledge(caller, id, result) {
      const [outcome] = await acknowledgeMany(deps, resolvePrincipal(caller), [{ id, result }]);
      if (!outcome) throw new Error('exchange: no outcome for the acknowledgement');
      if (!outcome.ok) throw outcome.error;
      return outcome.delivery;
    },

    acknowledgeMany: async (caller, acks) => acknowledgeMany(deps, resolvePrincipal(caller), acks),

    async sent(caller, query) {
      const principal = resolvePrincipal(caller);
      const agency = scopedAgency(principal, query.agency);
      const limit = Math.min(Math.max(query.limit ?? 20, 1), SENT_PAGE_MAX);
      const packages = await repo.listSentPackages(deps.db, agency, { offset: Math.max(query.offset ?? 0, 0), limit });
      const deliveries = await repo.listDeliveriesOfPackages(deps.db, packages.map((p) => p.id));
      const history = await statuses.listStatusHistory(deps.db, agency, [...new Set(packages.map((p) => p.documentId))]);
      const items = packages.map((p) => ({
        package: p,
        deliveries: presentDeliveries(deliveries.filter((d) => d.packageId === p.id)).map((d) => ({
          ...d,
          statuses:
            p.kind === 'document'
              ? history
                  .filter((h) => h.documentId === p.documentId && h.recipientAgency === d.recipient)
                  .map((h) => ({ statusCode: h.statusCode, reporter: h.reporterAgency, description: h.description, reportedAt: h.reportedAt, recordedAt: h.recordedAt, packageId: h.packageId }))
              : [],
        })),
      }));
      return { items };
    },

    registerCertificate: async (caller, pem) => deps.signatures.registerCertificate(resolveAdminPrincipal(caller), { pem }),
    setSignaturePolicy: async (caller, input) => deps.signatures.setPolicy(resolveAdminPrincipal(caller), input),

    async agencies(caller, query) {
      resolvePrincipal(caller);
      return deps.agencies.searchAgencies({ q: query.q, parent: query.parent, after: query.after, limit: query.limit });
    },
  };
}
