import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit/index.ts';
import { sql } from '../../platform/db/index.ts';
import { signRequest } from '../../platform/integration/index.ts';
import { isPostgres } from '../../platform/testing/index.ts';
import { documentBytes, setUpExchange, type Client, type ExchangeTestContext } from './exchange.test-support.ts';

// Issue #4, fault test: the hub killed (SIGKILL, no shutdown) in the middle of many sends,
// restarted on the same database, and the sending system retrying every send that got no
// 2xx answer — which must leave exactly one package per document.

const SENDER = '000.00.00.G22';
const RECIPIENTS = ['000.00.00.H29', '000.00.00.H49'];
const DOCUMENTS = 120;
const CONCURRENCY = 12;
const SEND_PATH = '/api/v1/exchange/packages';
const HUB_SCRIPT = path.join(import.meta.dirname, 'testing', 'hub-process.ts');
// Lets the test tell the killed hub's database sessions apart from its own.
const HUB_APPLICATION = 'egov-crash-test-hub';

interface Attempt {
  /** HTTP status, or the network error (the hub was down or died mid-request). */
  status: number | string;
  body?: { id: string; duplicate: boolean };
}
interface Send {
  documentId: string;
  bytes: Buffer;
  attempts: Attempt[];
}

let t: ExchangeTestContext;
let client: Client;
let hubUrl = '';
let dataDir = '';
let hub: { child: ChildProcess; exited: Promise<void>; output: () => string; base: string } | undefined;

async function startHub(env: Record<string, string> = {}): Promise<NonNullable<typeof hub>> {
  const child = spawn(process.execPath, ['--import', 'tsx', HUB_SCRIPT], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: hubUrl,
      DATA_DIR: dataDir,
      SECRET_KEY: t.ctx.config.secretKey,
      HOST: '127.0.0.1',
      PORT: '0',
      BASE_URL: 'http://127.0.0.1', // Vitest puts its own BASE_URL ("/") in the environment
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /hub listening (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`the hub exited before listening:\n${output}`)));
  });
  return { child, exited, output: () => output, base };
}

async function killHub(): Promise<void> {
  if (!hub) return;
  hub.child.kill('SIGKILL');
  await hub.exited;
  hub = undefined;
}

/**
 * The killed hub's sessions can outlive it for a moment on the server side (a backend still
 * finishing a COMMIT it had received): what is committed is only known once they are gone.
 */
