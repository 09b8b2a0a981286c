import type { AgenciesApi } from '../agencies/index.ts';
import { buildEdxml, parseEdxml, type DocumentPackage, type EdxmlDate, type Organization, type Priority, type StatusCode, type StatusPackage } from './edxml/index.ts';
import { resolvePrincipal, type ExchangeDeps, type Principal } from './exchange.access.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import * as repo from './exchange.repository.ts';
import * as statuses from './statuses.repository.ts';
import { sendPackage } from './exchange.send.ts';
import type { ExchangeService } from './exchange.service.ts';
import type { ExchangeCaller, PackageRecord, SendResult } from './exchange.types.ts';
import { registerPackageInTx, registeredDocumentOf } from './exchange.registers.ts';
import * as registers from './registers.repository.ts';

/** The statuses a recipient's clerk reports from the UI (QCVN 102:2016). */
export const CLERK_STATUS_CODES = ['03', '02', '04', '05', '06'] as const satisfies readonly StatusCode[];
export type ClerkStatusCode = (typeof CLERK_STATUS_CODES)[number];

export interface ComposeInput {
  subject: string;
  codeNumber: string;
  codeNotation: string;
  recipients: string[];
  priority: Priority;
  /** yyyy-MM-dd */
  dueDate: string | null;
  content: string;
  attachments: { name: string; contentType: string; bytes: Buffer }[];
  /** A reply: the package id of the received document it answers (ResponseFor). */
  responseTo?: string | undefined;
}

export interface HistoryEntry {
  recipient: string;
  reporter: string;
  statusCode: string;
  description: string | null;
  reportedAt: Date | null;
  recordedAt: Date;
}

/** edXML timestamps are Vietnamese local time without a zone: `yyyy/MM/dd HH:mm:ss`. */
function edxmlNow(now = new Date()): { date: EdxmlDate; timestamp: EdxmlDate } {
  const local = new Date(now.getTime() + 7 * 3600_000).toISOString();
  const day = local.slice(0, 10);
  const time = local.slice(11, 19);
  return {
    date: { raw: day.replaceAll('-', '/'), iso: day },
    timestamp: { raw: `${day.replaceAll('-', '/')} ${time}`, iso: `${day}T${time}+07:00` },
  };
}

async function organization(agencies: Pick<AgenciesApi, 'findAgency'>, code: string): Promise<Organization> {
  const agency = await agencies.findAgency(code);
  const name = agency?.name ?? code;
  return { organId: code, organName: name, organizationInCharge: name, organAdd: null, email: null, telephone: null, fax: null, website: null };
}

/**
 * The clerk's (văn thư) use cases in the UI, built on the same path as the integration API:
 * what a clerk does becomes an edXML package sent by the hub on the agency's behalf.
 */
