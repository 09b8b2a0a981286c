import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sharedFixtures } from '../../platform/testing/index.ts';
import { parseFlatJsonObject, parseVxpTimestamp, readVxpHeaders, unpaddedHex, verifyVxpSignature, vxpFileOf } from './exchange.vxp-signature.ts';
import { loadCaptures, nodeHeaders, SdkClient } from './exchange.vxp-sdk.test-support.ts';

const vxp = sharedFixtures('vxp');

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe.skipIf(!vxp.present)(vxp.suite('the SDK signature of every captured request'), () => {
  const captures = loadCaptures(vxp);

  it('has the eleven calls of the SDK', () => {
    expect(captures.map((c) => c.call)).toEqual([
      'sendEdoc',
      'getReceivedEdocList',
      'getEdoc',
      'updateStatus',
      'getSentEdocList',
      'getAgenciesList',
      'registerAgency',
      'deleteAgency',
      'getAgenciesListQD20',
      'getSynchronizeUnit',
      'countReceiveEdoc',
    ]);
  });

  it.each(captures.map((c) => [c.call, c] as const))('%s: the headers read, and the HMAC verifies with the recorded secret only', (_call, capture) => {
    const headers = readVxpHeaders(nodeHeaders(capture.headers));
    expect(headers.systemId).toBe(capture.header('XroadVnpt-systemid'));
    expect(headers.signed.get('timestamp')).toBe(capture.header('XroadVnpt-timestamp'));
    expect([...headers.signed.keys()]).toEqual(capture.header('XroadVnpt-sign-header-key')!.toLowerCase().split(';'));
    expect(verifyVxpSignature(headers, [capture.clientSecret])).toBe(true);
    expect(verifyVxpSignature(headers, ['another secret', capture.clientSecret])).toBe(true); // during a rotation
    expect(verifyVxpSignature(headers, ['another secret'])).toBe(false);
    expect(verifyVxpSignature(headers, [])).toBe(false);
  });

  it.each(captures.map((c) => [c.call, c] as const))('%s: the timestamp is local time with milliseconds after the +', (_call, capture) => {
    const text = capture.header('XroadVnpt-timestamp')!;
    const [, dd, MM, yyyy, HH, mm, ss, ms] = /^(\d\d)(\d\d)(\d{4})T(\d\d)(\d\d)(\d\d)\+(\d{4})$/.exec(text) ?? [];
    const expected = Date.parse(`${yyyy}-${MM}-${dd}T${HH}:${mm}:${ss}.${String(Number(ms)).padStart(3, '0')}+07:00`);
    expect(parseVxpTimestamp(text, 'Asia/Ho_Chi_Minh')).toBe(expected);
    expect(parseVxpTimestamp(text, 'UTC')).toBe(expected + 7 * 3600_000);
  });

  it.each(captures.map((c) => [c.call, c] as const))('%s: the test client, at the same time with the same secret, signs exactly as the SDK did', (_call, capture) => {
    const names = capture.header('XroadVnpt-sign-header-key')!.split(';');
    const at = names.indexOf('timestamp');
    const param = (n: string): [string, string] => [n, capture.header(`XroadVnpt-${n}`)!];
    const client = new SdkClient({
      systemId: capture.header('XroadVnpt-systemid')!,
      secret: capture.clientSecret,
      now: () => parseVxpTimestamp(capture.header('XroadVnpt-timestamp')!, 'Asia/Ho_Chi_Minh')!,
      send: () => Promise.reject(new Error('not sent')),
    });
    const request = client.sign(capture.call, names.slice(1, at).map(param), {
      contentType: capture.header('XroadVnpt-Content-Type')!,
      after: names.slice(names.indexOf('Content-Type') + 1).map(param),
    });
    const sent = new Map(request.headers);
    for (const name of ['XroadVnpt-sign-header-key', 'XroadVnpt-sign-header', 'XroadVnpt-hash-header', 'XroadVnpt-timestamp']) {
      expect(sent.get(name), name).toBe(capture.header(name));
    }
  });

  it('sendEdoc: the hash-file is the unpadded hex SHA-256 of the file, which the body carries with a CRLF', () => {
    const capture = captures.find((c) => c.call === 'sendEdoc')!;
    const file = vxp.read('sdk-sendEdoc-file.edxml');
    const body = Buffer.concat([file, Buffer.from('\r\n')]);
    expect(body.length).toBe(capture.bodyBytes);
    expect(createHash('sha256').update(body).digest('hex')).toBe(capture.bodySha256);
    const hashFile = capture.header('XroadVnpt-hash-file')!;
    expect(unpaddedHex(createHash('sha256').update(file).digest())).toBe(hashFile);
    expect(hashFile.length).toBeLessThan(64);
    expect(vxpFileOf(body, hashFile)?.equals(file)).toBe(true);
    expect(vxpFileOf(file, hashFile)?.equals(file)).toBe(true); // sent without the CRLF
    expect(vxpFileOf(Buffer.concat([body, Buffer.from('\r\n')]), hashFile)).toBeUndefined();
    expect(vxpFileOf(Buffer.from(body).fill(0x20, 100, 101), hashFile)).toBeUndefined();
    expect(vxpFileOf(body, createHash('sha256').update(file).digest('hex'))?.equals(file)).toBe(true); // every byte's two digits
  });
});

