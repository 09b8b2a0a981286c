import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Db } from '../db/index.ts';
import { createOutboxWorker } from '../events/index.ts';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import {
  SMS_EVENT,
  createFileSmsProvider,
  createHttpSmsProvider,
  createSmsHandler,
  maskMobile,
  normalizeVietnameseMobile,
  sendSmsInTx,
  smsDirectory,
  smsSegments,
  type SmsProvider,
} from './index.ts';

const platformDir = path.join(import.meta.dirname, '..');
const TEXT = 'Hồ sơ H49.01-260302-0001 đã được tiếp nhận. Hẹn trả kết quả 09/03/2026.';

let testDb: TestDatabase;
let db: Db;
let smsDir: string;

beforeAll(async () => {
  testDb = await createTestDatabase([
    { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
    { module: 'platform.events', dir: path.join(platformDir, 'events', 'migrations') },
  ]);
  db = testDb.database.db;
});

afterAll(async () => {
  await testDb?.close();
});

beforeEach(async () => {
  smsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-sms-test-'));
  await sql`DELETE FROM outbox_events`.execute(db);
  return () => fs.rmSync(smsDir, { recursive: true, force: true });
});

async function drain(provider?: SmsProvider, logger = createLogger('silent'), retryDelay = 0) {
  const handler = createSmsHandler({ dataDir: 'memory://', provider: provider ?? fileProvider(), logger });
  await createOutboxWorker({ database: testDb.database, handlers: { [SMS_EVENT]: handler }, logger, retryDelayMs: () => retryDelay }).drain();
}

function fileProvider(): SmsProvider {
  return createFileSmsProvider(smsDir);
}

async function outboxRow(id: number) {
  return (
    await sql<{ status: string; attempts: number; last_error: string | null }>`SELECT status, attempts, last_error FROM outbox_events WHERE id = ${id}`.execute(db)
  ).rows[0];
}

describe('Vietnamese mobile numbers', () => {
  it.each([
    ['0912345678', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['84 912 345 678', '+84912345678'],
    ['091.234.5678', '+84912345678'],
    ['(+84) 386-123-456', '+84386123456'],
    ['0581234567', '+84581234567'],
  ])('%s is %s', (input, expected) => {
    expect(normalizeVietnameseMobile(input)).toBe(expected);
  });

  it.each(['091234567', '09123456789', '0212345678', '+8491234567', '+1 912345678', 'abc', '', '0412345678'])('%s is refused', (input) => {
    expect(normalizeVietnameseMobile(input)).toBeUndefined();
  });

  it('masks a number for logs', () => {
    expect(maskMobile('+84912345678')).toBe('+8491****678');
  });

  it('counts segments: GSM-7 160/153, Vietnamese with diacritics 70/67', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('ệ'.repeat(70))).toBe(1);
    expect(smsSegments('ệ'.repeat(71))).toBe(2);
    expect(smsSegments('ệ'.repeat(335))).toBe(5);
  });
});

