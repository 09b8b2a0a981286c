import { createTestPlatform } from '../../app/testing.ts';
import type { Config } from '../../platform/config/index.ts';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { signRequest } from '../../platform/integration/index.ts';
import type { Actor, ModuleRegistration } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { buildEdxml, type Bussiness, type DocumentPackage, type StatusCode } from './edxml/index.ts';
import { sampleDocument, sampleOrganization, sampleStatus } from './edxml/samples.ts';
import type { ExchangeApi, ExchangeModuleOptions } from './index.ts';
import { cachedAgencyExists, type ExchangeDeps } from './exchange.access.ts';
import { createSignatureService } from './exchange.signature.ts';

// Test-only helpers (not exported through index.ts).

const admin: Actor = { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] };

/**
 * Agencies the fixtures name that the seeded directory lacks: a unit of Cần Thơ and the
 * malformed `28.22.H17`, as a real directory imported from the old axis would hold them.
 * Inserted straight into the agencies table: test set-up only, the agencies module has no
 * API for arbitrary directory rows.
 */
const EXTRA_AGENCIES: [code: string, name: string, level: number, level1: string][] = [
  ['002.00.20.H13', 'Sở Thông tin và Truyền thông thành phố Cần Thơ', 3, 'H13'],
  ['28.22.H17', 'Đơn vị thử nghiệm (mã cũ)', 3, 'H17'],
];

export interface Client {
  clientId: string;
  secret: string;
  agencyCode: string;
}

export async function setUpExchange(options: ExchangeModuleOptions = {}, config: Partial<Config> = {}) {
  const platform = await createTestPlatform({
    modules: ['exchange'],
    seed: ['agencies'],
    config: { secretKey: 'exchange-test-secret-key-0123456789abcdef', ...config },
    options: { exchange: options },
  });
  const { ctx } = platform;
  for (const [code, name, level, level1] of EXTRA_AGENCIES) {
    await sql`INSERT INTO agencies (code, name, level, level1, code_confirmed) VALUES (${code}, ${name}, ${level}, ${level1}, false)`.execute(ctx.db);
  }
  const agencies = { api: platform.api<AgenciesApi>('agencies') };
  const exchange = { api: platform.api<ExchangeApi>('exchange'), registration: platform.registrations.find((r) => r.name === 'exchange') as ModuleRegistration };
  const app: HttpApp = await platform.http();

  const clients = new Map<string, Client>();
  async function client(agencyCode: string): Promise<Client> {
    const known = clients.get(agencyCode);
    if (known) return known;
    const created = await agencies.api.createClient(admin, { agencyCode, name: `Hệ thống QLVB ${agencyCode}` });
    const value = { clientId: created.clientId, secret: created.secret, agencyCode };
    clients.set(agencyCode, value);
    return value;
  }

  // The replay guard refuses a signature seen before; identical calls within one second
  // (polling an inbox twice) would sign the same text. Real clients wait; tests shift the
  // timestamp instead, within the allowed skew.
  const used = new Set<string>();
  function freshTimestamp(key: string): number {
    const now = Math.floor(Date.now() / 1000);
    for (let offset = 0; offset < 250; offset++) {
      for (const ts of [now - offset, now + offset]) {
        if (!used.has(`${ts} ${key}`)) {
          used.add(`${ts} ${key}`);
          return ts;
        }
      }
    }
    throw new Error('test: no unused timestamp left for this request');
  }

  /** A signed call of the exchange API as the system of `agencyCode`. */
  async function call(agencyCode: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: Buffer | object, headers: Record<string, string> = {}) {
    const c = await client(agencyCode);
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const contentType = body === undefined ? {} : { 'content-type': Buffer.isBuffer(body) ? 'application/xml' : 'application/json' };
    return app.inject({
      method,
      url,
      headers: {
        ...contentType,
        ...headers,
        ...signRequest({ clientId: c.clientId, secret: c.secret, method, path: url, body: payload, timestamp: freshTimestamp(`${c.clientId} ${method} ${url} ${payload?.toString('base64') ?? ''}`) }),
      },
      ...(payload === undefined ? {} : { payload }),
    });
  }

  return { ctx, db: ctx.db, app, platform, agencies: agencies.api, exchange: exchange.api, registration: exchange.registration, client, call, close: () => platform.close() };
}

export type ExchangeTestContext = Awaited<ReturnType<typeof setUpExchange>>;

let counter = 0;

/** A document from `from` to `to`, with a DocumentId unique to the test unless given. */
export function documentBytes(input: { from: string; to: string[]; number?: string; bussiness?: Bussiness | null; subject?: string }): { bytes: Buffer; documentId: string; model: DocumentPackage } {
  counter += 1;
  const number = input.number ?? `${counter}/TEST`;
  const base = sampleDocument(input.bussiness ?? null);
  const documentId = `${input.from},2026/03/02,${number}`;
  const model: DocumentPackage = {
    ...base,
    from: sampleOrganization(input.from, `Cơ quan ${input.from}`),
    to: input.to.map((code) => sampleOrganization(code, `Cơ quan ${code}`)),
    documentId: { raw: documentId, issuerOrganId: input.from, date: { raw: '2026/03/02', iso: '2026-03-02' }, codeNumberNotation: number },
    subject: input.subject ?? base.subject,
  };
  return { bytes: buildEdxml(model), documentId, model };
}

/** A status from `from` about `documentId`, addressed to `to`. */
export function statusBytes(input: { from: string; to: string; documentId: string; code: StatusCode; description?: string }): Buffer {
  const base = sampleStatus(input.code);
  return buildEdxml({
    ...base,
    from: sampleOrganization(input.from, `Cơ quan ${input.from}`),
    responseFor: { ...base.responseFor, organId: input.to, documentId: { ...base.responseFor.documentId, raw: input.documentId } },
    description: input.description ?? base.description,
  });
}

/** Signs a package as a document-management system would: enveloped XML-DSig over the whole package, placed in edXMLHeader. */
export async function signEdxml(bytes: Buffer, privateKeyPem: string): Promise<Buffer> {
  const { SignedXml } = await import('xml-crypto');
  const signer = new SignedXml({
    privateKey: privateKeyPem,
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  });
  signer.addReference({
    xpath: '/*',
    uri: '',
    isEmptyUri: true,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signer.computeSignature(bytes.toString('utf8'), { location: { reference: "//*[local-name(.)='edXMLHeader']", action: 'append' } });
  return Buffer.from(signer.getSignedXml(), 'utf8');
}

/** The header that signs a page request in as `actor` (see setUpExchange). */
export { actorHeader } from '../../app/testing.ts';

/** The use cases' dependencies, as createExchangeModule wires them, for tests that call use cases directly. */
export function exchangeDepsOf(t: ExchangeTestContext, maxPackageBytes = 50 * 1024 * 1024): ExchangeDeps {
  return {
    db: t.db,
    files: t.ctx.files,
    agencies: t.agencies,
    agencyExists: cachedAgencyExists((code) => t.agencies.findAgency(code)),
    maxPackageBytes,
    signatures: createSignatureService(t.db, t.agencies.isWithin),
  };
}
