import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors/index.ts';
import {
  authenticateSignedRequest,
  canonicalRequest,
  IntegrationErrors,
  sha256Hex,
  signRequest,
  type ReplayStore,
  type SignedRequestInput,
} from './index.ts';

// The worked example of docs/integration.md, read from the page itself: integrators copy
// these numbers, so the page and the code must agree.
const GUIDE = readFileSync(path.resolve(import.meta.dirname, '../../../docs/integration.md'), 'utf8');

/** The ```text block right after `<!-- example:NAME -->`. */
function block(name: string): string {
  const found = new RegExp(`<!-- example:${name} -->\\n\`\`\`text\\n([\\s\\S]*?)\\n\`\`\``).exec(GUIDE)?.[1];
  if (found === undefined) throw new Error(`docs/integration.md has no example block "${name}"`);
  return found;
}

function inputs() {
  const fields = new Map(block('inputs').split('\n').map((line) => {
    const [, key, value] = /^(\w+(?: \w+)?)\s{2,}(.*)$/.exec(line) ?? [];
    return [key ?? '', value ?? ''];
  }));
  const field = (key: string) => {
    const value = fields.get(key);
    if (value === undefined) throw new Error(`the example's inputs lack "${key}"`);
    return value;
  };
  return {
    clientId: field('client id'),
    secret: field('secret'),
    timestamp: Number(field('timestamp')),
    nonce: field('nonce'),
    method: field('method'),
    path: field('path'),
    body: field('body'),
  };
}

/** A replay store in memory: the first use of a key is accepted. */
function memoryReplayStore(): ReplayStore {
  const seen = new Set<string>();
  return {
    async remember(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
  };
}

describe('the worked example of the integration guide', () => {
  it('gives the body hash, string to sign and signature that signRequest computes', () => {
    const example = inputs();
    expect(sha256Hex(example.body)).toBe(block('body-sha256'));
    expect(canonicalRequest({ ...example, timestamp: String(example.timestamp) })).toBe(block('string-to-sign'));
    const headers = signRequest(example);
    expect(headers).toEqual({
      'X-Egov-Client': example.clientId,
      'X-Egov-Timestamp': String(example.timestamp),
      'X-Egov-Nonce': example.nonce,
      'X-Egov-Signature': block('signature'),
    });
    const { nonce: _nonce, ...withoutNonce } = example;
    expect(signRequest(withoutNonce)['X-Egov-Signature']).toBe(block('signature-without-nonce'));
  });

  it('is accepted by the server once, at its own time, and then refused as a replay', async () => {
    const example = inputs();
    const headers = Object.fromEntries(Object.entries(signRequest(example)).map(([name, value]) => [name.toLowerCase(), value]));
    const request: SignedRequestInput = { headers, method: example.method, path: example.path, readBody: async () => Buffer.from(example.body, 'utf8') };
    const options = {
      resolver: { resolve: async (clientId: string) => (clientId === example.clientId ? { clientId, agencyCode: '000.00.00.H49', secrets: [example.secret] } : undefined) },
      replayStore: memoryReplayStore(),
      now: () => example.timestamp * 1000,
    };
    expect(await authenticateSignedRequest(request, options)).toEqual({ clientId: example.clientId, agencyCode: '000.00.00.H49' });
    await expect(authenticateSignedRequest(request, options)).rejects.toMatchObject({ code: IntegrationErrors.replay().code });
  });

  it('lists every error code of signed requests', () => {
    const codes = Object.values(IntegrationErrors).map((make) => (make as (n: number) => DomainError)(300).code);
    for (const code of codes) expect(GUIDE).toContain(`\`${code}\``);
  });
});
