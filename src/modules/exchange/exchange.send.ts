import { appendAuditInTx, type AuditEntryInput } from '../../platform/audit/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { publishManyInTx, recordFactsInTx, type NewFact } from '../../platform/events/index.ts';
import type { ExchangeSent, ExchangeStatus } from './exchange.facts.ts';
import { parseAgencyCodeLenient } from '../agencies/index.ts';
import { EdxmlError, parseEdxml, type DocumentPackage, type EdxmlPackage, type StatusPackage } from './edxml/index.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import * as repo from './exchange.repository.ts';
import * as statuses from './statuses.repository.ts';
import * as webhooks from './webhooks.repository.ts';
import type { ExchangeWarning, PackageRecord, SendResult, SignatureState } from './exchange.types.ts';
import type { ExchangeDeps, Principal } from './exchange.access.ts';
import { presentDeliveries, vnDay } from './exchange.access.ts';
import { pushEventsOf } from './exchange.webhooks.ts';

/** Agency ids as written, trimmed and upper case (`000.00.00.h49` is 000.00.00.H49). */
export const normaliseOrganId = (raw: string): string => parseAgencyCodeLenient(raw).code;

/**
 * The full QĐ 20 form of an agency id written in a short or unpadded form: `H49`,
 * `0.0.0.H49` and ` 000.00.00.h49` are all `000.00.00.H49`, `1.H49` is `000.00.01.H49`.
 * Unit groups are padded to their width (levels 2 and 3 two digits, level 4 and beyond
 * three, as agencies' groupWidth); an id that cannot be read that way is only trimmed and
 * upper-cased.
 */
export function fullOrganId(raw: string): string {
  const { code, parsed } = parseAgencyCodeLenient(raw);
  if (!parsed) return code;
  const groups = parsed.groups.map((group, i) => {
    if (i === 0) return group;
    const width = i + 1 <= 3 ? 2 : 3;
    const digits = group.replace(/^0+(?=\d)/, '');
    return digits.length <= width ? digits.padStart(width, '0') : group;
  });
  while (groups.length < 4) groups.push(groups.length <= 2 ? '00' : '000');
  return groups.reverse().join('.');
}

/**
 * The agency the hub takes an id of the package for, so that one agency is never two
 * senders or two recipients (duplicate detection, revocation and the sent list follow the
 * sender): its full form (fullOrganId), unless only the form as written is in the
 * directory (codes imported from the old axis, such as `28.22.H17`).
 */
async function decideOrganId(deps: ExchangeDeps, raw: string): Promise<string> {
  const written = normaliseOrganId(raw);
  const full = fullOrganId(raw);
  if (full === written || (await deps.agencyExists(full)) || !(await deps.agencyExists(written))) return full;
  return written;
}

/** Every agency id of the package that the hub decides on, each with the agency it is taken for. */
async function decideOrganIds(deps: ExchangeDeps, pkg: EdxmlPackage): Promise<ReadonlyMap<string, string>> {
  const raws = [pkg.from.organId];
  if (pkg.kind === 'status') raws.push(pkg.responseFor.organId ?? '');
  else {
    raws.push(...pkg.to.map((t) => t.organId), ...(pkg.bussiness?.bussinessDocumentInfo?.receivers ?? []).map((r) => r.organId));
    for (const info of pkg.bussiness?.replacementInfo ?? []) raws.push(...info.organIds);
  }
  const unique = [...new Set(raws)];
  const decided = await Promise.all(unique.map((raw) => decideOrganId(deps, raw)));
  return new Map(unique.map((raw, i) => [raw, decided[i] ?? fullOrganId(raw)]));
}

/** A package that passed every check before the database: parsed, authorised, stored. */
export interface PreparedSend {
  principal: Principal;
  pkg: EdxmlPackage;
  warnings: ExchangeWarning[];
  sender: string;
  recipients: string[];
  signatureState: SignatureState;
  stored: { sha256: string; size: number };
  documentId: string;
  dedupKey: string;
  /** The agency each id of the package is taken for (decideOrganIds). */
  organIds: ReadonlyMap<string, string>;
}

/** The agency an id of a prepared package is taken for. */
const organIdIn = (p: Pick<PreparedSend, 'organIds'>, raw: string | null): string => p.organIds.get(raw ?? '') ?? fullOrganId(raw ?? '');

