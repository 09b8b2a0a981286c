import { createHash, createHmac } from 'node:crypto';
import type { SharedFixtures } from '../../platform/testing/index.ts';

/**
 * A stand-in for the Government Office's Java SDK (SDKVXP 2.0.1), written from issue #20 and
 * ../shared/fixtures/vxp/README.md only — not from egov's code, which it tests. It signs as the
 * captures show: every parameter an `XroadVnpt-<name>` header, the JSON of those headers in
 * `XroadVnpt-sign-header`, its hex HMAC-SHA256 under the secret in `XroadVnpt-hash-header`, a
 * local-time timestamp `ddMMyyyyTHHmmss+SSSS` (milliseconds after the `+`), and for sendEdoc
 * the file's SHA-256 with each byte's leading zero dropped, the body being the file and a CRLF.
 * Test-only (not exported through index.ts); e2e traffic uses it too.
 */

/** What the client sends; `send` puts it on the wire (app.inject, or fetch). */
export interface SdkRequest {
  method: 'POST' | 'GET';
  url: string;
  /** In the order the SDK sets them. */
  headers: [string, string][];
  body: Buffer;
}

export interface SdkResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Every answer of the axis carries these three; the SDK throws on one that does not. */
export interface SdkResult {
  status: 'OK' | 'FAIL';
  ErrorCode: string;
  ErrorDesc: string;
  [field: string]: unknown;
}

export interface SdkAnswer<T extends SdkResult = SdkResult> {
  httpStatus: number;
  headers: SdkResponse['headers'];
  result: T;
}

export interface ReceivedEdoc {
  docId: string;
  serviceType: string;
  messageType: string;
  created_time: string;
  updated_time: string;
  from: string;
  to: string;
  status: string;
  status_desc: string;
}

export interface SentEdoc {
  serviceType: string;
  receiverDocId: string;
  toCode: string;
  receiveStatus: string;
  title: string;
  messageType: string;
  notation: string;
  receivedTime: string | null;
  sentTime: string;
  sendStatus: string;
  sendStatusDesc: string;
  senderDocId: string;
  fromCode: string;
  receiveStatusDesc: string;
}

export interface AgencyItem {
  code: string;
  id: string;
  mail: string;
  name: string;
  pid: string;
  oldCode: string;
}

export interface SdkClientOptions {
  systemId: string;
  secret: string;
  send: (request: SdkRequest) => Promise<SdkResponse>;
  /** The time zone of the machine the SDK runs on (default Vietnam's). */
  timeZone?: string;
  /** Milliseconds since the epoch (default the real clock). */
  now?: () => number;
}

export class SdkClient {
  private lastTime = 0;

  constructor(private readonly options: SdkClientOptions) {}

  sendEdoc(file: Buffer, params: { from: string; messageType?: 'edoc' | 'status' }) {
    const hashFile = unpaddedHex(createHash('sha256').update(file).digest());
    return this.call<SdkResult & { DocId: string }>(
      'sendEdoc',
      [
        ['servicetype', 'eDoc'],
        ['messagetype', params.messageType ?? 'edoc'],
        ['hash-file', hashFile],
        ['from', params.from],
      ],
      { contentType: 'application/octet-stream', body: Buffer.concat([file, Buffer.from('\r\n')]) },
    );
  }

  getReceivedEdocList(messageType: 'edoc' | 'status' = 'edoc') {
    return this.call<SdkResult & { data: ReceivedEdoc[] }>('getReceivedEdocList', [
      ['servicetype', 'eDoc'],
      ['messagetype', messageType],
    ]);
  }

  getEdoc(docId: string) {
    return this.call<SdkResult & { data: string }>('getEdoc', [
      ['docId', docId],
      ['filePath', '/tmp/sdk/vxp/store/xml'],
    ], { body: Buffer.from('{}') });
  }

  updateStatus(docId: string, status: string) {
    return this.call('updateStatus', [['docId', docId]], { body: Buffer.from('{}'), after: [['status', status]] });
  }

  getSentEdocList() {
    return this.call<SdkResult & { data: SentEdoc[] }>('getSentEdocList', [
      ['servicetype', 'eDoc'],
      ['messagetype', 'edoc'],
    ]);
  }

  getAgenciesList() {
    return this.call<SdkResult & { data: AgencyItem[] }>('getAgenciesList', []);
  }