async function waitForHubSessionsToEnd(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${HUB_APPLICATION}`.execute(t.db);
    if (rows.rows[0]?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the killed hub\'s database sessions did not end');
}

async function committedDocuments(): Promise<Map<string, string>> {
  const rows = await sql<{ id: string; document_id: string }>`SELECT id, document_id FROM exchange_packages WHERE sender_agency = ${SENDER}`.execute(t.db);
  return new Map(rows.rows.map((r) => [r.document_id, r.id]));
}

// The replay guard refuses a signature it has seen, and the same bytes signed in the same
// second sign the same text: a retry gets a timestamp of its own, within the allowed skew,
// as a client retrying at once would have to.
const usedTimestamps = new Set<string>();
function freshTimestamp(documentId: string): number {
  const now = Math.floor(Date.now() / 1000);
  for (let offset = 0; offset < 250; offset++) {
    for (const ts of [now - offset, now + offset]) {
      if (!usedTimestamps.has(`${ts} ${documentId}`)) {
        usedTimestamps.add(`${ts} ${documentId}`);
        return ts;
      }
    }
  }
  throw new Error('test: no unused timestamp left');
}

/** One attempt: the same bytes, signed anew, to whichever hub is running now. */
async function attempt(send: Send): Promise<Attempt> {
  const headers = signRequest({ clientId: client.clientId, secret: client.secret, method: 'POST', path: SEND_PATH, body: send.bytes, timestamp: freshTimestamp(send.documentId) });
  const base = hub?.base ?? 'http://127.0.0.1:9'; // between kill and restart: nobody listens
  try {
    const response = await fetch(base + SEND_PATH, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/xml' },
      body: new Uint8Array(send.bytes),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { status: response.status, ...(response.ok ? { body: JSON.parse(text) as Attempt['body'] } : {}) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: cause?.code ?? cause?.message ?? String(error) };
  }
}

/** The sending system: retries, with a growing pause, until a 2xx answer. */
async function sendUntilAccepted(send: Send, deadline: number): Promise<void> {
  for (let pauseMs = 50; ; pauseMs = Math.min(400, pauseMs * 2)) {
    const result = await attempt(send);
    send.attempts.push(result);
    if (typeof result.status === 'number' && result.status >= 200 && result.status < 300) return;
    if (Date.now() > deadline) throw new Error(`${send.documentId}: no 2xx answer before the deadline; attempts ${JSON.stringify(send.attempts.map((a) => a.status))}`);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

describe.skipIf(!isPostgres())(
  'the hub killed during sends (PostgreSQL only: PGlite lives inside the hub process behind a pid lock, so killing the hub kills the database with it and no second process could open it)',
  () => {
    beforeAll(async () => {
      t = await setUpExchange();
      client = await t.client(SENDER);
      const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(t.db);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${rows[0]!.name}`;
      url.searchParams.set('application_name', HUB_APPLICATION);
      hubUrl = url.toString();
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'egov-crash-hub-'));
    });
    afterAll(async () => {
      await killHub();
      await t?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('yields exactly one package per document when the sender retries every unanswered send after a restart', async () => {
      // Each send waits 300 ms in the hub before the use case and 600 ms after its commit;
      // the sending workers start 60 ms apart, so at any moment some sends are waiting to be
      // committed and some committed sends wait for their answer.
      const first = await startHub({ HUB_ACCEPT_DELAY_MS: '300', HUB_REPLY_DELAY_MS: '600' });
      hub = first;
      const sends: Send[] = Array.from({ length: DOCUMENTS }, (_, i) => {
        const doc = documentBytes({ from: SENDER, to: RECIPIENTS, number: `${i + 1}/CRASH` });
        return { documentId: doc.documentId, bytes: doc.bytes, attempts: [] };
      });
      const deadline = Date.now() + 45_000;
      let next = 0;
      const senders = Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, worker) => {
          await new Promise((resolve) => setTimeout(resolve, worker * 60));
          while (next < sends.length) await sendUntilAccepted(sends[next++]!, deadline);
        }),
      );

      // Kill once some sends were answered, some have committed without an answer yet, and
      // some are inside the hub but not committed.
      let killedFor = '';
      while (!killedFor) {
        const committed = await committedDocuments();
        const started = sends.slice(0, next);
        const answered = started.filter((s) => s.attempts.length > 0);
        const inFlight = started.filter((s) => s.attempts.length === 0);
        const inFlightCommitted = inFlight.filter((s) => committed.has(s.documentId)).length;
        if (answered.length >= 10 && inFlightCommitted >= 3 && inFlight.length - inFlightCommitted >= 3) {
          killedFor = `answered ${answered.length}, in flight ${inFlight.length} of which committed ${inFlightCommitted}`;
        } else {
          if (Date.now() > deadline) throw new Error(`the kill moment never came: answered ${answered.length}, in flight ${inFlight.length}\n${first.output()}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
      const startedAtKill = new Set(sends.slice(0, next).map((s) => s.documentId));
      await killHub();
      await waitForHubSessionsToEnd();
      const committedAtKill = await committedDocuments();
      const answeredBeforeKill = new Set(sends.filter((s) => s.attempts[0]?.body).map((s) => s.documentId));

      hub = await startHub();
      await senders;

      // What the kill interrupted: each kind must have occurred, or the run proves nothing.
      const committedUnanswered = sends.filter((s) => !answeredBeforeKill.has(s.documentId) && committedAtKill.has(s.documentId));
      const neverCommitted = sends.filter((s) => !committedAtKill.has(s.documentId));
      const receivedNotCommitted = neverCommitted.filter((s) => startedAtKill.has(s.documentId));
      const context =
        `killed when ${killedFor}; at the kill: ${answeredBeforeKill.size} answered, ${committedUnanswered.length} committed unanswered, ` +
        `${receivedNotCommitted.length} sent but not committed, ${neverCommitted.length - receivedNotCommitted.length} not sent yet`;
      expect(answeredBeforeKill.size, context).toBeGreaterThan(0);
      expect(committedUnanswered.length, context).toBeGreaterThan(0);
      expect(receivedNotCommitted.length, context).toBeGreaterThan(0);
      expect(neverCommitted.length - receivedNotCommitted.length, context).toBeGreaterThan(0);

      // The only failures the sender saw were the hub being gone, never an error answer.
      const errorAnswers = sends.flatMap((s) => s.attempts.filter((a) => typeof a.status === 'number' && (a.status < 200 || a.status > 299)).map((a) => `${s.documentId}: ${a.status}`));
      expect(errorAnswers, context).toEqual([]);

      // Exactly one package row per document, and every 2xx answer names it.
      const packages = await sql<{ id: string; document_id: string }>`SELECT id, document_id FROM exchange_packages WHERE sender_agency = ${SENDER}`.execute(t.db);
      const rowsPerDocument = new Map<string, string[]>();
      for (const row of packages.rows) rowsPerDocument.set(row.document_id, [...(rowsPerDocument.get(row.document_id) ?? []), row.id]);
      expect(packages.rows, context).toHaveLength(DOCUMENTS);
      for (const send of sends) {
        const ids = rowsPerDocument.get(send.documentId) ?? [];
        expect(ids, `${send.documentId} (${context})`).toHaveLength(1);
        const accepted = send.attempts.filter((a) => a.body).map((a) => a.body!);
        expect(accepted, send.documentId).toHaveLength(1);
        expect(accepted[0]!.id, send.documentId).toBe(ids[0]);
      }

      // A retry is a duplicate exactly when the first attempt had committed.
      for (const send of committedUnanswered) {
        expect(send.attempts.at(-1)?.status, send.documentId).toBe(200);
        expect(send.attempts.at(-1)?.body?.duplicate, send.documentId).toBe(true);
        expect(send.attempts.at(-1)?.body?.id, send.documentId).toBe(committedAtKill.get(send.documentId));
      }
      for (const send of neverCommitted) {
        expect(send.attempts.at(-1)?.status, send.documentId).toBe(201);
        expect(send.attempts.at(-1)?.body?.duplicate, send.documentId).toBe(false);
      }
      for (const send of sends.filter((s) => answeredBeforeKill.has(s.documentId))) {
        expect(send.attempts.map((a) => a.status), send.documentId).toEqual([201]);
      }

      // Exactly one delivery per recipient, and one `exchange.sent` fact, per package.
      const deliveries = await sql<{ document_id: string; recipients: string[] }>`
        SELECT p.document_id, array_agg(d.recipient_agency ORDER BY d.recipient_agency) AS recipients
        FROM exchange_packages p JOIN exchange_deliveries d ON d.package_id = p.id
        WHERE p.sender_agency = ${SENDER} GROUP BY p.document_id
      `.execute(t.db);
      expect(deliveries.rows).toHaveLength(DOCUMENTS);
      for (const row of deliveries.rows) expect(row.recipients, row.document_id).toEqual(RECIPIENTS);
      const facts = await sql<{ package_id: string; n: number }>`
        SELECT payload->>'packageId' AS package_id, count(*)::int AS n FROM event_facts WHERE type = 'exchange.sent' GROUP BY 1
      `.execute(t.db);
      expect(facts.rows).toHaveLength(DOCUMENTS);
      expect(facts.rows.filter((r) => r.n !== 1)).toEqual([]);

      // Each receiver's inbox, read from the restarted hub, lists every document once.
      for (const recipient of RECIPIENTS) {
        const listed = await inboxDocumentIds(recipient);
        expect(listed.length, recipient).toBe(DOCUMENTS);
        expect(new Set(listed), recipient).toEqual(new Set(sends.map((s) => s.documentId)));
      }
      // The bytes of packages committed just before the kill were kept whole.
      for (const send of committedUnanswered) {
        const original = await signedGet(RECIPIENTS[0]!, `${SEND_PATH}/${committedAtKill.get(send.documentId)}`, { accept: 'application/xml' });
        expect(original.status, send.documentId).toBe(200);
        expect(Buffer.from(await original.arrayBuffer()).equals(send.bytes), send.documentId).toBe(true);
      }

      expect((await verifyAuditChain(t.db)).ok).toBe(true);
      // 6–15 s here, most of it the two hub starts (the tsx loader compiling the modules);
      // room for a loaded machine.
    }, 60_000);
  },
);

async function signedGet(agency: string, url: string, headers: Record<string, string> = {}): Promise<Response> {
  const c = await t.client(agency);
  const signed = signRequest({ clientId: c.clientId, secret: c.secret, method: 'GET', path: url, timestamp: freshTimestamp(`${agency} GET ${url}`) });
  return fetch(hub!.base + url, { headers: { ...signed, ...headers } });
}

async function inboxDocumentIds(agency: string): Promise<string[]> {
  const ids: string[] = [];
  for (let after: number | null = 0; after !== null; ) {
    const response = await signedGet(agency, `/api/v1/exchange/inbox?limit=50&after=${after}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: { package: { documentId: string } }[]; nextAfter: number | null };
    ids.push(...page.items.map((i) => i.package.documentId));
    after = page.nextAfter;
  }
  return ids;
}