describe('SMS through the outbox, written to files by default', () => {
  it('queues an sms.send event and writes <event id>.txt with the E.164 number and the text', async () => {
    const id = await db.transaction().execute((tx) => sendSmsInTx(tx, { to: '0912 345 678', text: TEXT }));
    await drain();
    const file = `${String(id).padStart(12, '0')}.txt`;
    expect(fs.readdirSync(smsDir)).toEqual([file]);
    const content = fs.readFileSync(path.join(smsDir, file), 'utf8');
    expect(content).toMatch(/^To: \+84912345678\nReference: [0-9a-f]{24}\n\n/);
    expect(content.endsWith(`${TEXT}\n`)).toBe(true);
    expect((await outboxRow(id))?.status).toBe('done');
  });

  it('without a provider, the handler writes under DATA_DIR/sms', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-data-'));
    try {
      const handler = createSmsHandler({ dataDir });
      await handler({ id: 5, type: SMS_EVENT, payload: { to: '+84912345678', text: TEXT, reference: 'r1' }, attempts: 1 });
      await handler({ id: 5, type: SMS_EVENT, payload: { to: '+84912345678', text: TEXT, reference: 'r1' }, attempts: 2 });
      expect(fs.readdirSync(path.join(dataDir, 'sms'))).toEqual(['000000000005.txt']);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    expect(smsDirectory({ dataDir: '/srv/egov' })).toBe(path.join('/srv/egov', 'sms'));
    expect(smsDirectory({ dataDir: 'memory://' })).toBe(path.join(os.tmpdir(), 'egov-sms'));
  });

  it('sends nothing when the transaction rolls back', async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await sendSmsInTx(tx, { to: '0912345678', text: TEXT });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await drain();
    expect(fs.readdirSync(smsDir)).toEqual([]);
  });

  it('refuses an invalid number, an empty text and a text over five parts before queueing', async () => {
    await expect(db.transaction().execute((tx) => sendSmsInTx(tx, { to: '02438123456', text: TEXT }))).rejects.toThrow(/Vietnamese mobile/);
    await expect(db.transaction().execute((tx) => sendSmsInTx(tx, { to: '0912345678', text: ' ' }))).rejects.toThrow(/empty/);
    await expect(db.transaction().execute((tx) => sendSmsInTx(tx, { to: '0912345678', text: 'ệ'.repeat(336) }))).rejects.toThrow(/5 SMS parts/);
    expect((await sql`SELECT id FROM outbox_events`.execute(db)).rows).toEqual([]);
  });

  it('parks a malformed payload at once', async () => {
    await sql`INSERT INTO outbox_events (type, payload) VALUES (${SMS_EVENT}, '{"to": "12345", "text": "x"}'::jsonb)`.execute(db);
    await drain();
    const row = (await sql<{ status: string; attempts: number; last_error: string }>`SELECT * FROM outbox_events`.execute(db)).rows[0];
    expect(row).toMatchObject({ status: 'parked', attempts: 1, last_error: 'sms.send payload needs a Vietnamese mobile number in to' });
  });
});

describe('SMS through an HTTP gateway', () => {
  /** A gateway like the brand-name SMS services: refuses numbers it does not serve, fails `failFirst` times with 503. */
  async function gateway(options: { failFirst?: number; unknownNumbers?: string[] } = {}) {
    const received: { to: string; text: string; reference: string; auth: string | undefined }[] = [];
    let failures = options.failFirst ?? 0;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const sms = JSON.parse(body) as { to: string; text: string; reference: string };
        if (failures > 0) {
          failures -= 1;
          res.writeHead(503).end('busy');
        } else if (options.unknownNumbers?.includes(sms.to)) {
          res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `subscriber ${sms.to} unknown` }));
        } else {
          received.push({ ...sms, auth: req.headers.authorization });
          res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"queued"}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    return { url, received, close: () => new Promise((r) => server.close(r)) };
  }

  it('delivers with the token and a reference stable across retries after transient failures', async () => {
    const gw = await gateway({ failFirst: 2 });
    try {
      const id = await db.transaction().execute((tx) => sendSmsInTx(tx, { to: '0912345678', text: TEXT }));
      const provider = createHttpSmsProvider({ url: gw.url, token: 't0ken' });
      // Retried at once (no delay in the test): two 503s, then accepted.
      await drain(provider);
      expect(await outboxRow(id)).toMatchObject({ status: 'done', attempts: 3 });
      expect(gw.received).toEqual([{ to: '+84912345678', text: TEXT, reference: expect.stringMatching(/^[0-9a-f]{24}$/), auth: 'Bearer t0ken' }]);
    } finally {
      await gw.close();
    }
  });

  it('parks a number the gateway refuses, without logging or storing the number or the text', async () => {
    const gw = await gateway({ unknownNumbers: ['+84987654321'] });
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    try {
      const id = await db.transaction().execute((tx) => sendSmsInTx(tx, { to: '0987654321', text: TEXT }));
      await drain(createHttpSmsProvider({ url: gw.url }), logger);
      const row = await outboxRow(id);
      expect(row).toMatchObject({ status: 'parked', attempts: 1 });
      expect(row?.last_error).toMatch(/^sms not sent \(http\): gateway answered 422/);
      expect(row?.last_error).not.toContain('987654321');
      expect(lines.join('')).not.toContain('987654321');
      expect(lines.join('')).not.toContain('tiếp nhận');
    } finally {
      await gw.close();
    }
  });

  it('retries when the gateway cannot be reached', async () => {
    const gw = await gateway();
    await gw.close();
    const id = await db.transaction().execute((tx) => sendSmsInTx(tx, { to: '0912345678', text: TEXT }));
    await drain(createHttpSmsProvider({ url: gw.url, timeoutMs: 2000 }), createLogger('silent'), 60_000);
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.last_error).toMatch(/^sms not sent \(http\): /);
  });
});
