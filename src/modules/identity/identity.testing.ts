import type { LightMyRequestResponse } from 'fastify';
import { createTestPlatform } from '../../app/testing.ts';
import type { Config } from '../../platform/config/index.ts';
import { sql, type Db } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { ModuleRegistration } from '../../platform/module/index.ts';
import type { IdentityApi } from './index.ts';
import type { AgencyDirectory } from './identity.context.ts';
import { DEMO_TOTP_SECRET } from './identity.seed.ts';
import { currentTotpCode } from './two-factor.service.ts';

// Test support for identity (not a test file): a fresh database, the HTTP shell with
// identity's routes, a fake agency directory and a cookie-keeping "browser".

export const TEST_AGENCIES: Record<string, string> = {
  '000.00.00.H49': 'Ủy ban nhân dân tỉnh Quảng Ninh',
  '000.00.01.H49': 'Sở Tư pháp tỉnh Quảng Ninh',
  '000.00.00.H29': 'Ủy ban nhân dân Thành phố Hồ Chí Minh',
  '000.00.01.H29': 'Sở Tư pháp Thành phố Hồ Chí Minh',
  '000.00.00.G15': 'Bộ Tư pháp',
};

export function fakeAgencies(names: Record<string, string> = TEST_AGENCIES): AgencyDirectory {
  return {
    async findAgency(code) {
      const name = names[code];
      return name ? { code, name, provinceCode: null } : undefined;
    },
  };
}

export interface IdentityTestEnv {
  app: HttpApp;
  api: IdentityApi;
  registration: ModuleRegistration;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

/**
 * Identity wired as in production (test harness), with the real agency directory and its
 * demo agencies — or with a fake directory where the agencies a test needs are the point.
 */
export async function createIdentityTestEnv(options: { config?: Partial<Config>; agencies?: AgencyDirectory; identity?: Record<string, unknown> } = {}): Promise<IdentityTestEnv> {
  const platform = await createTestPlatform({
    // The roles officials are given, and the console's links, are other modules' contributions.
    modules: ['identity', 'dossiers', 'exchange'],
    ...(options.config ? { config: options.config } : {}),
    ...(options.identity ? { options: { identity: options.identity } } : {}),
    ...(options.agencies ? { replace: { agencies: options.agencies } } : { seed: ['agencies'] }),
  });
  const app = await platform.http();
  DATABASE_OF_APP.set(app, platform.ctx.db);
  return {
    app,
    api: platform.api<IdentityApi>('identity'),
    registration: platform.registrations.find((r) => r.name === 'identity') as ModuleRegistration,
    db: platform.ctx.db,
    config: platform.ctx.config,
    close: () => platform.close(),
  };
}

/** Seeds the demo accounts once per test database (one argon2 hash for all). */
export async function seedDemo(env: IdentityTestEnv): Promise<string[]> {
  const lines: string[] = [];
  await env.registration.seedDemo?.((line) => lines.push(line));
  return lines;
}

export const DEMO = 'Demo@2026egov';

// TestBrowser.logIn completes the second step of demo officials' logins with the demo
// authenticator; it needs the database to forget the last code used (see passSecondFactor).
const DATABASE_OF_APP = new WeakMap<HttpApp, Db>();

/** A browser for app.inject: keeps cookies, reads the CSRF token of the last form page. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(
    private readonly app: HttpApp,
    private readonly ip = '127.0.0.1',
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: this.headers(), remoteAddress: this.ip });
    this.keep(res);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  /** Posts a form like a browser would: with the CSRF token of the page it came from, unless told not to. */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (options.csrf !== false) {
      if (!this.csrf) await this.get(url);
      body.append('_csrf', this.csrf ?? '');
    }
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
      remoteAddress: this.ip,
    });
    this.keep(res);
    return res;
  }

  /**
   * Logs in through the form; returns the response of the last POST. An account with an
   * authenticator (demo officials and admins) is taken through the code step too, unless
   * `secondFactor: false`.
   */
  async logIn(identifier: string, password: string, options: { secondFactor?: boolean } = {}): Promise<LightMyRequestResponse> {
    await this.get('/login');
    const res = await this.post('/login', { identifier, password });
    const location = String(res.headers.location ?? '');
    if (options.secondFactor === false || !location.startsWith('/login/second-factor')) return res;
    return this.passSecondFactor(location);
  }

  /**
   * Gives the demo authenticator's current code. Logins in one test run come faster than
   * the 30-second steps and a code is accepted once: the test forgets the last step used.
   */
  async passSecondFactor(location = '/login/second-factor', secret = DEMO_TOTP_SECRET): Promise<LightMyRequestResponse> {
    const db = DATABASE_OF_APP.get(this.app);
    if (db) await sql`UPDATE second_factors SET last_used_step = NULL`.execute(db);
    await this.get(location);
    const next = new URL(location, 'http://x').searchParams.get('next');
    return this.post('/login/second-factor', { code: await currentTotpCode(secret), ...(next ? { next } : {}) });
  }

  get session(): string | undefined {
    return this.cookies.get('egov_session');
  }

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { accept: 'text/html', ...(cookie ? { cookie } : {}) };
  }

  private keep(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now());
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
}

/** Mail events queued through the outbox, newest last. */
export async function queuedMails(db: Db): Promise<{ to: string; subject: string; text: string }[]> {
  const result = await sql<{ payload: { to: string; subject: string; text: string } }>`
    SELECT payload FROM outbox_events WHERE type = 'mail.send' ORDER BY id
  `.execute(db);
  return result.rows.map((r) => r.payload);
}

export async function auditActions(db: Db, entityId?: string): Promise<string[]> {
  const result = await sql<{ action: string }>`
    SELECT action FROM audit_log WHERE ${entityId === undefined ? sql`true` : sql`entity_id = ${entityId}`} ORDER BY seq
  `.execute(db);
  return result.rows.map((r) => r.action);
}

/** The token of the newest link to `path` (e.g. `/register/confirm`) mailed to `to`, or undefined. */
export async function tokenMailedTo(db: Db, to: string, path: string): Promise<string | undefined> {
  const mail = (await queuedMails(db)).filter((m) => m.to === to && m.text.includes(`${path}?token=`)).at(-1);
  const token = mail ? new RegExp(`${path.replace(/[/]/g, '\\/')}\\?token=(\\S+)`).exec(mail.text)?.[1] : undefined;
  return token === undefined ? undefined : decodeURIComponent(token);
}
