import { Type, type Static, type TSchema } from 'typebox';
import { toErrorResponse } from '../../platform/http/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { Agency } from '../agencies/index.ts';
import { STATUS_CODES, type StatusCode } from './edxml/index.ts';
import { exchangeMessages } from './exchange.messages.ts';
import type { InboxItem, SentItem } from './exchange.service.ts';
import type { DeliveryView } from './exchange.types.ts';

/**
 * The answers of the VXP transport, in the shapes the Government Office's SDK reads (issue
 * #20): every answer, success or failure, carries `status` (OK / FAIL), `ErrorCode` and
 * `ErrorDesc` — the SDK throws on one without them. Field names are the SDK's, spelling
 * included (`created_time` beside `receivedTime`). The schemas feed OpenAPI and fix the
 * fields: Fastify writes exactly these.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const OK = { status: 'OK', ErrorCode: '0', ErrorDesc: '' } as const;

const Envelope = {
  status: Type.Union([Type.Literal('OK'), Type.Literal('FAIL')]),
  ErrorCode: Type.String({ description: '"0" on success; else a stable egov code, `<module>.<name>` (exchange.vxp_signature_invalid …)' }),
  ErrorDesc: Type.String({ description: 'For people; may change' }),
};

export const VxpFail = Type.Object(
  { ...Envelope, details: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
  { description: 'A refusal: status FAIL, with the code (see docs/integration.md, the VXP transport)' },
);
export type VxpFail = Static<typeof VxpFail>;

const Time = Type.String({ description: 'ISO 8601 in Vietnam time, e.g. 2026-12-05T12:57:41.020+07:00' });
const Warning = Type.Object({ code: Type.String(), element: Nullable(Type.String()), message: Type.String() });

export const SendEdocAnswer = Type.Object({
  ...Envelope,
  DocId: Type.String({ description: 'The id of the package on the axis: getEdoc, updateStatus and the lists name it' }),
  duplicate: Type.Boolean({ description: 'True when the axis already had this package: nothing was delivered again' }),
  warnings: Type.Array(Warning, { description: 'Flaws of the package accepted all the same (edXML warnings)' }),
});

export const ReceivedEdoc = Type.Object({
  docId: Type.String(),
  serviceType: Type.String(),
  messageType: Type.String({ description: 'edoc or status' }),
  created_time: Time,
  updated_time: Time,
  from: Type.String({ description: 'QĐ 20 code of the sender' }),
  to: Type.String({ description: 'QĐ 20 code of the recipient (the caller or one of its units)' }),
  status: Type.String({ description: 'pending (not fetched yet), delivered, or revoked / replaced / removed when the sender withdrew it' }),
  status_desc: Type.String(),
});
export const ReceivedListAnswer = Type.Object({ ...Envelope, data: Type.Array(ReceivedEdoc) });

export const EdocAnswer = Type.Object({ ...Envelope, DocId: Type.String(), data: Type.String({ description: 'The package as sent, base64' }) });
export const UpdateStatusAnswer = Type.Object({ ...Envelope, DocId: Type.String() });

export const SentEdoc = Type.Object({
  serviceType: Type.String(),
  receiverDocId: Type.String({ description: 'The id the recipient fetches it by (the same package id)' }),
  toCode: Type.String(),
  receiveStatus: Type.String({ description: "The recipient's latest edXML status code (01 … 16), '' before any" }),
  title: Type.String({ description: 'Subject (trích yếu)' }),
  messageType: Type.String(),
  notation: Type.String({ description: 'Number and notation, from the DocumentId' }),
  receivedTime: Nullable(Time),
  sentTime: Time,
  sendStatus: Type.String({ description: 'pending, delivered, done / fail / processing once the recipient answered updateStatus, or revoked / replaced / removed' }),
  sendStatusDesc: Type.String(),
  senderDocId: Type.String(),
  fromCode: Type.String(),
  receiveStatusDesc: Type.String(),
});
export const SentListAnswer = Type.Object({ ...Envelope, data: Type.Array(SentEdoc, { description: 'One item per recipient' }) });

export const AgencyItem = Type.Object({
  code: Type.String({ description: 'QĐ 20 code' }),
  id: Type.String({ description: 'The code again: egov has no other id' }),
  mail: Type.String({ description: "'' (the directory keeps no address)" }),
  name: Type.String(),
  pid: Type.String({ description: "The parent's code; '' for a level-1 body" }),
  oldCode: Type.String({ description: "'' (the directory keeps no former code)" }),
});
export const AgenciesAnswer = Type.Object({ ...Envelope, data: Type.Array(AgencyItem) });
export const DeleteAgencyAnswer = Type.Object({ ...Envelope, AgencyCode: Type.String() });
export const CountAnswer = Type.Object({ ...Envelope, total: Type.Integer({ description: 'Packages waiting in the inbox of the caller (not yet answered by updateStatus)' }) });

/** The answer's shape for a success, and for every refusal (401, 403, 404, 413, 503 …) the envelope. */
export function answers(ok: TSchema) {
  // 503 named apart: the shell would otherwise document (and write) its own envelope for it.
  return { 200: ok, '4xx': VxpFail, 503: VxpFail, '5xx': VxpFail };
}

