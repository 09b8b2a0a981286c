import { LocalFileStore } from './files/index.ts';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testConfig } from './config/index.ts';
import type { Database } from './db/index.ts';
import { createLogger } from './logging/index.ts';
import { ContributionRegistry } from './module/index.ts';
import { platformRegistrations } from './registrations.ts';

describe('platformRegistrations', () => {
  const database = {} as Database; // not touched when registering
  const registrations = platformRegistrations({
    config: testConfig(),
    logger: createLogger('silent'),
    database,
    db: database.db,
    files: LocalFileStore.forDataDir('memory://'),
    contributions: new ContributionRegistry(),
  });

  it('applies the extensions first, then outbox, audit and integration nonces, each folder under its own name', () => {
    const sources = registrations.flatMap((r) => (r.migrationsDir ? [[r.name, path.relative(import.meta.dirname, r.migrationsDir)]] : []));
    expect(sources).toEqual([
      ['platform', path.join('db', 'migrations')],
      ['platform.events', path.join('events', 'migrations')],
      ['platform.audit', path.join('audit', 'migrations')],
      ['platform.integration', path.join('integration', 'migrations')],
    ]);
    for (const [, dir] of sources) expect(fs.existsSync(path.join(import.meta.dirname, dir ?? ''))).toBe(true);
  });

  it('registers the mail.send and sms.send handlers', () => {
    const handlers = registrations.flatMap((r) => Object.keys(r.commands ?? {}));
    expect(handlers).toEqual(['mail.send', 'sms.send']);
  });

  it('hands SMS to the HTTP gateway of SMS_GATEWAY_URL, with its token, when one is configured', async () => {
    const received: { body: unknown; auth: string | undefined }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ body: JSON.parse(body), auth: req.headers.authorization });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const config = testConfig({ smsGatewayUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, smsGatewayToken: 'k3y' });
      const withGateway = platformRegistrations({ config, logger: createLogger('silent'), database, db: database.db, files: LocalFileStore.forDataDir('memory://'), contributions: new ContributionRegistry() });
      const handler = withGateway.find((r) => r.name === 'platform.notify')?.commands?.['sms.send'];
      await handler?.({ id: 7, type: 'sms.send', attempts: 0, payload: { to: '+84912345678', text: 'DVC: test', reference: 'r-7' } });
      expect(received).toEqual([{ body: { to: '+84912345678', text: 'DVC: test', reference: 'r-7' }, auth: 'Bearer k3y' }]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