export function createClerkService(deps: ExchangeDeps & { directory: Pick<AgenciesApi, 'findAgency'> }, exchange: Pick<ExchangeService, 'acknowledge' | 'readModel'>) {
  /** A received document the clerk's agency may answer or forward, with its model. */
  async function receivedDocument(caller: ExchangeCaller, agencyCode: string, packageId: string): Promise<{ package: PackageRecord; model: DocumentPackage }> {
    const view = await exchange.readModel(caller, packageId);
    if (view.model.kind !== 'document' || !view.deliveries.some((d) => d.recipient === agencyCode)) throw ExchangeErrors.packageNotFound(packageId);
    return { package: view.package, model: view.model };
  }

  /** Sends what the clerk built, writes it in the outgoing register, and links a reply to its original. */
  async function sendAndRegister(principal: Principal, pkg: DocumentPackage, original?: PackageRecord): Promise<SendResult> {
    // Numbered and linked in the send's own transaction: never sent without its number.
    return sendPackage(deps, principal, buildEdxml(pkg), async (tx, record, recipients) => {
      await registerPackageInTx(tx, principal, 'out', record, registeredDocumentOf(pkg), [...recipients]);
      if (original) await registers.linkResponseInTx(tx, record.id, original.senderAgency, original.documentId);
    });
  }

  return {
    /** Composes a new document and sends it from the clerk's agency. */
    async compose(caller: ExchangeCaller, input: ComposeInput): Promise<SendResult> {
      const principal = resolvePrincipal(caller);
      const subject = input.subject.trim();
      const number = input.codeNumber.trim();
      const notation = input.codeNotation.trim();
      if (subject === '' || subject.length > 1000) throw ExchangeErrors.subjectInvalid();
      if (!/^[0-9A-Za-z]{1,20}$/.test(number)) throw ExchangeErrors.codeNumberInvalid();
      if (notation === '' || notation.length > 100 || notation.includes(',')) throw ExchangeErrors.codeNotationInvalid();
      const recipients = [...new Set(input.recipients.map((r) => r.trim()).filter((r) => r !== ''))];
      if (recipients.length === 0) throw ExchangeErrors.noRecipients('recipients');
      if (input.dueDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) throw ExchangeErrors.dueDateInvalid();
      const answered = input.responseTo ? await receivedDocument(caller, principal.agencyCode, input.responseTo) : undefined;
      const { date, timestamp } = edxmlNow();
      const from = await organization(deps.directory, principal.agencyCode);
      const codeNumberNotation = `${number}/${notation}`;
      const pkg: DocumentPackage = {
        kind: 'document',
        from,
        to: await Promise.all(recipients.map((r) => organization(deps.directory, r))),
        documentId: { raw: `${principal.agencyCode},${date.raw},${codeNumberNotation}`, issuerOrganId: principal.agencyCode, date, codeNumberNotation },
        code: { codeNumber: number, codeNotation: notation },
        promulgationInfo: { place: null, promulgationDate: date },
        documentType: { type: '1', typeDetail: null, typeName: 'Công văn' },
        subject,
        content: input.content.trim() === '' ? null : input.content.trim(),
        signerInfo: null,
        dueDate: input.dueDate === null ? null : { raw: input.dueDate.replaceAll('-', '/'), iso: input.dueDate },
        otherInfo: { priority: input.priority, sphereOfPromulgation: null, typerNotation: null, promulgationAmount: null, pageAmount: null, direction: null, appendixes: [] },
        responseFor: answered
          ? [
              {
                organId: answered.package.senderAgency,
                code: answered.model.documentId.codeNumberNotation,
                promulgationDate: answered.model.promulgationInfo?.promulgationDate ?? answered.model.documentId.date,
                documentId: answered.model.documentId,
              },
            ]
          : [],
        steeringType: null,
        toPlaces: [],
        traceHeaders: [{ organId: principal.agencyCode, timestamp }],
        bussiness: null,
        signature: null,
        manifest: input.attachments.length === 0 ? null : {
          version: '1.0',
          references: input.attachments.map((a, i) => ({ contentId: `cid:${i + 1}`, contentType: a.contentType, description: a.name, attachmentName: a.name })),
        },
        attachments: input.attachments.map((a, i) => ({
          contentId: `cid:${i + 1}`,
          attachmentName: a.name,
          description: a.name,
          contentType: a.contentType,
          encoding: 'base64',
          content: a.bytes.toString('base64'),
        })),
      };
      return sendAndRegister(principal, pkg, answered?.package);
    },

    /**
     * Forwards a received document as it is (subject, number, attachments, its DocumentId) to
     * other agencies: the agency becomes the sender of this hop and adds its trace entry.
     */
    async forward(caller: ExchangeCaller, packageId: string, recipientCodes: string[]): Promise<SendResult> {
      const principal = resolvePrincipal(caller);
      const recipients = [...new Set(recipientCodes.map((r) => r.trim()).filter((r) => r !== ''))];
      if (recipients.length === 0) throw ExchangeErrors.noRecipients('recipients');
      if (recipients.includes(principal.agencyCode)) throw ExchangeErrors.forwardToSelf();
      const { model } = await receivedDocument(caller, principal.agencyCode, packageId);
      const { timestamp } = edxmlNow();
      const pkg: DocumentPackage = {
        ...model,
        from: await organization(deps.directory, principal.agencyCode),
        to: await Promise.all(recipients.map((r) => organization(deps.directory, r))),
        traceHeaders: [...model.traceHeaders, { organId: principal.agencyCode, timestamp }],
        // The issuer's signature covered the package as it was sent; this hop is the forwarder's.
        signature: null,
      };
      const result = await sendAndRegister(principal, pkg);
      return result;
    },

    /** A recipient's clerk reports what became of a document; the delivery counts as received. */
    async reportStatus(caller: ExchangeCaller, packageId: string, input: { code: ClerkStatusCode; description: string; staff: string }): Promise<SendResult & { registered: registers.RegisterEntry | undefined }> {
      const principal = resolvePrincipal(caller);
      const original = await repo.findPackage(deps.db, packageId);
      const delivery = original ? (await repo.listDeliveriesOfPackages(deps.db, [packageId])).find((d) => d.recipientAgency === principal.agencyCode) : undefined;
      if (!original || original.kind !== 'document' || !delivery) throw ExchangeErrors.packageNotFound(packageId);
      const model = (await parseEdxml(await deps.files.read(original.contentSha256), { maxBytes: Number.MAX_SAFE_INTEGER })).package as DocumentPackage;
      const { timestamp } = edxmlNow();
      const status: StatusPackage = {
        kind: 'status',
        from: await organization(deps.directory, principal.agencyCode),
        responseFor: {
          organId: original.senderAgency,
          code: model.documentId.codeNumberNotation,
          promulgationDate: model.promulgationInfo?.promulgationDate ?? model.documentId.date,
          documentId: model.documentId,
        },
        staffInfo: { department: null, staff: input.staff, mobile: null, email: null },
        statusCode: input.code,
        description: input.description.trim() === '' ? null : input.description.trim(),
        timestamp,
        traceHeaders: [{ organId: principal.agencyCode, timestamp }],
        signature: null,
      };
      // Accepted (tiếp nhận, 03): the document enters the incoming register in the same
      // transaction as the status that tells the sender so.
      let entry: registers.RegisterEntry | undefined;
      const result = await sendPackage(deps, principal, buildEdxml(status), async (tx) => {
        if (input.code === '03') entry = await registerPackageInTx(tx, principal, 'in', original, registeredDocumentOf(model), [original.senderAgency]);
      });
      // A status sent before (the same bytes again) was numbered then: read that entry.
      if (input.code === '03' && !entry) entry = await registers.findEntryOfPackage(deps.db, principal.agencyCode, 'in', original.id);
      // The clerk has the document in hand: the delivery is done (audited like a system's ack).
      if (delivery.state !== 'acknowledged' || delivery.ackResult === 'processing') await exchange.acknowledge(caller, packageId, 'done');
      return { ...result, registered: entry };
    },

    /** The status history of a package's document: every recipient's for the sender, one's own for a recipient. */
    async history(caller: ExchangeCaller, pkg: PackageRecord): Promise<HistoryEntry[]> {
      const principal = resolvePrincipal(caller);
      const entries = await statuses.listStatusHistory(deps.db, pkg.senderAgency, [pkg.documentId]);
      const isSender = pkg.senderAgency === principal.agencyCode || deps.agencies.isWithin(pkg.senderAgency, principal.agencyCode);
      return entries
        .filter((e) => isSender || e.recipientAgency === principal.agencyCode)
        .map((e) => ({ recipient: e.recipientAgency, reporter: e.reporterAgency, statusCode: e.statusCode, description: e.description, reportedAt: e.reportedAt, recordedAt: e.recordedAt }));
    },
  };
}

export type ClerkService = ReturnType<typeof createClerkService>;
