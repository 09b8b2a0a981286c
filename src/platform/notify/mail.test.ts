import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Db } from '../db/index.ts';
import { createOutboxWorker } from '../events/index.ts';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { MAIL_EVENT, createMailHandler, mailDirectory, sendMailInTx } from './index.ts';

const platformDir = path.join(import.meta.dirname, '..');
const FROM = 'Cổng dịch vụ công <no-reply@dichvucong.example.vn>';
const SUBJECT = 'Hồ sơ đăng ký khai sinh đã được tiếp nhận';
const TEXT = 'Kính gửi ông Nguyễn Văn An,\nhồ sơ của ông đã được tiếp nhận lúc 08:30 ngày 02/03/2026.';

let testDb: TestDatabase;
let db: Db;
let mailDir: string;

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
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-mail-test-'));
  await sql`DELETE FROM outbox_events`.execute(db);
  return () => fs.rmSync(mailDir, { recursive: true, force: true });
});

/** Headers of an RFC 822 message, unfolded, by lower-case name; and its body. */
function parseEml(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  expect(split).toBeGreaterThan(0);
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(split + 4) };
}

/** RFC 2047 encoded words (=?UTF-8?B|Q?…?=). */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

async function queueAndDrain(handler = createMailHandler({ smtpUrl: undefined, dataDir: 'memory://', mailDir, mailFrom: FROM })) {
  const id = await db.transaction().execute((tx) =>
    sendMailInTx(tx, { to: 'Nguyễn Văn An <an.nguyen@example.vn>', subject: SUBJECT, text: TEXT }),
  );
  const worker = createOutboxWorker({ database: testDb.database, handlers: { [MAIL_EVENT]: handler }, logger: createLogger('silent') });
  await worker.drain();
  return id;
}

describe('mail through the outbox, without SMTP', () => {
  it('queues a mail.send event and writes a parseable .eml with the Vietnamese subject', async () => {
    const id = await queueAndDrain();
    const files = fs.readdirSync(mailDir);
    expect(files).toEqual([`${String(id).padStart(12, '0')}.eml`]);
    const raw = fs.readFileSync(path.join(mailDir, files[0] ?? ''), 'utf8');
    // Headers are 7-bit: the Vietnamese is MIME-encoded as UTF-8, not written raw.
    const { headers, body } = parseEml(raw);
    expect(raw.slice(0, raw.indexOf('\r\n\r\n'))).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    expect(headers.get('subject')).toMatch(/=\?UTF-8\?[BQ]\?/i);
    expect(decodeWords(headers.get('subject') ?? '')).toBe(SUBJECT);
    expect(decodeWords(headers.get('to') ?? '')).toContain('<an.nguyen@example.vn>');
    expect(decodeWords(headers.get('from') ?? '')).toBe(FROM);
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('message-id')).toMatch(/^<[0-9a-f]{24}@dichvucong\.example\.vn>$/);
    expect(headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8/i);
    const encoding = headers.get('content-transfer-encoding');
    const decoded = encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : decodeQuotedPrintable(body);
    expect(decoded.replace(/\r\n/g, '\n').trim()).toBe(TEXT);
    const event = (await sql<{ status: string }>`SELECT status FROM outbox_events WHERE id = ${id}`.execute(db)).rows[0];
    expect(event?.status).toBe('done');
  });

  it('sends nothing when the transaction rolls back', async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await sendMailInTx(tx, { to: 'an.nguyen@example.vn', subject: SUBJECT, text: TEXT });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await createOutboxWorker({
      database: testDb.database,
      handlers: { [MAIL_EVENT]: createMailHandler({ smtpUrl: undefined, dataDir: 'memory://', mailDir, mailFrom: FROM }) },
      logger: createLogger('silent'),
    }).drain();
    expect(fs.readdirSync(mailDir)).toEqual([]);
  });

  it('a retried event overwrites its file instead of adding one, keeping its Message-ID', async () => {
    const handler = createMailHandler({ smtpUrl: undefined, dataDir: 'memory://', mailDir, mailFrom: FROM });
    const payload = { to: 'an.nguyen@example.vn', subject: SUBJECT, text: TEXT, html: '<p>Xin chào</p>', nonce: 'abc123' };
    await handler({ id: 7, type: MAIL_EVENT, payload, attempts: 1 });
    await handler({ id: 7, type: MAIL_EVENT, payload, attempts: 2 });
    expect(fs.readdirSync(mailDir)).toEqual(['000000000007.eml']);
    const { headers } = parseEml(fs.readFileSync(path.join(mailDir, '000000000007.eml'), 'utf8'));
    expect(headers.get('message-id')).toBe('<abc123@dichvucong.example.vn>');
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative/);
  });

  it('parks a malformed payload at once', async () => {
    await db.transaction().execute(async (tx) => {
      await sql`INSERT INTO outbox_events (type, payload) VALUES (${MAIL_EVENT}, '{"subject": "x"}'::jsonb)`.execute(tx);
    });
    await createOutboxWorker({
      database: testDb.database,
      handlers: { [MAIL_EVENT]: createMailHandler({ smtpUrl: undefined, dataDir: 'memory://', mailDir, mailFrom: FROM }) },
      logger: createLogger('silent'),
    }).drain();
    const row = (await sql<{ status: string; attempts: number; last_error: string }>`SELECT * FROM outbox_events`.execute(db)).rows[0];
    expect(row).toMatchObject({ status: 'parked', attempts: 1, last_error: 'mail.send payload needs to, subject and text' });
  });

  it('rejects a message without a recipient before queueing it', async () => {
    await expect(
      db.transaction().execute((tx) => sendMailInTx(tx, { to: ' ', subject: SUBJECT, text: TEXT })),
    ).rejects.toThrow(/recipient/);
  });

  it('puts files under DATA_DIR/mail, or the temp dir for an in-memory data dir', () => {
    expect(mailDirectory({ dataDir: '/srv/egov' })).toBe(path.join('/srv/egov', 'mail'));
    expect(mailDirectory({ dataDir: 'memory://' })).toBe(path.join(os.tmpdir(), 'egov-mail'));
    expect(mailDirectory({ dataDir: '/srv/egov', mailDir: '/x' })).toBe('/x');
  });
});

