import { createHash } from 'node:crypto';
import { signRequest } from '../../src/platform/integration/index.ts';
import { buildEdxml } from '../../src/modules/exchange/index.ts';
import { sampleDocument, sampleOrganization } from '../../src/modules/exchange/edxml/samples.ts';
import { samplePdf } from '../../src/platform/testing/index.ts';
import { SdkClient } from '../../src/modules/exchange/exchange.vxp-sdk.test-support.ts';

// The traffic of a database-outage test against a running egov (the composed app in a unit
// test, or real `egov` processes in `npm run test:restart`): exchange sends by agencies'
// systems (signed), dossier submissions by signed-in citizens, and catalogue searches. Each
// call records what came back; the tests then check that every failure was a clean 503.

export type Kind = 'send' | 'submit' | 'search' | 'vxp';

export interface Answer {
  kind: Kind;
  /** HTTP status, or 0 when the HTTP server could not be reached at all. */
  status: number;
  retryAfter: string | null;
  /** The error code of a refusal, or the network error. */
  code?: string;
  /** The response text of an unexpected answer (for the failure message). */
  text?: string;
  at: number;
}

export const PASSWORD = 'Demo@2026egov';
/** Demo citizens (identity's demo seed). */
export const CITIZENS = ['001090000001', '022190000002'];
const BIRTH = '1.001193.000.00.00.H49';
const WARD = '000.00.51.H49';
// A whole PDF (header, objects, xref, trailer, %%EOF): uploads are checked for their structure.
const PDF = samplePdf().toString('base64');
const SEARCHES = ['khai sinh', 'dang ky ho kinh doanh', 'cap giay phep', 'ho tich', 'kết hôn'];

export interface ExchangeClient {
  agency: string;
  clientId: string;
  secret: string;
}

