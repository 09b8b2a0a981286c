import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { sharedFixtures } from '../../platform/testing/index.ts';
import { parseEdxml } from './edxml/index.ts';
import { createSignatureService, POLICY_TTL_MS } from './exchange.signature.ts';
import { documentBytes, setUpExchange, signEdxml, statusBytes, type ExchangeTestContext } from './exchange.test-support.ts';

const edxml = sharedFixtures('edxml');

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const G15 = '000.00.00.G15';

/**
 * A self-signed test certificate (openssl req -x509 -days 36500) and its key, made for
 * these tests only. The fixtures' own signatures are truncated samples and cannot verify.
 */
export const TEST_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDNzCCAh+gAwIBAgIUXwKG09fnIyDNHAUHEdF17GdJj2MwDQYJKoZIhvcNAQEL
BQAwKjEoMCYGA1UEAwwfVmFuIHBob25nIENoaW5oIHBodSAoZWdvdiB0ZXN0KTAg
Fw0yNjExMjIxMjA4NTJaGA8yMTI2MTAyOTEyMDg1MlowKjEoMCYGA1UEAwwfVmFu
IHBob25nIENoaW5oIHBodSAoZWdvdiB0ZXN0KTCCASIwDQYJKoZIhvcNAQEBBQAD
ggEPADCCAQoCggEBAL9C33sawyDlJlnTmMbeEQ7N5yB5j+2W1NH9iNPSI15hVcL3
cLdCFKgEJhNiwAc5sZFPk9ecYbfp8S9G5igi8JXeFCvChqihmF0qa8e+qMXMmVwX
sD5qH8KNE1ogive9zD4gfYh0RvfWHfK+uxSGIn8B1yYoPea0A8KdXOzBMlwydJnl
I1Dz7d/3B0FAY3odAAtj1FNuW+ccBjouGJaLfOOMg5J4RsdSDJPVOnlBkHiDSB2i
h1lU48z7G2IQuwprIVrAXPVgPNXvZ0ctRS6sJPTfiSzNdcepDfdDnD/jsG2O5OS2
iz6nzZAej+0Z/eEr2aM6PMTbl5SKHS5FQuFAfL0CAwEAAaNTMFEwHQYDVR0OBBYE
FIKMkhu9nc6Rin0FD3N0YK0TDQX3MB8GA1UdIwQYMBaAFIKMkhu9nc6Rin0FD3N0
YK0TDQX3MA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAFQtZa9e
pwmnM6ZEFAF61N4kOb1BF1SKKGR5cU/DOQq1TWswocPFsLIFXBxkkFZ0zUkLN7I8
cXprvQ5hZB1YV/8UJny81EaPMEMYlitXjB82bxI2tL47xgkKN0UEG6MOCszbnsWp
pKT/FR1EYuJ4zGyNxZVP2g/F6lcI+w86UJ6zVwE/9FDQKJm3C0pV3RmN9vA3Ikr+
oS+Cs0fGy26o4zn6dHEQbzb/hj3fXTfYhUe56TGjgXr+nG12Z09GJqlJQKj1fBhD
AvACAzDueL/0IjBhyBLOFC99RE3b3yGlbI0FEUaFbhFJAuT0WdTPnPf/bxKlZwQn
I/rjjW7zzvENi/U=
-----END CERTIFICATE-----`;
export const TEST_CERTIFICATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC/Qt97GsMg5SZZ
05jG3hEOzecgeY/tltTR/YjT0iNeYVXC93C3QhSoBCYTYsAHObGRT5PXnGG36fEv
RuYoIvCV3hQrwoaooZhdKmvHvqjFzJlcF7A+ah/CjRNaIIr3vcw+IH2IdEb31h3y
vrsUhiJ/AdcmKD3mtAPCnVzswTJcMnSZ5SNQ8+3f9wdBQGN6HQALY9RTblvnHAY6
LhiWi3zjjIOSeEbHUgyT1Tp5QZB4g0gdoodZVOPM+xtiELsKayFawFz1YDzV72dH
LUUurCT034kszXXHqQ33Q5w/47BtjuTktos+p82QHo/tGf3hK9mjOjzE25eUih0u
RULhQHy9AgMBAAECggEAIDa0+eDQz0RRQI1nXM1vzZDIFjvrTj7akxDTICwzWVTn
EzrGcRNP89mZCShXhBAHVJx03/qeqdGdFhOotcdmwrNALfuqXxIynbSEqUS3W/Nh
PDXgMS8CMOw+f25eQapl0Wv7AMXm4xzc9/MAgw0xl7c5Y9ugy2/z9y42hcjngMgT
ACxjCJlPbprfb68VhSE5tN8ZRgc78svb5Fb7VoZLcWPeCckFluqDUQ4Su4iRgOLB
3lwZMywpjecWdy8O4QXt97f+6abQoAlJNx35l4xTCdLYDTkk5YcYzx173pTZz2sN
fdmGNYElEO+9cHhsOSufcELdfqIQ1jo1kpTPSJHmQQKBgQDvMhsMsF+SkVQzstfV
skympf81KGgs/vKO3JAj520P8dOiXgDxk0XegXbNHty+eSxudJGqP/zd49RA7nEe
L87kkCLZkINsybYmjtsgu/wWI75wk5AS4QZ5i4icn7s4jMjv1x+c5Irp0wa2bzQx
aUjuS+At8HKCHN+Ibq/eUAaj/QKBgQDMsqxnTR7h26X/OEi9vJ40ty27/LEmZoXQ
Eh+5FIvdLBbm7grAGlS7ItIFfCGe0cFF1lB75QsIHkgSv/udPw9FOWGrORUMDJLW
hpS+xH/uq1Qz5mC+5OVUkusU9fgvU7Lyl1gpC3Fh7MTcDjC9SvAbdjCx2M9NvHnm
U1lOJ6m3wQKBgE7PSnxGzGaFPaH/BgAhzAGIZerE0nYo1hBd+Zvqz1NWkS1JHbR6
mqWyMEtrJL4ZPJt0Ct52UMFnJHL0XQ7eH6PNHb5jT/oTB9HydZ52cZt10XRUGj8u
Jyz63VsFgfEi6b2kOoU+A8sAvZB0WVUCZIYnN8jLFV9rVfckyQtNgLKdAoGBAMuN
OWeYBwettkovHBahQ+lD5pSzWS3IcXRRMX6IcfTD7RpCyCnzhSJ6I8MUhxI5nynl
Ti+FugyeoCkVBA6AMJ0zzG3J26YZssLlHXD+UgFyGc9qXfY2A96wIli7p8rYPnCC
E0btfBhWrAPvkIQLyuxkAVQ5NxwkOkvRwlK3mkuBAoGAbhf94RELpQt1yES2CDVi
8/uQ8iGgqv3X91kJCmXYlHrdXUsisfl70CXT47wRrXIxkMfPt7CwNtE0YEsB5KqT
xWBS9qMDTE1TPGEaBetz0B4uyQkMoD2RpJ8+Ru4hVl5LLmnSxb9qV13zTEJNWGPY
X8NBy9QK7YyCfqVKa40y95Q=
-----END PRIVATE KEY-----`;

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const g22Keys = rsa();
const strangerKeys = rsa();