/**
 * Accepts a package from an agency: parse, check sender and recipients, store the bytes,
 * record the package and fan it out, applying what its business type does to earlier
 * deliveries. A re-send of a package the hub has returns that package (`duplicate`).
 */
export async function sendPackage(deps: ExchangeDeps, principal: Principal, bytes: Buffer, alsoInTx?: AlsoInTx): Promise<SendResult> {
  return commitSend(deps, await prepareSend(deps, principal, bytes), alsoInTx);
}

/**
 * What a caller records with a new package in the package's own transaction (the clerk's
 * register entry, a reply's link): both are committed, or neither. Not called for a duplicate.
 */
export type AlsoInTx = (tx: Executor, record: PackageRecord, recipients: readonly string[]) => Promise<void>;

/** Everything before the transaction; throws the sender's mistakes (bad XML, unknown recipients, refused signature). */
export async function prepareSend(deps: ExchangeDeps, principal: Principal, bytes: Buffer): Promise<PreparedSend> {
  let parsed;
  try {
    // The hub keeps the bytes: the attachments' content is checked on them, not copied into text.
    parsed = await parseEdxml(bytes, { maxBytes: deps.maxPackageBytes, attachmentContent: 'skip' });
  } catch (error) {
    if (error instanceof EdxmlError) throw ExchangeErrors.edxmlInvalid(error);
    throw error;
  }
  const pkg = parsed.package;
  const organIds = await decideOrganIds(deps, pkg);
  const sender = organIdIn({ organIds }, pkg.from.organId);
  if (sender !== principal.agencyCode && !deps.agencies.isWithin(sender, principal.agencyCode)) {
    throw ExchangeErrors.senderMismatch(sender, principal.agencyCode);
  }
  const recipients = recipientsOf(pkg, organIds);
  if (recipients.length === 0) throw ExchangeErrors.noRecipients();
  const [, signatureState] = await Promise.all([
    assertKnownAgencies(deps, [...recipients, ...addedReceivers(pkg, organIds)]),
    deps.signatures.check({ bytes, pkg, sender, source: parsed.source }),
  ]);
  const refusedBy = await deps.signatures.refusing(recipients, signatureState);
  if (refusedBy.length > 0) throw ExchangeErrors.signatureRefused(signatureState, refusedBy);
  const stored = await deps.files.put(bytes, { maxBytes: deps.maxPackageBytes });
  const documentId = pkg.kind === 'document' ? pkg.documentId.raw : pkg.responseFor.documentId.raw;
  const dedupKey =
    pkg.kind === 'document'
      ? ['document', sender, documentId, pkg.bussiness?.bussinessDocType ?? 0, pkg.bussiness?.bussinessDocType === 2 ? stored.sha256 : ''].join('|')
      : ['status', sender, documentId, pkg.statusCode, stored.sha256].join('|');
  return { principal, pkg, warnings: [...parsed.warnings], sender, recipients, signatureState, stored, documentId, dedupKey, organIds };
}

/** A new document (no revocation, update or replacement): what most traffic is, and what can be recorded in batches. */
export function isPlainDocument(p: PreparedSend): boolean {
  return p.pkg.kind === 'document' && (p.pkg.bussiness?.bussinessDocType ?? 0) === 0;
}

/** The package row of a prepared send. */
export function newPackageOf(p: PreparedSend, warnings: ExchangeWarning[]): repo.NewPackage {
  const { pkg } = p;
  return {
    kind: pkg.kind,
    senderAgency: p.sender,
    documentId: p.documentId,
    businessType: pkg.kind === 'document' ? (pkg.bussiness?.bussinessDocType ?? 0) : null,
    statusCode: pkg.kind === 'status' ? pkg.statusCode : null,
    dedupKey: p.dedupKey,
    contentSha256: p.stored.sha256,
    sizeBytes: p.stored.size,
    subject: pkg.kind === 'document' ? pkg.subject : pkg.description,
    priority: pkg.kind === 'document' ? (pkg.otherInfo?.priority ?? null) : null,
    dueDate: pkg.kind === 'document' ? (pkg.dueDate?.iso ?? null) : null,
    warnings,
    signatureState: p.signatureState,
    sentBy: p.principal.principalId,
  };
}

/** The exchange.sent fact of a recorded package. */
export function sentFactOf(p: PreparedSend, record: PackageRecord): NewFact<ExchangeSent> {
  return {
    type: 'exchange.sent',
    payload: { packageId: record.id, kind: record.kind, sender: p.sender, recipients: p.recipients, businessType: record.businessType, statusCode: record.statusCode, day: vnDay(record.receivedAt) },
  };
}

