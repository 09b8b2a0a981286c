import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFixtures } from '../../platform/testing/index.ts';
import { setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';
import { loadCaptures, type Capture } from './exchange.vxp-sdk.test-support.ts';
import { parseVxpTimestamp } from './exchange.vxp-signature.ts';
import { clientWithSecret, replay } from './exchange.vxp.test-support.ts';

// Issue #20, "Done when": every request the official SDK made, captured on the wire
// (../shared/fixtures/vxp), replayed with the clock at its timestamp and a client holding the
// recorded secret, is authenticated; the same with one header changed, the body changed or
// the signature replayed is refused, in the SDK's envelope.

const vxp = sharedFixtures('vxp');
const captures = vxp.present ? loadCaptures(vxp) : [];
const byCall = (call: string) => captures.find((c) => c.call === call) as Capture;

/** The systems of the captures: the sender of the package (Government Office) and its recipient (Quảng Nam's code in the package, H49). */
const AGENCY_OF: Record<string, string> = { sys_7407e87155b8de8d4b9b: '000.00.00.G22', sys_6c87a1c45103ac6380f2: '000.00.00.H49' };
const AUTH_CODES = [
  'exchange.vxp_credentials_missing',
  'exchange.vxp_signed_headers_invalid',
  'exchange.vxp_client_unknown',
  'exchange.vxp_client_revoked',
  'exchange.vxp_timestamp_skew',
  'exchange.vxp_signature_invalid',
  'exchange.vxp_replay',
  'exchange.vxp_hash_file_missing',
  'exchange.vxp_hash_file_mismatch',
];

/** The body each call carried: the file and a CRLF, `{}`, or nothing (checked against the capture's size and hash). */
function bodyOf(capture: Capture): Buffer {
  if (capture.call === 'sendEdoc') return Buffer.concat([vxp.read('sdk-sendEdoc-file.edxml'), Buffer.from('\r\n')]);
  // registerAgency's JSON is not in the captures (only its size): the SDK signs no hash of it, so any JSON stands in.
  if (capture.call === 'registerAgency') return Buffer.from(JSON.stringify({ code: '000.00.90.H49', name: 'Đơn vị thử nghiệm', pid: '000.00.00.H49', mail: 'thu@example.vn' }));
  return Buffer.from(capture.bodyBytes === 2 ? '{}' : '');
}

async function setUp(): Promise<{ t: ExchangeTestContext; at: (capture: Capture) => void; setClock: (ms: number) => void }> {
  let clock = 0;
  const t = await setUpExchange({ vxpClock: () => clock });
  for (const capture of captures) {
    const clientId = capture.header('XroadVnpt-systemid')!;
    if (!(await t.agencies.findClient(clientId))) await clientWithSecret(t, { clientId, secret: capture.clientSecret, agencyCode: AGENCY_OF[clientId]! });
  }
  return {
    t,
    at: (capture) => (clock = parseVxpTimestamp(capture.header('XroadVnpt-timestamp')!, 'Asia/Ho_Chi_Minh')!),
    setClock: (ms) => (clock = ms),
  };
}

describe.skipIf(!vxp.present)(vxp.suite('the requests of the official SDK, replayed'), () => {
  let t: ExchangeTestContext;
  let at: (capture: Capture) => void;
  let setClock: (ms: number) => void;
  beforeAll(async () => {
    ({ t, at, setClock } = await setUp());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('replays the bodies the SDK sent (same size and SHA-256; registerAgency excepted, its JSON was not kept)', () => {
    for (const capture of captures.filter((c) => c.call !== 'registerAgency')) {
      const body = bodyOf(capture);
      expect(body.length, capture.call).toBe(capture.bodyBytes);
      expect(createHash('sha256').update(body).digest('hex'), capture.call).toBe(capture.bodySha256);
    }
  });

  it('authenticates each of the eleven, and answers each in the SDK envelope', async () => {
    const answers: Record<string, Awaited<ReturnType<typeof replay>>> = {};
    for (const capture of captures) {
      at(capture);
      answers[capture.call] = await replay(t.app, capture, bodyOf(capture));
    }
    for (const [call, answer] of Object.entries(answers)) {
      expect(answer.json, call).toMatchObject({ status: expect.stringMatching(/^(OK|FAIL)$/), ErrorCode: expect.any(String), ErrorDesc: expect.any(String) });
      expect(AUTH_CODES, `${call}: ${answer.json.ErrorCode}`).not.toContain(answer.json.ErrorCode);
    }
    // What each call did in a fresh hub: the captured package was sent and listed …
    const docId = answers.sendEdoc?.json.DocId as string;
    expect(answers.sendEdoc?.json).toMatchObject({ status: 'OK', ErrorCode: '0', ErrorDesc: '', DocId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((answers.getReceivedEdocList?.json.data as { docId: string }[]).map((d) => d.docId)).toEqual([docId]);
    expect((answers.getSentEdocList?.json.data as { senderDocId: string; toCode: string }[]).map((d) => [d.senderDocId, d.toCode])).toEqual([[docId, '000.00.00.H49']]);
    expect(answers.countReceiveEdoc?.json).toMatchObject({ status: 'OK', total: 1 });
    for (const call of ['getAgenciesList', 'getAgenciesListQD20', 'getSynchronizeUnit']) {
      expect(answers[call]?.json, call).toMatchObject({ status: 'OK', data: expect.arrayContaining([expect.objectContaining({ code: '000.00.00.H49' })]) });
    }
    // … and the rest were refused for what they asked, not for who asked: the captured docId
    // is the id the capture's server gave, the SDK's test deleted its own agency, and the
    // directory is not for systems to extend.
    expect(answers.getEdoc?.json).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.package_not_found' });
    expect(answers.updateStatus?.json).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.package_not_found' });
    expect(answers.deleteAgency?.json).toMatchObject({ status: 'FAIL', ErrorCode: 'agencies.unit_out_of_scope' });
    expect(answers.registerAgency?.json).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.vxp_register_not_supported' });
  });

  it('refuses each of them sent again: the same hash-header of a client is accepted once', async () => {
    for (const capture of captures) {
      at(capture);
      const again = await replay(t.app, capture, bodyOf(capture));
      expect(again.status, capture.call).toBe(401);
      expect(again.json, capture.call).toEqual({ status: 'FAIL', ErrorCode: 'exchange.vxp_replay', ErrorDesc: expect.any(String) });
    }
  });

  it('refuses each of them with one signed header sent with another value', async () => {
    for (const capture of captures) {
      at(capture);
      for (const name of capture.header('XroadVnpt-sign-header-key')!.split(';')) {
        const header = `XroadVnpt-${name}`;
        const changed = await replay(t.app, capture, bodyOf(capture), { [header]: `${capture.header(header)}0` });
        expect(changed.json, `${capture.call} ${header}`).toEqual({ status: 'FAIL', ErrorCode: 'exchange.vxp_signed_headers_invalid', ErrorDesc: expect.any(String) });
        expect(changed.status).toBe(401);
      }
    }
  });

  it('refuses each of them with the signed JSON, the key list or the HMAC changed, or a signed header left out', async () => {
    for (const capture of captures) {
      at(capture);
      const json = capture.header('XroadVnpt-sign-header')!;
      const keys = capture.header('XroadVnpt-sign-header-key')!;
      const hmac = capture.header('XroadVnpt-hash-header')!;
      const cases: [Record<string, string | undefined>, string][] = [
        // The JSON re-signed by nobody: a value changed in it and in the header alike.
        [{ 'XroadVnpt-sign-header': json.replace('application/json', 'application/jsoN').replace('application/octet-stream', 'application/octet-streaM'), 'XroadVnpt-Content-Type': capture.header('XroadVnpt-Content-Type')!.replace(/.$/, (c) => c.toUpperCase()) }, 'exchange.vxp_signature_invalid'],
        [{ 'XroadVnpt-hash-header': hmac.replace(/^./, (c) => (c === '0' ? '1' : '0')) }, 'exchange.vxp_signature_invalid'],
        [{ 'XroadVnpt-sign-header-key': keys.split(';').slice(0, -1).join(';') }, 'exchange.vxp_signed_headers_invalid'],
        [{ 'XroadVnpt-sign-header-key': `${keys};version` }, 'exchange.vxp_signed_headers_invalid'],
        [{ 'XroadVnpt-timestamp': undefined }, 'exchange.vxp_credentials_missing'],
        [{ 'XroadVnpt-Content-Type': undefined }, 'exchange.vxp_signed_headers_invalid'],
      ];
      for (const [change, code] of cases) {
        const refused = await replay(t.app, capture, bodyOf(capture), change);
        expect(refused.json, `${capture.call} ${JSON.stringify(change).slice(0, 80)}`).toMatchObject({ status: 'FAIL', ErrorCode: code });
      }
    }
  });

  it('refuses them when the server clock is more than five minutes away, either way', async () => {
    for (const capture of captures) {
      const sentAt = parseVxpTimestamp(capture.header('XroadVnpt-timestamp')!, 'Asia/Ho_Chi_Minh')!;
      for (const offset of [-301_000, 301_000]) {
        setClock(sentAt + offset);
        const refused = await replay(t.app, capture, bodyOf(capture));
        expect(refused.json, `${capture.call} ${offset}`).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.vxp_timestamp_skew' });
      }
    }
  });
});

describe.skipIf(!vxp.present)(vxp.suite('the SDK\'s sendEdoc with its body changed'), () => {
  let t: ExchangeTestContext;
  let at: (capture: Capture) => void;
  beforeAll(async () => {
    ({ t, at } = await setUp());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is refused once the body is read: the file is not the one whose hash was signed', async () => {
    const capture = byCall('sendEdoc');
    at(capture);
    const body = bodyOf(capture);
    const changed = Buffer.from(body.toString('utf8').replace('Văn phòng Chính phủ', 'Văn phòng Chính phủ.'));
    const refused = await replay(t.app, capture, changed);
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ status: 'FAIL', ErrorCode: 'exchange.vxp_hash_file_mismatch', ErrorDesc: expect.any(String) });
    // Nothing was stored or delivered.
    const sent = await t.exchange.sent({ kind: 'system', clientId: capture.header('XroadVnpt-systemid')!, agencyCode: '000.00.00.G22' }, {});
    expect(sent.items).toEqual([]);
  });
});