let t: ExchangeTestContext;

beforeAll(async () => {
  t = await setUpExchange();
});
afterAll(async () => {
  await t?.close();
});

async function send(agency: string, bytes: Buffer) {
  const response = await t.call(agency, 'POST', '/api/v1/exchange/packages', bytes);
  return { status: response.statusCode, json: response.json() as { package: { signature: string }; error?: { code: string; details?: Record<string, unknown> } } };
}

describe('XML-DSig signatures', () => {
  it('records an unsigned package as absent and an unverifiable one as invalid', async () => {
    expect((await send(G22, documentBytes({ from: G22, to: [H49] }).bytes)).json.package.signature).toBe('absent');
    // Signed, but G22 has registered no certificate yet.
    const signed = await signEdxml(documentBytes({ from: G22, to: [H49] }).bytes, g22Keys.privateKey);
    expect((await parseEdxml(signed)).package.signature).not.toBeNull();
    expect((await send(G22, signed)).json.package.signature).toBe('invalid');
  });

  it('verifies against a registered public key, and refuses tampered bytes or another key', async () => {
    const registered = await t.call(G22, 'POST', '/api/v1/exchange/certificates', { certificate: g22Keys.publicKey });
    expect(registered.statusCode).toBe(201);
    expect((await t.call(G22, 'POST', '/api/v1/exchange/certificates', { certificate: g22Keys.publicKey })).statusCode).toBe(200);

    const signed = await signEdxml(documentBytes({ from: G22, to: [H49] }).bytes, g22Keys.privateKey);
    expect((await send(G22, signed)).json.package.signature).toBe('verified');

    const original = documentBytes({ from: G22, to: [H49], subject: 'Nội dung gốc' });
    const tampered = Buffer.from((await signEdxml(original.bytes, g22Keys.privateKey)).toString('utf8').replace('Nội dung gốc', 'Nội dung đã sửa'));
    expect((await send(G22, tampered)).json.package.signature).toBe('invalid');

    const byStranger = await signEdxml(documentBytes({ from: G22, to: [H49] }).bytes, strangerKeys.privateKey);
    expect((await send(G22, byStranger)).json.package.signature).toBe('invalid');
  });

  it('verifies a unit\'s package against its level-1 body\'s X.509 certificate', async () => {
    const registered = await t.call(H49, 'POST', '/api/v1/exchange/certificates', { certificate: TEST_CERTIFICATE });
    expect(registered.statusCode).toBe(201);
    expect((registered.json() as { notAfter: string | null }).notAfter).not.toBeNull();
    const signed = await signEdxml(documentBytes({ from: '000.00.01.H49', to: [G22] }).bytes, TEST_CERTIFICATE_KEY);
    expect((await send(H49, signed)).json.package.signature).toBe('verified');
    // The certificate of Quảng Ninh says nothing about Hồ Chí Minh City's packages.
    const other = await signEdxml(documentBytes({ from: H29, to: [G22] }).bytes, TEST_CERTIFICATE_KEY);
    expect((await send(H29, other)).json.package.signature).toBe('invalid');
  });

  it('refuses a certificate that is not PEM', async () => {
    const response = await t.call(G22, 'POST', '/api/v1/exchange/certificates', { certificate: 'not a certificate' });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { error: { code: string } }).error.code).toBe('exchange.certificate_invalid');
  });
});

