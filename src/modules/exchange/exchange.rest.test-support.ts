import { expect } from 'vitest';
import type { ExchangeTestContext } from './exchange.test-support.ts';

// The REST transport as the route tests call it: send, read the inbox, acknowledge.

export interface SendJson {
  id: string;
  documentId: string;
  duplicate: boolean;
  deliveries: { recipient: string; sequence: number; state: string; withdrawn: string | null; withdrawnBy: string | null }[];
  warnings: { code: string; element: string | null }[];
}

export interface InboxJson {
  items: { deliveryId: number; package: { id: string; sender: string; documentId: string; businessType: number | null }; delivery: { sequence: number; state: string; withdrawn: string | null; withdrawnBy: string | null } }[];
  nextAfter: number | null;
}

/** Calls of the REST transport on the context `context()` returns (set up in a beforeAll). */
export function restCalls(context: () => ExchangeTestContext) {
  async function send(agency: string, bytes: Buffer) {
    const response = await context().call(agency, 'POST', '/api/v1/exchange/packages', bytes);
    return { status: response.statusCode, json: response.json() as SendJson & { error?: { code: string; details?: Record<string, unknown> } } };
  }

  async function inbox(agency: string, query = ''): Promise<InboxJson> {
    const response = await context().call(agency, 'GET', `/api/v1/exchange/inbox${query}`);
    expect(response.statusCode).toBe(200);
    return response.json() as InboxJson;
  }

  const ack = (agency: string, id: string, result: string) => context().call(agency, 'POST', `/api/v1/exchange/packages/${id}/ack`, { result });

  /** Clears an agency's inbox so that each test starts from its own packages. */
  async function drain(agency: string): Promise<void> {
    for (const item of (await inbox(agency, '?limit=200')).items) expect((await ack(agency, item.package.id, 'done')).statusCode).toBe(200);
  }

  return { send, inbox, ack, drain };
}
