import { createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { signRequest } from '../../platform/integration/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { sharedFixtures } from '../../platform/testing/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';

// Test-only helpers (not exported through index.ts).

export const dvcqg = sharedFixtures('dvcqg');
const admin: Actor = { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] };

/** The agency the fixtures' `madonvi` names (Quảng Ninh's People's Committee in the demo directory). */
export const H49 = '000.00.00.H49';

export interface SyncClient {
  clientId: string;
  secret: string;
  agencyCode: string;
}

export interface SyncTestContext {
  platform: TestPlatform;
  app: HttpApp;
  client(agencyCode?: string): Promise<SyncClient>;
  /** POST of a JSON body (or raw text) at a path; the parsed answer and the HTTP status. */
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> & { error_code?: string; message?: string; session?: string; result?: unknown[] } }>;
  /** A fresh session of the client of `agencyCode`. */
  login(agencyCode?: string): Promise<string>;
  /** A signed POST as the client of `agencyCode`. */
  signed(url: string, body: unknown, agencyCode?: string): Promise<{ status: number; json: Record<string, unknown> }>;
  fixture(name: string): Record<string, unknown> & { data?: Record<string, unknown>[] };
  close(): Promise<void>;
}

let nonce = 0;

/** `ingestThreads`: the server answers bulk batches on that many threads (PostgreSQL only). */
export async function setUpSync(options: { ingestThreads?: number } = {}): Promise<SyncTestContext> {
  const platform = await createTestPlatform({ modules: ['statussync'], seed: ['agencies', 'catalog'], config: { secretKey: 'statussync-test-secret-key-0123456789abcdef', ...(options.ingestThreads ? { ingestThreads: options.ingestThreads } : {}) } });
  const app = await platform.http();
  const agencies = platform.api<AgenciesApi>('agencies');
  const clients = new Map<string, SyncClient>();
  async function client(agencyCode = H49): Promise<SyncClient> {
    const known = clients.get(agencyCode);
    if (known) return known;
    const created = await agencies.createClient(admin, { agencyCode, name: `Một cửa ${agencyCode}` });
    const value = { clientId: created.clientId, secret: created.secret, agencyCode };
    clients.set(agencyCode, value);
    return value;
  }
  async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
    return { status: response.statusCode, json: response.json() };
  }
  return {
    platform,
    app,
    client,
    post,
    async login(agencyCode = H49) {
      const c = await client(agencyCode);
      const { json } = await post('/api/dvcqg/login', { username: c.clientId, password: c.secret });
      if (json.error_code !== '0' || typeof json.session !== 'string') throw new Error(`login failed: ${JSON.stringify(json)}`);
      return json.session;
    },
    async signed(url, body, agencyCode = H49) {
      const c = await client(agencyCode);
      const bytes = Buffer.from(JSON.stringify(body));
      const headers = signRequest({ clientId: c.clientId, secret: c.secret, method: 'POST', path: url, body: bytes, nonce: `test-nonce-${Date.now()}-${nonce++}` });
      const response = await app.inject({ method: 'POST', url, payload: bytes, headers: { 'content-type': 'application/json', ...headers } });
      return { status: response.statusCode, json: response.json() };
    },
    fixture: (name) => JSON.parse(dvcqg.read(`examples/${name}`).toString('utf8')) as Record<string, unknown> & { data?: Record<string, unknown>[] },
    close: () => platform.close(),
  };
}
