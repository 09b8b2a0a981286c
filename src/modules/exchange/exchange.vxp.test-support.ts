import { deriveKey, encryptSecret } from '../../platform/crypto/index.ts';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Client, ExchangeTestContext } from './exchange.test-support.ts';
import { SdkClient, type Capture, type SdkRequest, type SdkResponse } from './exchange.vxp-sdk.test-support.ts';

// Test-only helpers of the VXP transport's tests (not exported through index.ts).

/**
 * An integration client with a given system id and secret: the captures of the SDK were
 * signed with recorded throw-away secrets, and replaying them needs a client holding them.
 * Inserted straight into the agencies module's tables, sealed as that module seals secrets
 * (AES-GCM under the key derived from SECRET_KEY for 'integration-client-secrets'): test
 * set-up only, the agencies module creates every real client with a secret of its own.
 */
export async function clientWithSecret(t: ExchangeTestContext, client: Client & { timeZone?: string }): Promise<Client> {
  const sealed = encryptSecret(client.secret, deriveKey(t.ctx.config.secretKey, 'integration-client-secrets'));
  await sql`
    INSERT INTO integration_clients (id, agency_code, name, created_by, time_zone)
    VALUES (${client.clientId}, ${client.agencyCode}, ${`SDK ${client.clientId}`}, 'test', ${client.timeZone ?? 'Asia/Ho_Chi_Minh'})
  `.execute(t.db);
  await sql`
    INSERT INTO integration_client_secrets (client_id, sealed_secret, hint) VALUES (${client.clientId}, ${sealed}, ${client.secret.slice(-4)})
  `.execute(t.db);
  return client;
}

/** Puts a request of the test SDK on the app (light-my-request). */
export function injector(app: HttpApp): (request: SdkRequest) => Promise<SdkResponse> {
  return async (request) => {
    const response = await app.inject({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      ...(request.body.length > 0 ? { payload: request.body } : {}),
    });
    return { statusCode: response.statusCode, headers: response.headers, body: response.body };
  };
}

/** The test SDK signing as `client` against the app. */
export function sdkFor(app: HttpApp, client: Client, options: { timeZone?: string; now?: () => number } = {}): SdkClient {
  return new SdkClient({ systemId: client.clientId, secret: client.secret, send: injector(app), ...options });
}

/** Headers a replay leaves to the HTTP client (light-my-request sets the length; `Expect` and `Connection` are the connection's). */
const TRANSPORT_HEADERS = new Set(['content-length', 'connection', 'expect', 'host']);

/** A captured request as it went on the wire, `change` applied to its headers (by exact name; undefined removes). */
export async function replay(app: HttpApp, capture: Capture, body: Buffer, change: Record<string, string | undefined> = {}) {
  const headers: Record<string, string> = {};
  for (const [name, value] of capture.headers) if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers[name] = value;
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const response = await app.inject({ method: capture.method, url: capture.path, headers, ...(body.length > 0 ? { payload: body } : {}) });
  return { status: response.statusCode, headers: response.headers, json: response.json() as { status: string; ErrorCode: string; ErrorDesc: string } & Record<string, unknown> };
}