describe('the signed headers describe the request', () => {
  const SECRET = 'k';
  const sign = (entries: [string, string][]) => JSON.stringify(Object.fromEntries(entries));
  const request = (extra: Record<string, string> = {}) => {
    const values: [string, string][] = [
      ['XroadVnpt-systemid', 'sys_0123456789abcdef0123'],
      ['XroadVnpt-docId', 'abc'],
      ['XroadVnpt-timestamp', '05122026T125742+0002'],
    ];
    const json = sign(values);
    return {
      'xroadvnpt-systemid': 'sys_0123456789abcdef0123',
      'xroadvnpt-docid': 'abc',
      'xroadvnpt-timestamp': '05122026T125742+0002',
      'xroadvnpt-sign-header-key': 'systemid;docId;timestamp',
      'xroadvnpt-sign-header': json,
      'xroadvnpt-hash-header': anyHex(json),
      ...extra,
    };
  };
  function anyHex(text: string): string {
    return createHash('sha256').update(text).digest('hex'); // any 64 hex: these tests stop before the HMAC
  }

  it('reads a well-formed request', () => {
    expect(readVxpHeaders(request()).signed).toEqual(new Map([['systemid', 'sys_0123456789abcdef0123'], ['docid', 'abc'], ['timestamp', '05122026T125742+0002']]));
    expect(verifyVxpSignature(readVxpHeaders(request()), [SECRET])).toBe(false);
  });

  it.each([
    ['a missing systemid', { 'xroadvnpt-systemid': '' }, 'exchange.vxp_credentials_missing'],
    ['a missing signature', { 'xroadvnpt-hash-header': '' }, 'exchange.vxp_credentials_missing'],
    ['a signature that is not 64 hex', { 'xroadvnpt-hash-header': 'abc' }, 'exchange.vxp_signature_invalid'],
    ['a header sent with another value than the one signed', { 'xroadvnpt-docid': 'other' }, 'exchange.vxp_signed_headers_invalid'],
    ['a signed header not sent', { 'xroadvnpt-docid': '' }, 'exchange.vxp_signed_headers_invalid'],
    ['a name listed but not in the JSON', { 'xroadvnpt-sign-header-key': 'systemid;docId;timestamp;status', 'xroadvnpt-status': 'done' }, 'exchange.vxp_signed_headers_invalid'],
    ['a name in the JSON but not listed', { 'xroadvnpt-sign-header-key': 'systemid;timestamp' }, 'exchange.vxp_signed_headers_invalid'],
    ['a name listed twice', { 'xroadvnpt-sign-header-key': 'systemid;docId;timestamp;DOCID' }, 'exchange.vxp_signed_headers_invalid'],
    ['an unsigned timestamp', { 'xroadvnpt-sign-header-key': 'systemid;docId' }, 'exchange.vxp_signed_headers_invalid'],
    ['a JSON that is not an object of texts', { 'xroadvnpt-sign-header': '["XroadVnpt-systemid"]' }, 'exchange.vxp_signed_headers_invalid'],
    [
      'a key given twice',
      {
        'xroadvnpt-sign-header':
          '{"XroadVnpt-systemid":"sys_0123456789abcdef0123","XroadVnpt-docId":"abc","XroadVnpt-docId":"abc","XroadVnpt-timestamp":"05122026T125742+0002"}',
        'xroadvnpt-sign-header-key': 'systemid;docId;timestamp;x',
      },
      'exchange.vxp_signed_headers_invalid',
    ],
  ])('refuses %s', (_label, change, code) => {
    expect(codeOf(() => readVxpHeaders(request(change)))).toBe(code);
  });

  it('verifies the bytes sent: a UTF-8 value reaches Node as latin1 characters, and reads back as its text', () => {
    const json = '{"XroadVnpt-systemid":"sys_0123456789abcdef0123","XroadVnpt-from":"Sở Tư pháp","XroadVnpt-timestamp":"05122026T125742+0002"}';
    const wire = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    const read = readVxpHeaders({
      'xroadvnpt-systemid': 'sys_0123456789abcdef0123',
      'xroadvnpt-from': wire('Sở Tư pháp'),
      'xroadvnpt-timestamp': '05122026T125742+0002',
      'xroadvnpt-sign-header-key': 'systemid;from;timestamp',
      'xroadvnpt-sign-header': wire(json),
      'xroadvnpt-hash-header': createHmac('sha256', SECRET).update(json, 'utf8').digest('hex'),
    });
    expect(read.signed.get('from')).toBe('Sở Tư pháp');
    expect(verifyVxpSignature(read, [SECRET])).toBe(true);
  });

  it('compares names without regard to case, as HTTP does', () => {
    const json = '{"xroadvnpt-SYSTEMID":"sys_0123456789abcdef0123","XROADVNPT-docid":"abc","XroadVnpt-Timestamp":"05122026T125742+0002"}';
    const read = readVxpHeaders(request({ 'xroadvnpt-sign-header': json, 'xroadvnpt-sign-header-key': 'SystemId;DOCID;timestamp' }));
    expect(read.signed.get('docid')).toBe('abc');
  });
});