describe.skipIf(!edxml.present)(edxml.suite('signatures of real packages'), () => {
  it('records the truncated signature of a real package as invalid', async () => {
    const response = await t.call(G22, 'POST', '/api/v1/exchange/packages', edxml.read('edoc_replacement.edxml'));
    expect(response.statusCode).toBe(201);
    expect((response.json() as { package: { signature: string } }).package.signature).toBe('invalid');
  });
});

describe('signature policies', () => {
  it('lets a recipient refuse unsigned packages, then unverifiable ones, while others still accept them', async () => {
    const policy = await t.call(G15, 'PUT', '/api/v1/exchange/policy', { refuseUnsigned: true, refuseInvalid: false });
    expect(policy.json()).toEqual({ agencyCode: G15, refuseUnsigned: true, refuseInvalid: false });

    const unsigned = await send(G22, documentBytes({ from: G22, to: [H49, G15] }).bytes);
    expect(unsigned.status).toBe(400);
    expect(unsigned.json.error).toMatchObject({ code: 'exchange.signature_refused', details: { signature: 'absent', refusedBy: [G15] } });
    expect((await send(G22, documentBytes({ from: G22, to: [H49] }).bytes)).status).toBe(201);

    const invalid = await signEdxml(documentBytes({ from: G22, to: [G15] }).bytes, strangerKeys.privateKey);
    expect((await send(G22, invalid)).status).toBe(201);
    await t.call(G15, 'PUT', '/api/v1/exchange/policy', { refuseUnsigned: true, refuseInvalid: true });
    const invalidAgain = await signEdxml(documentBytes({ from: G22, to: [G15] }).bytes, strangerKeys.privateKey);
    expect((await send(G22, invalidAgain)).json.error?.code).toBe('exchange.signature_refused');

    const verified = await signEdxml(documentBytes({ from: G22, to: [G15] }).bytes, g22Keys.privateKey);
    expect((await send(G22, verified)).status).toBe(201);
    // Statuses addressed to G15 fall under the same policy.
    const status = await send(H49, statusBytes({ from: H49, to: G15, documentId: `${G15},2026/01/01,1/X`, code: '01' }));
    expect(status.json.error?.code).toBe('exchange.signature_refused');
  });

  it('applies a policy changed through another process within POLICY_TTL_MS, and one changed through this one at once', async () => {
    let clock = 1_000_000;
    const service = createSignatureService(t.db, t.agencies.isWithin, { now: () => clock });
    const H29Admin = { agencyCode: H29, principalId: 'sys_H29' };
    expect(await service.refusing([H29, G22], 'absent')).toEqual([]);
    // Another hub process (or its database) changes H29's policy: this one still uses what it read…
    await sql`INSERT INTO exchange_signature_policies (agency_code, refuse_unsigned, refuse_invalid, updated_by)
              VALUES (${H29}, true, true, 'elsewhere') ON CONFLICT (agency_code) DO UPDATE SET refuse_unsigned = true, refuse_invalid = true`.execute(t.db);
    clock += POLICY_TTL_MS - 1;
    expect(await service.refusing([H29, G22], 'absent')).toEqual([]);
    // …until the time is up.
    clock += 2;
    expect(await service.refusing([H29, G22], 'absent')).toEqual([H29]);
    expect(await service.refusing([G22, H29], 'invalid')).toEqual([H29]);
    expect(await service.refusing([H29], 'verified')).toEqual([]);
    // Through this service, at once.
    await service.setPolicy(H29Admin, { refuseUnsigned: false, refuseInvalid: true });
    expect(await service.refusing([H29], 'absent')).toEqual([]);
    expect(await service.refusing([H29], 'invalid')).toEqual([H29]);
    await service.setPolicy(H29Admin, { refuseUnsigned: false, refuseInvalid: false });
  });

  it('is set only by the agency\'s systems or its agency administrators', async () => {
    const clerk = { kind: 'official' as const, actor: { accountId: 'a', kind: 'official' as const, displayName: 'Văn thư', agencyCode: H49, roles: ['exchange_clerk'] } };
    await expect(t.exchange.setSignaturePolicy(clerk, { refuseUnsigned: true, refuseInvalid: true })).rejects.toMatchObject({ code: 'exchange.forbidden' });
    const admin = { kind: 'official' as const, actor: { ...clerk.actor, roles: ['agency_admin' as const] } };
    await expect(t.exchange.setSignaturePolicy(admin, { refuseUnsigned: false, refuseInvalid: true })).resolves.toEqual({ agencyCode: H49, refuseUnsigned: false, refuseInvalid: true });
  });
});
