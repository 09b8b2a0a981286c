import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { testConfig } from '../../platform/config/index.ts';
import { createHttpApp, type HttpApp } from '../../platform/http/index.ts';
import { createLogger } from '../../platform/logging/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/index.ts';
import { registerCalendarAdminRoutes } from './calendar.pages.tsx';
import { listOverrides } from './calendar.repository.ts';

const platformDir = path.resolve(import.meta.dirname, '../../platform');
const admin: Actor = { accountId: 'a-1', kind: 'admin', displayName: 'Quản trị', agencyCode: null, roles: [] };
const official: Actor = { accountId: 'o-1', kind: 'official', displayName: 'Cán bộ', agencyCode: '000.00.00.H49', roles: ['agency_admin'] };

describe('calendar administration pages', () => {
  let test: TestDatabase;
  let app: HttpApp;
  let actor: Actor | undefined;

  beforeAll(async () => {
    test = await createTestDatabase([
      { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
      { module: 'calendar', dir: path.join(import.meta.dirname, 'migrations') },
      { module: 'platform.audit', dir: path.join(platformDir, 'audit', 'migrations') },
    ]);
    app = await createHttpApp({ config: testConfig(), logger: createLogger('silent'), ready: async () => undefined });
    app.decorateRequest('actor', undefined);
    app.addHook('onRequest', async (request) => {
      request.actor = actor;
    });
    registerCalendarAdminRoutes(app, test.database.db);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await test.close();
  });

  async function formSession() {
    const page = await app.inject({ url: '/admin/calendar?year=2026', headers: { accept: 'text/html' } });
    const cookie = page.cookies.find((c) => c.name === '_csrf')?.value ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    return { page, cookie, token };
  }

  function post(url: string, session: { cookie: string; token: string }, fields: Record<string, string>) {
    return app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      cookies: { _csrf: session.cookie },
      payload: new URLSearchParams({ _csrf: session.token, ...fields }).toString(),
    });
  }

  it('refuses anyone but a system administrator', async () => {
    actor = undefined;
    const anonymous = await app.inject('/admin/calendar');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'calendar.unauthenticated' } });
    actor = official;
    const other = await app.inject('/admin/calendar');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: { code: 'calendar.admin_only' } });
  });

  it('lists the year, records a swap with its legal basis, audits it and removes it', async () => {
    actor = admin;
    const session = await formSession();
    expect(session.page.statusCode).toBe(200);
    expect(session.page.body).toContain('17/02/2026'); // Tết 2026 (lunar new year's day)
    const seeded = await listOverrides(test.database.db, 2026);

    const saved = await post('/admin/calendar/overrides', session, { day: '2026-09-05', kind: 'working_day', reason: 'Công văn thử nghiệm 1/VPCP' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/calendar?year=2026&saved=2026-09-05');
    const after = await listOverrides(test.database.db, 2026);
    expect(after).toHaveLength(seeded.length + 1);
    expect(after.find((o) => o.day === '2026-09-05')).toMatchObject({ kind: 'working_day', updatedBy: 'Quản trị' });

    const removed = await post('/admin/calendar/overrides/2026-09-05/delete', session, {});
    expect(removed.statusCode).toBe(303);
    expect(await listOverrides(test.database.db, 2026)).toHaveLength(seeded.length);

    const audit = await sql<{ action: string }>`select action from audit_log order by seq`.execute(test.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['calendar.override_set', 'calendar.override_removed']);
  });

  it('re-renders the form with errors tied to the fields and stores nothing', async () => {
    actor = admin;
    const session = await formSession();
    const before = await listOverrides(test.database.db);
    const response = await post('/admin/calendar/overrides', session, { day: '2026-02-30', kind: 'holiday', reason: ' ' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('aria-invalid="true"');
    expect(response.body).toContain('id="f-day-error"');
    expect(response.body).toContain('id="f-reason-error"');
    expect(response.body).toContain('value="2026-02-30"');
    expect(await listOverrides(test.database.db)).toEqual(before);
  });
});