describe('timestamps and hashes', () => {
  it('refuses what is not ddMMyyyyTHHmmss+SSSS or not a real time', () => {
    for (const bad of ['05122026T125742', '05122026T125742+07:00', '31022026T125742+0002', '05122026T245742+0002', '05122026T125742+1000', '2026-12-05T12:57:42Z', '']) {
      expect(parseVxpTimestamp(bad, 'Asia/Ho_Chi_Minh'), bad).toBeUndefined();
    }
    expect(parseVxpTimestamp('05122026T125742+2', 'Asia/Ho_Chi_Minh')).toBe(Date.parse('2026-12-05T12:57:42.002+07:00'));
  });

  it('reads a time zone with daylight saving at its offset of the day', () => {
    expect(parseVxpTimestamp('01072026T120000+0000', 'Europe/Paris')).toBe(Date.parse('2026-07-01T12:00:00+02:00'));
    expect(parseVxpTimestamp('01012026T120000+0000', 'Europe/Paris')).toBe(Date.parse('2026-01-01T12:00:00+01:00'));
  });

  it('writes each byte without its leading zero', () => {
    expect(unpaddedHex(Uint8Array.from([0x06, 0x00, 0xab, 0x10]))).toBe('60ab10');
  });

  it('reads a JSON object of texts, escapes included, and nothing else', () => {
    expect(parseFlatJsonObject(' { "a" : "1" , "b\\u0041":"x\\"y" } ')).toEqual([['a', '1'], ['bA', 'x"y']]);
    expect(parseFlatJsonObject('{}')).toEqual([]);
    for (const bad of ['', '{', '{"a":1}', '{"a":"1",}', '{"a":"1"} x', '["a"]', '{"a":"1" "b":"2"}', '{"a":{"b":"c"}}']) {
      expect(parseFlatJsonObject(bad), bad).toBeUndefined();
    }
  });
});
