import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../platform/http/index.ts';
import type { Actor } from '../platform/module/index.ts';
import type { IdentityApi } from '../modules/identity/index.ts';
import type { PaymentsApi } from '../modules/payments/index.ts';
import { MODULES } from './modules.ts';
import { actorHeader, createTestPlatform, type TestPlatform } from './testing.ts';

/** The demo as `egov start` seeds it: every module's demo data, then the demo citizen's pages. */
let platform: TestPlatform;
let app: HttpApp;
let citizen: Actor;

beforeAll(async () => {
  platform = await createTestPlatform({ modules: MODULES.map((m) => m.name), seed: true });
  app = await platform.http();
  citizen = await platform.api<IdentityApi>('identity').authenticate({ identifier: '001090000001', password: 'Demo@2026egov', ip: '192.0.2.1' });
}, 600_000);
afterAll(async () => platform?.close());

/** The demo citizen's dossiers synced from the ward's one-stop system (feedback's demo), by their receipt. */
const DEMO_DOSSIER_RECEIPTS = ['/dossiers/000.00.51.H49-251110-0901/receipt', '/dossiers/000.00.51.H49-251112-0902/receipt'];
const get = (url: string) => app.inject({ method: 'GET', url, headers: { ...actorHeader(citizen), accept: 'text/html' } });
const links = (html: string) => [...html.matchAll(/href="(\/[^"#]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));

describe('the demo citizen’s "my dossiers"', () => {
  it('lists the demo dossiers, and every dossier link answers 200', async () => {
    const page = await get('/my/dossiers');
    expect(page.statusCode).toBe(200);
    const dossierLinks = [...new Set(links(page.body).filter((href) => href.startsWith('/dossiers/')))];
    expect(dossierLinks.length).toBeGreaterThan(0);
    // Each dossier's page, and the links it gives on (progress, tracking, payments …).
    const visited = new Map<string, number>();
    for (const href of dossierLinks) {
      const answer = await get(href);
      visited.set(href, answer.statusCode);
      for (const next of links(answer.body).filter((h) => /^\/(dossiers|track|my|payments|feedback)\b/.test(h))) {
        if (!visited.has(next)) visited.set(next, (await get(next)).statusCode);
      }
    }
    expect([...visited].filter(([, status]) => status !== 200)).toEqual([]);
    expect([...visited.keys()].filter((h) => h.endsWith('/receipt'))).toEqual(expect.arrayContaining(DEMO_DOSSIER_RECEIPTS));
  });

  it('opens a synced dossier to the account with its ID number only', async () => {
    const other = await platform.api<IdentityApi>('identity').authenticate({ identifier: '022190000002', password: 'Demo@2026egov', ip: '192.0.2.2' });
    for (const href of DEMO_DOSSIER_RECEIPTS) {
      expect((await app.inject({ method: 'GET', url: href, headers: { ...actorHeader(other), accept: 'text/html' } })).statusCode).toBe(404);
    }
  });

  it('has demo payments: a fee paid by transfer and one pending, each on the demo citizen’s dossiers, whose pages answer 200', async () => {
    const page = await get('/payments');
    expect(page.statusCode).toBe(200);
    const orders = [...new Set(links(page.body).filter((href) => /^\/payments\/orders\/EG[A-Z0-9]+$/.test(href)))];
    expect(orders).toHaveLength(2);
    const views = await Promise.all(orders.map((href) => get(href)));
    expect(views.map((v) => v.statusCode)).toEqual([200, 200]);
    const dossiersPage = (await get('/my/dossiers')).body;
    const statuses = orders.map((href) => platform.api<PaymentsApi>('payments').findOrder(href.split('/').pop() ?? ''));
    const found = await Promise.all(statuses);
    expect(found.map((o) => o?.status).sort()).toEqual(['paid', 'pending']);
    for (const order of found) {
      expect(order).toMatchObject({ applicantAccountId: citizen.accountId, amountVnd: 16_000 });
      expect(dossiersPage).toContain(`/dossiers/${encodeURIComponent(order?.dossierCode ?? '')}/receipt`);
    }
    const paid = found.find((o) => o?.status === 'paid');
    expect((await get(`/payments/orders/${paid?.reference}/receipt.pdf`)).statusCode).toBe(200);
  });
});