/** The audit entry of a recorded package. */
export function sentAuditOf(p: PreparedSend, record: PackageRecord, effects: Record<string, unknown>): AuditEntryInput {
  return {
    actor: p.principal.principalId,
    action: p.pkg.kind === 'document' ? 'exchange.document_sent' : 'exchange.status_sent',
    entityType: 'exchange_package',
    entityId: record.id,
    data: { sender: p.sender, documentId: p.documentId, businessType: record.businessType, statusCode: record.statusCode, recipients: p.recipients, sha256: p.stored.sha256, signature: p.signatureState, ...effects },
  };
}

/** Records one prepared package in its own transaction, with its business type's effects. */
export async function commitSend(deps: ExchangeDeps, p: PreparedSend, alsoInTx?: AlsoInTx): Promise<SendResult> {
  const { pkg, sender, documentId } = p;
  return deps.db.transaction().execute(async (tx) => {
    const warnings: ExchangeWarning[] = [...p.warnings];
    const placement = pkg.kind === 'status' ? await placeStatus(tx, pkg, sender, organIdIn(p, pkg.responseFor.organId)) : null;
    if (placement && !placement.found) warnings.push(originalNotFound('MessageHeader/ResponseFor/DocumentId', documentId));
    if (pkg.kind === 'document' && (pkg.bussiness?.bussinessDocType === 1 || pkg.bussiness?.bussinessDocType === 2)) {
      if (!(await repo.findOriginalDocument(tx, sender, documentId))) warnings.push(originalNotFound('MessageHeader/DocumentId', documentId));
    }
    const record = await repo.insertPackageInTx(tx, newPackageOf(p, warnings));
    // Sent before (a retry), or a concurrent send of the same package committed first: answer with that one.
    if (!record) return duplicateByKey(tx, p);
    const effects = pkg.kind === 'document' ? await applyBusiness(tx, record, pkg, (raw) => organIdIn(p, raw)) : {};
    if (pkg.kind === 'status' && placement) {
      await statuses.insertStatusInTx(tx, {
        packageId: record.id,
        documentSender: placement.documentSender,
        documentId,
        recipientAgency: placement.recipient,
        reporterAgency: sender,
        statusCode: pkg.statusCode,
        description: pkg.description,
        staff: pkg.staffInfo,
        reportedAt: pkg.timestamp?.iso ? new Date(pkg.timestamp.iso) : null,
      });
    }
    const deliveries = await repo.insertNewDeliveriesInTx(tx, { packageId: record.id, sender, recipients: p.recipients });
    const hooked = await webhooks.hookedAgencies(tx, p.recipients);
    // The webhook pushes are commands (one handler each); the facts go to the log.
    await publishManyInTx(tx, pushEventsOf(deliveries, hooked));
    const facts: NewFact<ExchangeSent | ExchangeStatus>[] = [sentFactOf(p, record)];
    if (pkg.kind === 'status' && placement) {
      facts.push({
        type: 'exchange.status',
        payload: { packageId: record.id, documentId, documentSender: placement.documentSender, recipient: placement.recipient, statusCode: pkg.statusCode, day: vnDay(record.receivedAt) },
      });
    }
    await recordFactsInTx(tx, facts);
    if (alsoInTx) await alsoInTx(tx, record, p.recipients);
    // Last: the audit chain's lock is held from here to commit.
    await appendAuditInTx(tx, sentAuditOf(p, record, effects));
    return { package: record, duplicate: false, deliveries: presentDeliveries(deliveries) };
  });
}

/** The package already recorded under this send's dedup key: a duplicate, or a DocumentId reused for other bytes. */
export async function duplicateByKey(tx: Executor, p: PreparedSend): Promise<SendResult> {
  const winner = await repo.findPackageByDedupKey(tx, p.dedupKey);
  if (!winner) throw new Error('exchange: package vanished after a dedup conflict');
  return duplicateOf(tx, winner, p.stored.sha256);
}

/** Recipients of the package itself: the To list of a document, the addressee of a status. Sorted, without repeats. */
function recipientsOf(pkg: EdxmlPackage, organIds: PreparedSend['organIds']): string[] {
  const ids = pkg.kind === 'document' ? pkg.to.map((t) => t.organId) : [pkg.responseFor.organId ?? ''];
  return [...new Set(ids.map((id) => organIdIn({ organIds }, id)).filter((id) => id !== ''))].sort();
}