export interface CitizenSession {
  cookie: string;
  token: string;
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

async function answerOf(kind: Kind, res: Response): Promise<Answer> {
  const text = await res.text();
  const answer: Answer = { kind, status: res.status, retryAfter: res.headers.get('retry-after'), at: Date.now() };
  if (!res.ok) {
    try {
      const body = JSON.parse(text) as { error?: { code?: string }; ErrorCode?: string };
      answer.code = body.error?.code ?? body.ErrorCode;
    } catch {
      // not JSON
    }
    answer.text = text.slice(0, 500);
  }
  return answer;
}

function unreachable(kind: Kind, error: unknown): Answer {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
  return { kind, status: 0, retryAfter: null, code: cause, at: Date.now() };
}

/** Logs a demo citizen in through the login form; the CSRF token of that page is valid for the API after it. */
export async function logIn(base: string, identifier: string): Promise<CitizenSession> {
  const page = await fetch(`${base}/login`, { headers: { accept: 'text/html' } });
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token on /login (${page.status})`);
  const csrfCookies = cookiesOf(page);
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookies.join('; ') },
    body: new URLSearchParams({ identifier, password: PASSWORD, _csrf: token }).toString(),
  });
  if (res.status !== 303) throw new Error(`log-in of ${identifier} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return { cookie: [...csrfCookies, ...cookiesOf(res)].join('; '), token };
}

/** Files a birth registration (two PDF components) for the signed-in citizen. */
export async function submitDossier(base: string, session: CitizenSession, identifier: string): Promise<Answer> {
  const answers = {
    applicantName: 'Nguyễn Văn An',
    applicantPersonalId: identifier,
    applicantPhone: '0912345678',
    applicantEmail: 'an@example.vn',
    relation: 'father',
    childName: 'Nguyễn Minh Khôi',
    gender: 'male',
    childBirthDate: '2025-06-01',
    childBirthPlace: { province: '22', commune: '06994', street: 'Bệnh viện đa khoa Vân Đồn' },
    ethnicity: 'Kinh',
    motherName: 'Lê Thị Hoa',
    motherPersonalId: '022192000123',
    fatherKnown: 'no',
  };
  const body = {
    procedureCode: BIRTH,
    caseCode: '01',
    receivingAgency: WARD,
    answers,
    uploads: [0, 1].map((componentIndex) => ({ componentIndex, fileName: `tep-${componentIndex}.pdf`, contentBase64: PDF })),
  };
  try {
    const res = await fetch(`${base}/api/v1/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'csrf-token': session.token, cookie: session.cookie },
      body: JSON.stringify(body),
    });
    return await answerOf('submit', res);
  } catch (error) {
    return unreachable('submit', error);
  }
}

export async function searchCatalogue(base: string, n: number): Promise<Answer> {
  const q = SEARCHES[n % SEARCHES.length]!;
  try {
    // Pages and sizes vary so that most searches miss the per-process result cache.
    const query = `q=${encodeURIComponent(q)}&pageSize=${1 + (n % 20)}&page=${1 + (Math.floor(n / 20) % 3)}`;
    const res = await fetch(`${base}/api/v1/procedures?${query}`, { headers: { accept: 'application/json' } });
    return await answerOf('search', res);
  } catch (error) {
    return unreachable('search', error);
  }
}

/** One new document from `client`'s agency to `to`, numbered `n` (a new DocumentId each time). */
export function documentOf(from: string, to: string[], n: number, run: string): Buffer {
  const doc = sampleDocument();
  const number = `${n}/${run}`;
  return buildEdxml({
    ...doc,
    from: sampleOrganization(from, `UBND ${from}`),
    to: to.map((r) => sampleOrganization(r, `UBND ${r}`)),
    documentId: { raw: `${from},2026/03/02,${number}`, issuerOrganId: from, date: { raw: '2026/03/02', iso: '2026-03-02' }, codeNumberNotation: number },
  });
}

const SEND_PATH = '/api/v1/exchange/packages';
/** Signatures are replay keys (client, second, method, path, body): the same bytes sent again are signed for a later second. */
const lastSecond = new Map<string, number>();

export async function sendDocument(base: string, client: ExchangeClient, bytes: Buffer): Promise<Answer> {
  const key = `${client.clientId} ${createHash('sha256').update(bytes).digest('hex')}`;
  const timestamp = Math.max(Math.floor(Date.now() / 1000), (lastSecond.get(key) ?? 0) + 1);
  lastSecond.set(key, timestamp);
  const wait = timestamp * 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const headers = signRequest({ clientId: client.clientId, secret: client.secret, method: 'POST', path: SEND_PATH, body: bytes, timestamp });
  try {
    const res = await fetch(`${base}${SEND_PATH}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/xml', accept: 'application/json' }, body: new Uint8Array(bytes) });
    return await answerOf('send', res);
  } catch (error) {
    return unreachable('send', error);
  }
}

const sdkClients = new Map<string, SdkClient>();

/** The VXP transport (the Government Office SDK's calls): the inbox list, signed as the SDK signs it. */
export async function vxpInbox(base: string, client: ExchangeClient): Promise<Answer> {
  try {
    let sdk = sdkClients.get(client.clientId);
    if (!sdk) {
      sdk = new SdkClient({ systemId: client.clientId, secret: client.secret, send: () => Promise.reject(new Error('signing only')) });
      sdkClients.set(client.clientId, sdk);
    }
    const request = sdk.sign('getReceivedEdocList', [
      ['servicetype', 'eDoc'],
      ['messagetype', 'edoc'],
    ]);
    const res = await fetch(`${base}${request.url}`, { method: request.method, headers: [...request.headers, ['accept', 'application/json']] });
    return await answerOf('vxp', res);
  } catch (error) {
    return unreachable('vxp', error);
  }
}

/** A 2xx answer of each kind, or a clean refusal: 503, Retry-After, `db.unavailable`, nothing of the driver. */
export function isClean(answer: Answer): boolean {
  if (answer.status >= 200 && answer.status < 300) return true;
  return (
    answer.status === 503 &&
    /^\d+$/.test(answer.retryAfter ?? '') &&
    answer.code === 'db.unavailable' &&
    !/terminated|ECONN|not queryable|57P0|administrator command|shutting down|starting up/i.test(answer.text ?? '')
  );
}

export function summary(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = `${a.kind} ${a.status}${a.code && a.status >= 300 ? ` ${a.code}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
}
