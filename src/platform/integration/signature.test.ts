import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/index.ts';
import { assertFreshTimestamp, canonicalRequest, createNonce, parseSignatureHeaders, signRequest, verifySignedRequest } from './index.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) {
      expect(error.kind).toBe('unauthenticated');
      return error.code;
    }
    throw error;
  }
  return undefined;
};

const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

describe('signRequest', () => {
  it('signs "<timestamp>\\n<METHOD>\\n<path>\\n<sha256(body)>" with HMAC-SHA256 of the secret, as the issue specifies', () => {
    const body = '{"maHoSo":"H49.01-260101-0001","trangThai":"Đã tiếp nhận"}';
    const headers = signRequest({ clientId: 'sys_1', secret: 's3cret', method: 'post', path: '/api/v1/status?x=1%202', body, timestamp: 1_767_225_600 });
    const bodyHash = createHash('sha256').update(Buffer.from(body, 'utf8')).digest('hex');
    const expected = createHmac('sha256', 's3cret').update(`1767225600\nPOST\n/api/v1/status?x=1%202\n${bodyHash}`).digest('hex');
    expect(headers).toEqual({ 'X-Egov-Client': 'sys_1', 'X-Egov-Timestamp': '1767225600', 'X-Egov-Signature': expected });
  });

  it('hashes an absent body as the empty string and bytes and their UTF-8 string alike', () => {
    const empty = createHash('sha256').update('').digest('hex');
    expect(canonicalRequest({ timestamp: '1', method: 'get', path: '/a', body: undefined })).toBe(`1\nGET\n/a\n${empty}`);
    const text = '<a>Quảng Ninh</a>';
    expect(canonicalRequest({ timestamp: '1', method: 'POST', path: '/a', body: text })).toBe(
      canonicalRequest({ timestamp: '1', method: 'POST', path: '/a', body: Buffer.from(text, 'utf8') }),
    );
  });

  it('uses the current time when no timestamp is given', () => {
    const before = Math.floor(Date.now() / 1000);
    const ts = Number(signRequest({ clientId: 'c', secret: 's', method: 'GET', path: '/' })['X-Egov-Timestamp']);
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(before + 1);
  });
});

describe('verifySignedRequest', () => {
  const request = { method: 'POST', path: '/api/x', body: '{"a":1}', timestamp: 1000 };
  const signed = (secret: string) => {
    const h = parseSignatureHeaders(lower(signRequest({ clientId: 'c', secret, ...request })));
    return { ...h, method: request.method, path: request.path, body: request.body };
  };

  it('accepts a signature made with any of the active secrets (rotation overlap) and refuses others', () => {
    expect(verifySignedRequest({ ...signed('old'), secrets: ['new', 'old'] })).toBe(true);
    expect(verifySignedRequest({ ...signed('new'), secrets: ['new', 'old'] })).toBe(true);
    expect(verifySignedRequest({ ...signed('other'), secrets: ['new', 'old'] })).toBe(false);
    expect(verifySignedRequest({ ...signed('new'), secrets: [] })).toBe(false);
  });

  it('refuses any change to method, path, body or timestamp', () => {
    const good = { ...signed('k'), secrets: ['k'] };
    expect(verifySignedRequest(good)).toBe(true);
    expect(verifySignedRequest({ ...good, method: 'PUT' })).toBe(false);
    expect(verifySignedRequest({ ...good, path: '/api/x?' })).toBe(false);
    expect(verifySignedRequest({ ...good, body: '{"a":2}' })).toBe(false);
    expect(verifySignedRequest({ ...good, timestamp: '1001' })).toBe(false);
  });

  it('accepts an upper-case hex signature (compared lower-case)', () => {
    const headers = lower(signRequest({ clientId: 'c', secret: 'k', ...request }));
    const upper = parseSignatureHeaders({ ...headers, 'x-egov-signature': headers['x-egov-signature']?.toUpperCase() });
    expect(verifySignedRequest({ ...upper, method: 'POST', path: '/api/x', body: request.body, secrets: ['k'] })).toBe(true);
  });
});

describe('parseSignatureHeaders', () => {
  const headers = lower(signRequest({ clientId: 'sys_1', secret: 'k', method: 'GET', path: '/' }));

  it('needs all three headers, once each', () => {
    expect(codeOf(() => parseSignatureHeaders(headers))).toBeUndefined();
    for (const name of ['x-egov-client', 'x-egov-timestamp', 'x-egov-signature']) {
      expect(codeOf(() => parseSignatureHeaders({ ...headers, [name]: undefined }))).toBe('integration.signature_missing');
      expect(codeOf(() => parseSignatureHeaders({ ...headers, [name]: '  ' }))).toBe('integration.signature_missing');
      expect(codeOf(() => parseSignatureHeaders({ ...headers, [name]: [headers[name] ?? '', headers[name] ?? ''] }))).toBe('integration.signature_missing');
    }
  });

  it('refuses a malformed signature or client id', () => {
    expect(codeOf(() => parseSignatureHeaders({ ...headers, 'x-egov-signature': 'zz'.repeat(32) }))).toBe('integration.signature_invalid');
    expect(codeOf(() => parseSignatureHeaders({ ...headers, 'x-egov-signature': 'ab' }))).toBe('integration.signature_invalid');
    expect(codeOf(() => parseSignatureHeaders({ ...headers, 'x-egov-client': 'a b' }))).toBe('integration.client_unknown');
  });
});

