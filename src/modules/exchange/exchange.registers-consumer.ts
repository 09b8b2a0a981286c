import type { Tx } from '../../platform/db/index.ts';
import type { Fact, FactConsumer } from '../../platform/events/index.ts';
import type { ExchangeSent, ExchangeStatus } from './exchange.facts.ts';
import { registerPackageInTx, registeredDocumentOfRecord } from './exchange.registers.ts';
import * as repo from './exchange.repository.ts';

/** Business types that bring a document of their own (new, replacement); revocations and updates do not. */
const REGISTERED_BUSINESS_TYPES = new Set([0, 3]);

/**
 * The registers (sổ văn bản đi / đến) of documents that agencies' own systems send and accept
 * through the integration API or the VXP transport, not through the clerk's pages: an
 * outgoing number for every new document sent, an incoming number when the recipient reports
 * it accepted (status 03). The clerk's pages number in the send's own transaction; for those
 * the entry exists already and keeps its number (registering is idempotent), so every
 * document gets exactly one number per agency and direction, whichever path it took.
 * Off the send's hot path on purpose: a register is per agency and year, one row lock, and
 * batch sends would queue on it. Numbers are given in the log's order, in the year (UTC+7)
 * of the package's arrival. Register entries are records, not a read model: a replay does not
 * clear them (no `reset`), it finds every entry present and changes nothing.
 */
export const registersConsumer: FactConsumer = {
  name: 'exchange.registers',
  facts: ['exchange.sent', 'exchange.status'],
  startFrom: 'beginning',
  async handle(fact: Fact, tx: Tx): Promise<void> {
    if (fact.type === 'exchange.sent') {
      const sent = fact.payload as ExchangeSent;
      if (sent.kind !== 'document' || !REGISTERED_BUSINESS_TYPES.has(sent.businessType ?? 0)) return;
      const record = await repo.findPackage(tx, sent.packageId);
      if (!record) return;
      await registerPackageInTx(tx, { agencyCode: sent.sender, principalId: record.sentBy }, 'out', record, registeredDocumentOfRecord(record), sent.recipients, record.receivedAt);
      return;
    }
    const status = fact.payload as ExchangeStatus;
    if (status.statusCode !== '03') return;
    const statusPackage = await repo.findPackage(tx, status.packageId);
    const original = await repo.findOriginalDocument(tx, status.documentSender, status.documentId);
    // A status about a document the hub never carried (the warning original_not_found) has nothing to register.
    if (!statusPackage || !original) return;
    await registerPackageInTx(
      tx,
      { agencyCode: status.recipient, principalId: statusPackage.sentBy },
      'in',
      original,
      registeredDocumentOfRecord(original),
      [original.senderAgency],
      statusPackage.receivedAt,
    );
  },
};