  getAgenciesListQD20(level: number) {
    return this.call<SdkResult & { data: AgencyItem[] }>('getAgenciesListQD20', [['level', String(level)]]);
  }

  getSynchronizeUnit() {
    return this.call<SdkResult & { data: AgencyItem[] }>('getSynchronizeUnit', []);
  }

  deleteAgency(agencyCode: string) {
    return this.call('deleteAgency', [['AgencyCode', agencyCode]], { body: Buffer.from('{}') });
  }

  registerAgency(agency: Record<string, unknown>) {
    return this.call('registerAgency', [], { body: Buffer.from(JSON.stringify(agency)) });
  }

  /** The SDK declares it GET but sends it as POST, with the body `{}`. */
  countReceiveEdoc() {
    return this.call<SdkResult & { total: number }>('countReceiveEdoc', [], { body: Buffer.from('{}') });
  }

  /** Any call, as the SDK would sign it (for calls the SDK does not have). */
  async call<T extends SdkResult = SdkResult>(
    name: string,
    params: [string, string][],
    options: { contentType?: string; body?: Buffer; after?: [string, string][] } = {},
  ): Promise<SdkAnswer<T>> {
    const request = this.sign(name, params, options);
    const response = await this.options.send(request);
    return { httpStatus: response.statusCode, headers: response.headers, result: JSON.parse(response.body) as T };
  }

  /** The request as the SDK puts it on the wire. */
  sign(name: string, params: [string, string][], options: { contentType?: string; body?: Buffer; after?: [string, string][] } = {}): SdkRequest {
    const contentType = options.contentType ?? 'application/json';
    // The order of the captures: systemid, the call's parameters, timestamp, Content-Type, then any late ones (status).
    const signed: [string, string][] = [['systemid', this.options.systemId], ...params, ['timestamp', this.timestamp()], ['Content-Type', contentType], ...(options.after ?? [])];
    const json = JSON.stringify(Object.fromEntries(signed.map(([n, v]) => [`XroadVnpt-${n}`, v])));
    const headers: [string, string][] = [
      ['Content-Type', contentType],
      ...signed.map(([n, v]): [string, string] => [`XroadVnpt-${n}`, v]),
      ['XroadVnpt-sign-header-key', signed.map(([n]) => n).join(';')],
      ['XroadVnpt-sign-header', json],
      ['XroadVnpt-hash-header', createHmac('sha256', this.options.secret).update(json).digest('hex')],
      ['User-Agent', 'JAVASDKAgent/1.0.0 XRoad/VPCP'],
      ['XroadVnpt-version', '3.0.201608'],
    ];
    return { method: 'POST', url: `/vxp/${name}`, headers, body: options.body ?? Buffer.alloc(0) };
  }

  /** ddMMyyyy'T'HHmmss'+'SSSS in the client's time zone. */
  private timestamp(): string {
    // Two calls of one test in the same millisecond would sign the same text; over a network
    // that cannot happen, so the test client keeps its clock strictly increasing.
    const now = Math.max((this.options.now ?? Date.now)(), this.lastTime + 1);
    this.lastTime = now;
    return formatSdkTimestamp(now, this.options.timeZone ?? 'Asia/Ho_Chi_Minh');
  }
}

export function formatSdkTimestamp(instant: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  const ms = String(((instant % 1000) + 1000) % 1000).padStart(4, '0');
  return `${parts.day}${parts.month}${parts.year}T${parts.hour}${parts.minute}${parts.second}+${ms}`;
}

export function unpaddedHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16)).join('');
}

/** One request of ../shared/fixtures/vxp/sdk-requests.json. */
export interface Capture {
  call: string;
  method: 'POST';
  path: string;
  headers: [string, string][];
  bodyBytes: number;
  bodySha256: string;
  clientSecret: string;
  /** The value of a header, by its name in any case. */
  header(name: string): string | undefined;
}

export function loadCaptures(fixtures: SharedFixtures): Capture[] {
  const raw = JSON.parse(fixtures.read('sdk-requests.json').toString('utf8')) as Omit<Capture, 'header'>[];
  return raw.map((c) => ({ ...c, header: (name: string) => c.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] }));
}

/** Headers as Node gives them to a server: names in lower case (a repeated one joined with ", "). */
export function nodeHeaders(pairs: [string, string][]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return headers;
}