describe('assertFreshTimestamp', () => {
  it('allows 300 s either way and refuses 301 s or a malformed value', () => {
    const now = 1_767_225_600;
    expect(codeOf(() => assertFreshTimestamp(String(now - 300), now))).toBeUndefined();
    expect(codeOf(() => assertFreshTimestamp(String(now + 300), now))).toBeUndefined();
    expect(codeOf(() => assertFreshTimestamp(String(now - 301), now))).toBe('integration.timestamp_skew');
    expect(codeOf(() => assertFreshTimestamp(String(now + 301), now))).toBe('integration.timestamp_skew');
    for (const bad of ['abc', '-5', '1e9', `${now}.5`, '']) {
      expect(codeOf(() => assertFreshTimestamp(bad, now))).toBe('integration.timestamp_skew');
    }
    expect(codeOf(() => assertFreshTimestamp(String(now - 60), now, 30))).toBe('integration.timestamp_skew');
  });
});

describe('the nonce (X-Egov-Nonce)', () => {
  const body = '{"acks":[{"id":"0195f5b2-6a43-7c1e-9d2b-3f4a5b6c7d8e","result":"done"}]}';
  const nonce = 'c2bd3f0f-6d0a-4b1e-9a57-0f6c2a1e8b4d';

  it('is signed between the timestamp and the method: "<timestamp>\\n<nonce>\\n<METHOD>\\n<path>\\n<sha256(body)>"', () => {
    const headers = signRequest({ clientId: 'sys_1', secret: 's3cret', method: 'post', path: '/api/v1/exchange/acks', body, timestamp: 1_767_225_600, nonce });
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const expected = createHmac('sha256', 's3cret').update(`1767225600\n${nonce}\nPOST\n/api/v1/exchange/acks\n${bodyHash}`).digest('hex');
    expect(headers).toEqual({ 'X-Egov-Client': 'sys_1', 'X-Egov-Timestamp': '1767225600', 'X-Egov-Nonce': nonce, 'X-Egov-Signature': expected });
    expect(canonicalRequest({ timestamp: '1767225600', nonce, method: 'post', path: '/api/v1/exchange/acks', body })).toBe(`1767225600\n${nonce}\nPOST\n/api/v1/exchange/acks\n${bodyHash}`);
  });

  it('makes two requests signed in the same second differ, and is itself covered by the signature', () => {
    const same = { clientId: 'c', secret: 'k', method: 'GET', path: '/api/v1/exchange/inbox', timestamp: 1000 };
    const first = signRequest({ ...same, nonce: 'a'.repeat(16) });
    const second = signRequest({ ...same, nonce: 'b'.repeat(16) });
    expect(first['X-Egov-Signature']).not.toBe(second['X-Egov-Signature']);
    const parsed = parseSignatureHeaders(lower(first));
    expect(parsed.nonce).toBe('a'.repeat(16));
    const request = { method: 'GET', path: '/api/v1/exchange/inbox', body: undefined, secrets: ['k'] };
    expect(verifySignedRequest({ ...parsed, ...request })).toBe(true);
    expect(verifySignedRequest({ ...parsed, ...request, nonce: 'b'.repeat(16) })).toBe(false);
    // Dropping the header does not turn it into a request signed without one.
    expect(verifySignedRequest({ ...parsed, ...request, nonce: undefined })).toBe(false);
  });

  it('is optional: without it the signed text and the headers are as before', () => {
    const headers = signRequest({ clientId: 'c', secret: 'k', method: 'GET', path: '/', timestamp: 1 });
    expect(Object.keys(headers)).toEqual(['X-Egov-Client', 'X-Egov-Timestamp', 'X-Egov-Signature']);
    expect(parseSignatureHeaders(lower(headers)).nonce).toBeUndefined();
  });

  it('is 16 to 64 characters of A-Z a-z 0-9 _ -, sent once; anything else is refused as integration.nonce_invalid', () => {
    const headers = lower(signRequest({ clientId: 'c', secret: 'k', method: 'GET', path: '/', nonce: 'x'.repeat(16) }));
    for (const good of ['x'.repeat(16), 'A-z_0'.repeat(12) + 'abcd', createNonce()]) {
      expect(codeOf(() => parseSignatureHeaders({ ...headers, 'x-egov-nonce': good }))).toBeUndefined();
    }
    for (const bad of ['x'.repeat(15), 'x'.repeat(65), `${'x'.repeat(16)}=`, `${'x'.repeat(16)} y`, 'ư'.repeat(16), '', ['x'.repeat(16), 'y'.repeat(16)]]) {
      expect(codeOf(() => parseSignatureHeaders({ ...headers, 'x-egov-nonce': bad })), JSON.stringify(bad)).toBe('integration.nonce_invalid');
    }
    expect(() => signRequest({ clientId: 'c', secret: 'k', method: 'GET', path: '/', nonce: 'short' })).toThrow(/X-Egov-Nonce/);
  });

  it('createNonce makes a fresh valid nonce each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });
});
