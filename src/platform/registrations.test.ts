import { LocalFileStore } from './files/index.ts';
import fs from 'node:fs';
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
});