function addedReceivers(pkg: EdxmlPackage, organIds: PreparedSend['organIds']): string[] {
  if (pkg.kind !== 'document' || pkg.bussiness?.bussinessDocType !== 2) return [];
  return (pkg.bussiness.bussinessDocumentInfo?.receivers ?? []).filter((r) => r.receiverType === 1).map((r) => organIdIn({ organIds }, r.organId));
}

async function assertKnownAgencies(deps: ExchangeDeps, codes: string[]): Promise<void> {
  const unique = [...new Set(codes)];
  const found = await Promise.all(unique.map((code) => deps.agencyExists(code)));
  const unknown = unique.filter((_code, i) => !found[i]);
  if (unknown.length > 0) throw ExchangeErrors.unknownRecipients(unknown);
}

async function duplicateOf(tx: Executor, existing: PackageRecord, sha256: string): Promise<SendResult> {
  if (existing.contentSha256 !== sha256) throw ExchangeErrors.documentIdReused(existing.id);
  const deliveries = await repo.listDeliveriesOfPackages(tx, [existing.id]);
  return { package: existing, duplicate: true, deliveries: presentDeliveries(deliveries) };
}

function originalNotFound(element: string, documentId: string): ExchangeWarning {
  return { code: 'original_not_found', element, message: `The hub has no earlier package of document ${documentId} from this sender` };
}

/**
 * What revocation, update and replacement do to earlier deliveries (QCVN 102:2016
 * BussinessDocType). The package itself is then delivered to its To list like any other.
 */
async function applyBusiness(tx: Executor, record: PackageRecord, pkg: DocumentPackage, organId: (raw: string) => string): Promise<Record<string, unknown>> {
  const bussiness = pkg.bussiness;
  const sender = record.senderAgency;
  switch (bussiness?.bussinessDocType ?? 0) {
    case 1: {
      const revoked = await repo.withdrawDeliveriesInTx(tx, { sender, documentId: record.documentId, byPackageId: record.id, reason: 'revoked', recipients: null });
      return { revoked };
    }
    case 2: {
      const receivers = bussiness?.bussinessDocumentInfo?.receivers ?? [];
      const removedIds = receivers.filter((r) => r.receiverType === 0).map((r) => organId(r.organId));
      const addedIds = receivers.filter((r) => r.receiverType === 1).map((r) => organId(r.organId));
      const removed =
        removedIds.length > 0
          ? await repo.withdrawDeliveriesInTx(tx, { sender, documentId: record.documentId, byPackageId: record.id, reason: 'removed', recipients: removedIds })
          : [];
      const original = await repo.findOriginalDocument(tx, sender, record.documentId, record.id);
      const added: string[] = [];
      if (original) {
        for (const recipient of [...new Set(addedIds)].sort()) {
          const restored = await repo.restoreRemovedDeliveryInTx(tx, original.id, recipient);
          const created = restored ? undefined : await repo.insertDeliveryInTx(tx, { packageId: original.id, sender, recipient });
          if (restored || created) added.push(recipient);
        }
      }
      return { added, removed };
    }
    case 3: {
      const replaced: Record<string, string[]> = {};
      for (const info of bussiness?.replacementInfo ?? []) {
        const organIds = info.organIds.map(organId);
        replaced[info.documentId.raw] = await repo.withdrawDeliveriesInTx(tx, {
          sender,
          documentId: info.documentId.raw,
          byPackageId: record.id,
          reason: 'replaced',
          recipients: organIds.length > 0 ? organIds : null,
        });
      }
      return { replaced };
    }
    default:
      return {};
  }
}

/**
 * Which document, and which recipient of it, a status is about. A status usually comes
 * from a recipient and goes to the document's sender; the sender's own requests (13) go
 * the other way. The stored original decides; without one, the reporter is taken as the
 * recipient.
 */
async function placeStatus(tx: Executor, pkg: StatusPackage, reporter: string, addressee: string): Promise<{ documentSender: string; recipient: string; found: boolean }> {
  const original = await repo.findDocumentBySenders(tx, pkg.responseFor.documentId.raw, [addressee, reporter]);
  if (original?.senderAgency === reporter && reporter !== addressee) return { documentSender: reporter, recipient: addressee, found: true };
  return { documentSender: addressee, recipient: reporter, found: original !== undefined };
}