describe('mail over SMTP', () => {
  /** A tiny SMTP server that accepts or refuses the recipient. */
  async function smtpServer(refuseRecipient: boolean) {
    const received: string[] = [];
    const server = net.createServer((socket) => {
      let data = false;
      let message = '';
      socket.write('220 test ESMTP\r\n');
      let buffer = '';
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        let newline: number;
        while ((newline = buffer.indexOf('\r\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 2);
          if (data) {
            if (line === '.') {
              data = false;
              received.push(message);
              socket.write('250 queued\r\n');
            } else message += `${line}\r\n`;
            continue;
          }
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === 'EHLO' || verb === 'HELO') socket.write('250-test\r\n250 8BITMIME\r\n');
          else if (verb === 'MAIL') socket.write('250 ok\r\n');
          else if (verb === 'RCPT')
            socket.write(refuseRecipient ? `550 5.1.1 ${line.slice(8)}: no such user\r\n` : '250 ok\r\n');
          else if (verb === 'DATA') {
            data = true;
            socket.write('354 go ahead\r\n');
          } else if (verb === 'QUIT') socket.end('221 bye\r\n');
          else if (verb === 'RSET') socket.write('250 ok\r\n');
          else socket.write('502 not implemented\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(r)) };
  }

  it('delivers the message to the SMTP server', async () => {
    const smtp = await smtpServer(false);
    try {
      const handler = createMailHandler({ smtpUrl: smtp.url, dataDir: 'memory://', mailDir, mailFrom: FROM });
      const id = await queueAndDrain(handler);
      expect(smtp.received).toHaveLength(1);
      expect(decodeWords(parseEml(smtp.received[0] ?? '').headers.get('subject') ?? '')).toBe(SUBJECT);
      expect(fs.readdirSync(mailDir)).toEqual([]);
      const row = (await sql<{ status: string }>`SELECT status FROM outbox_events WHERE id = ${id}`.execute(db)).rows[0];
      expect(row?.status).toBe('done');
    } finally {
      await smtp.close();
    }
  });

  it('parks a refused recipient without ever logging or storing the address', async () => {
    const smtp = await smtpServer(true);
    const logLines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logLines.push(chunk.toString());
          done();
        },
      }),
    );
    try {
      const handler = createMailHandler({ smtpUrl: smtp.url, dataDir: 'memory://', mailDir, mailFrom: FROM, logger });
      const id = await db.transaction().execute((tx) =>
        sendMailInTx(tx, { to: 'an.nguyen@example.vn', subject: SUBJECT, text: TEXT }),
      );
      await createOutboxWorker({ database: testDb.database, handlers: { [MAIL_EVENT]: handler }, logger }).drain();
      const row = (
        await sql<{ status: string; last_error: string }>`SELECT status, last_error FROM outbox_events WHERE id = ${id}`.execute(db)
      ).rows[0];
      expect(row?.status).toBe('parked');
      expect(row?.last_error).toMatch(/^mail not sent: .*550/);
      expect(row?.last_error).not.toContain('an.nguyen');
      const log = logLines.join('');
      expect(log).toContain('outbox event parked');
      expect(log).not.toContain('an.nguyen');
      expect(log).not.toContain('Kính gửi');
    } finally {
      await smtp.close();
    }
  });
});