/** A refusal in the SDK's envelope: egov's error code in ErrorCode, its message in ErrorDesc. */
export function failOf(error: unknown): { status: number; body: VxpFail } {
  const { status, body } = toErrorResponse(error);
  return { status, body: { status: 'FAIL', ErrorCode: body.error.code, ErrorDesc: body.error.message, ...(body.error.details ? { details: body.error.details } : {}) } };
}

/** 2026-12-05T12:57:41.020+07:00: Vietnam has one offset and no daylight saving. */
export function vnTime(at: Date): string {
  return `${new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 23)}+07:00`;
}

type Message = Parameters<ReturnType<typeof exchangeMessages.for>>[0];
const STATE_MESSAGES: Record<string, Message> = {
  pending: 'statePending',
  delivered: 'stateDelivered',
  acknowledged: 'stateAcknowledged',
  revoked: 'withdrawnRevoked',
  replaced: 'withdrawnReplaced',
  removed: 'withdrawnRemoved',
  done: 'ackDone',
  fail: 'ackFail',
  processing: 'ackProcessing',
};
const stateText = (locale: Locale, state: string) => {
  const key = STATE_MESSAGES[state];
  return key ? exchangeMessages.t(locale, key) : state;
};
const messageType = (kind: string) => (kind === 'status' ? 'status' : 'edoc');

export function receivedEdoc(item: InboxItem, locale: Locale): Static<typeof ReceivedEdoc> {
  const status = item.delivery.withdrawn ?? item.delivery.state;
  return {
    docId: item.package.id,
    serviceType: 'eDoc',
    messageType: messageType(item.package.kind),
    created_time: vnTime(item.package.receivedAt),
    updated_time: vnTime(item.delivery.deliveredAt ?? item.package.receivedAt),
    from: item.package.senderAgency,
    to: item.delivery.recipient,
    status,
    status_desc: stateText(locale, status),
  };
}

/** The number and notation of a DocumentId `<issuer>,<yyyy/MM/dd>,<number/notation>` (the notation may hold commas). */
function notationOf(documentId: string): string {
  const first = documentId.indexOf(',');
  const second = first < 0 ? -1 : documentId.indexOf(',', first + 1);
  return second < 0 ? '' : documentId.slice(second + 1).trim();
}

/** What the sender sees of one recipient: the transfer (sendStatus) and the recipient's own statuses (receiveStatus). */
export function sentEdocs(item: SentItem, locale: Locale): Static<typeof SentEdoc>[] {
  return item.deliveries.map((d) => {
    const latest = d.statuses.reduce<(typeof d.statuses)[number] | undefined>(
      (last, s) => (!last || (s.reportedAt ?? s.recordedAt) >= (last.reportedAt ?? last.recordedAt) ? s : last),
      undefined,
    );
    const sendStatus = sendStatusOf(d);
    const code = latest?.statusCode;
    return {
      serviceType: 'eDoc',
      receiverDocId: item.package.id,
      toCode: d.recipient,
      receiveStatus: code ?? '',
      title: item.package.subject ?? '',
      messageType: messageType(item.package.kind),
      notation: notationOf(item.package.documentId),
      receivedTime: d.deliveredAt ? vnTime(d.deliveredAt) : null,
      sentTime: vnTime(item.package.receivedAt),
      sendStatus,
      sendStatusDesc: stateText(locale, sendStatus),
      senderDocId: item.package.id,
      fromCode: item.package.senderAgency,
      receiveStatusDesc: code && code in STATUS_CODES ? STATUS_CODES[code as StatusCode][locale] : '',
    };
  });
}

function sendStatusOf(d: DeliveryView): string {
  return d.withdrawn ?? (d.state === 'acknowledged' && d.ackResult ? d.ackResult : d.state);
}

export function agencyItem(agency: Agency): Static<typeof AgencyItem> {
  return { code: agency.code, id: agency.code, mail: '', name: agency.name, pid: agency.parentCode ?? '', oldCode: '' };
}
