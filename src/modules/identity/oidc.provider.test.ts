import http from 'node:http';
import net from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { auditActions, createIdentityTestEnv, DEMO, seedDemo, TestBrowser, type IdentityTestEnv } from './identity.testing.ts';

// A relying party built with openid-client signs a citizen in against a running egov (a real
// HTTP server on a free port), as an agency portal would.

let env: IdentityTestEnv;
let baseUrl: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  env = await createIdentityTestEnv({ config: { baseUrl }, identity: { oidcKeyCheckMs: 0 } });
  await seedDemo(env);
  await sql`UPDATE accounts SET birth_date = '1990-01-15', assurance_level = 2 WHERE personal_id = '001090000001'`.execute(env.db);
  await env.app.listen({ port, host: '127.0.0.1' });
});

afterAll(async () => {
  await env?.close();
});

/** A browser over real HTTP: keeps cookies, does not follow redirects by itself. */
class WebBrowser {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  async request(url: string, form?: Record<string, string>): Promise<{ status: number; location: string | undefined; body: string }> {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const init: RequestInit = { method: form ? 'POST' : 'GET', headers, redirect: 'manual' };
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      init.body = new URLSearchParams(form).toString();
    }
    const res = await fetch(new URL(url, baseUrl), init);
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await res.text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? this.csrf;
    return { status: res.status, location: res.headers.get('location') ?? undefined, body };
  }

  async logIn(identifier: string) {
    await this.request('/login');
    return this.request('/login', { _csrf: this.csrf ?? '', identifier, password: DEMO });
  }

  /** Follows the provider's redirects (consenting if asked) until it sends the browser to the relying party. */
  async authorize(url: string, redirectPrefix: string, options: { consent?: boolean } = {}): Promise<{ callback: URL; consentAsked: boolean }> {
    let consentAsked = false;
    let res = await this.request(url);
    for (let hops = 0; hops < 10; hops++) {
      if (res.location) {
        const next = new URL(res.location, baseUrl);
        if (next.href.startsWith(redirectPrefix)) return { callback: next, consentAsked };
        res = await this.request(next.href);
        continue;
      }
      const action = /action="(\/oidc\/interaction\/[^"]+\/consent)"/.exec(res.body)?.[1];
      if (res.status !== 200 || !action) throw new Error(`stuck at ${res.status}: ${res.body.slice(0, 300)}`);
      consentAsked = true;
      if (options.consent === false) res = await this.request(action.replace(/consent$/, 'deny'), { _csrf: this.csrf ?? '' });
      else res = await this.request(action, { _csrf: this.csrf ?? '' });
    }
    throw new Error('too many redirects');
  }
}

const insecure = { execute: [client.allowInsecureRequests] };

async function registerClient(form: Record<string, string | string[]>): Promise<{ clientId: string; secret: string | undefined }> {
  const browser = new TestBrowser(env.app);
  await browser.logIn('admin@demo.egov.vn', DEMO);
  await browser.get('/admin/relying-parties');
  const res = await browser.post('/admin/relying-parties', form);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  const clientId = /<code>(rp-[^<]+)<\/code>/.exec(res.body)?.[1] ?? '';
  const secret = /<code class="client-secret">([^<]+)<\/code>/.exec(res.body)?.[1];
  return { clientId, secret };
}

const PORTAL = 'https://dichvucong.quangninh.example.vn';
const APP = 'http://127.0.0.1:9';

describe('OpenID Connect provider', () => {
  let publicRp: { clientId: string; config: client.Configuration };
  let portalRp: { clientId: string; config: client.Configuration };
  let firstIdToken = '';

  beforeAll(async () => {
    const pub = await registerClient({ name: 'Ứng dụng di động tỉnh', kind: 'public', redirectUris: `${APP}/cb`, postLogoutRedirectUris: `${APP}/bye`, scopes: ['profile'], contactEmail: 'app@example.vn' });
    expect(pub.secret).toBeUndefined();
    const portal = await registerClient({
      name: 'Cổng dịch vụ công Quảng Ninh',
      kind: 'confidential',
      redirectUris: `${PORTAL}/callback`,
      scopes: ['personal_id', 'assurance', 'email', 'offline_access'],
      logoUri: `${PORTAL}/logo.png`,
      contactEmail: 'cntt@quangninh.example.vn',
    });
    expect(portal.secret).toMatch(/^\S{40,}$/);
    publicRp = { clientId: pub.clientId, config: await client.discovery(new URL(baseUrl), pub.clientId, undefined, client.None(), insecure) };
    portalRp = {
      clientId: portal.clientId,
      config: await client.discovery(new URL(baseUrl), portal.clientId, portal.secret, client.ClientSecretBasic(portal.secret ?? ''), insecure),
    };
    expect(await auditActions(env.db, pub.clientId)).toEqual(['identity.oidc_client_registered']);
  });

  it('publishes discovery and JWKS', async () => {
    const discovery = (await (await fetch(`${baseUrl}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(baseUrl);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'personal_id', 'assurance']));
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs a citizen in with PKCE (public client): consent once, exactly the claims of the scopes, no refresh token', async () => {
    const browser = new WebBrowser();
    await browser.logIn('001090000001');
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(publicRp.config, {
      redirect_uri: `${APP}/cb`,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const { callback, consentAsked } = await browser.authorize(url.href, `${APP}/cb`);
    expect(consentAsked).toBe(true);
    const tokens = await client.authorizationCodeGrant(publicRp.config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.refresh_token).toBeUndefined();
    const idClaims = tokens.claims();
    const sub = String(idClaims?.sub);
    expect(idClaims?.acr).toBe('urn:egov:loa:2');
    expect(idClaims).not.toHaveProperty('personal_id');
    const userinfo = await client.fetchUserInfo(publicRp.config, tokens.access_token, sub);
    expect(userinfo).toEqual({ sub, name: 'Nguyễn Văn An', birthdate: '1990-01-15' });
    firstIdToken = tokens.id_token ?? '';

    // Remembered: a new sign-in (another browser, another egov session) is not asked again.
    const other = new WebBrowser();
    await other.logIn('001090000001');
    const again = client.buildAuthorizationUrl(publicRp.config, { redirect_uri: `${APP}/cb`, scope: 'openid profile', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    expect((await other.authorize(again.href, `${APP}/cb`)).consentAsked).toBe(false);
  });

  it('a confidential portal gets the identity number and assurance level it asked for, and rotated refresh tokens', async () => {
    const browser = new WebBrowser();
    await browser.logIn('001090000001');
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(portalRp.config, {
      redirect_uri: `${PORTAL}/callback`,
      scope: 'openid personal_id assurance',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const { callback } = await browser.authorize(url.href, `${PORTAL}/callback`);
    const tokens = await client.authorizationCodeGrant(portalRp.config, callback, { pkceCodeVerifier: verifier });
    const sub = String(tokens.claims()?.sub);
    expect(await client.fetchUserInfo(portalRp.config, tokens.access_token, sub)).toEqual({ sub, personal_id: '001090000001', assurance_level: 2 });
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(portalRp.config, tokens.refresh_token ?? '');
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expect(client.refreshTokenGrant(portalRp.config, tokens.refresh_token ?? '')).rejects.toThrow();

    // Withdrawn from the profile: the portal's tokens die and it must ask again.
    const profile = new TestBrowser(env.app);
    await profile.logIn('001090000001', DEMO);
    const page = await profile.get('/profile/connected-services');
    expect(page.body).toContain('Cổng dịch vụ công Quảng Ninh');
    expect((await profile.post('/profile/connected-services/withdraw', { clientId: portalRp.clientId })).headers.location).toBe('/profile/connected-services?withdrawn=1');
    await expect(client.fetchUserInfo(portalRp.config, refreshed.access_token, sub)).rejects.toThrow();
    await expect(client.refreshTokenGrant(portalRp.config, refreshed.refresh_token ?? '')).rejects.toThrow();
    const url2 = client.buildAuthorizationUrl(portalRp.config, { redirect_uri: `${PORTAL}/callback`, scope: 'openid personal_id', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const fresh = new WebBrowser();
    await fresh.logIn('001090000001');
    expect((await fresh.authorize(url2.href, `${PORTAL}/callback`)).consentAsked).toBe(true);
  });

  it('refuses an unregistered redirect URI without redirecting, and a public client without PKCE', async () => {
    const browser = new WebBrowser();
    await browser.logIn('001090000001');
    const evil = client.buildAuthorizationUrl(publicRp.config, { redirect_uri: 'https://evil.example/cb', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const refused = await browser.request(evil.href);
    expect(refused.status).toBe(400);
    expect(refused.location).toBeUndefined();
    expect(refused.body).toContain('redirect_uri');

    const noPkce = client.buildAuthorizationUrl(publicRp.config, { redirect_uri: `${APP}/cb`, scope: 'openid' });
    const answer = await browser.request(noPkce.href);
    expect(answer.location?.startsWith(`${APP}/cb?error=invalid_request`)).toBe(true);
  });

  it('logs out from the relying party: the provider session and the egov session both end', async () => {
    const browser = new WebBrowser();
    await browser.logIn('001090000001');
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(publicRp.config, { redirect_uri: `${APP}/cb`, scope: 'openid profile', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const { callback } = await browser.authorize(url.href, `${APP}/cb`);
    const tokens = await client.authorizationCodeGrant(publicRp.config, callback, { pkceCodeVerifier: verifier });
    const end = client.buildEndSessionUrl(publicRp.config, { id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: `${APP}/bye`, state: 'bye-1' });
    const confirm = await browser.request(end.href);
    expect(confirm.status).toBe(200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const done = await browser.request('/oidc/session/end/confirm', { xsrf, logout: 'yes' });
    expect(done.location).toBe(`${APP}/bye?state=bye-1`);
    expect((await browser.request('/profile')).location).toBe('/login?next=%2Fprofile');
  });

  it('rotates signing keys with the old key still published for tokens in flight', async () => {
    const kidOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid;
    const oldKid = kidOf(firstIdToken);
    const cli: Actor = { accountId: 'cli:test', kind: 'admin', displayName: 'egov CLI', agencyCode: null, roles: [] };
    const { kid, published } = await env.api.rotateOidcSigningKey(cli);
    expect(published).toEqual([kid, oldKid]);
    const jwks = (await (await fetch(`${baseUrl}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([kid, oldKid]);

    const browser = new WebBrowser();
    await browser.logIn('001090000001');
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(publicRp.config, { redirect_uri: `${APP}/cb`, scope: 'openid', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const { callback } = await browser.authorize(url.href, `${APP}/cb`);
    const tokens = await client.authorizationCodeGrant(publicRp.config, callback, { pkceCodeVerifier: verifier });
    expect(kidOf(tokens.id_token ?? '')).toBe(kid);
  });

  it('only system administrators register relying parties', async () => {
    const official = new TestBrowser(env.app);
    await official.logIn('quantri.h49@demo.egov.vn', DEMO);
    expect((await official.get('/admin/relying-parties')).statusCode).toBe(403);
  });
});

describe('back-channel logout (OpenID Connect Back-Channel Logout 1.0)', () => {
  // A relying party's back-channel endpoint: it verifies each logout token as an RP must.
  const received: { payload: JWTPayload; typ: string | undefined }[] = [];
  const rejected: string[] = [];
  let rpServer: http.Server;
  let rpUrl = '';
  let rp: { clientId: string; config: client.Configuration };
  let other: { clientId: string; config: client.Configuration };

  beforeAll(async () => {
    const jwks = createRemoteJWKSet(new URL(`${baseUrl}/oidc/jwks`));
    rpServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const token = new URLSearchParams(body).get('logout_token') ?? '';
        jwtVerify(token, jwks, { issuer: baseUrl, audience: rp.clientId, typ: 'logout+jwt' })
          .then(({ payload, protectedHeader }) => {
            received.push({ payload, typ: protectedHeader.typ });
            res.writeHead(200).end();
          })
          .catch((error: unknown) => {
            rejected.push(String(error));
            res.writeHead(400).end();
          });
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => rpServer.listen(port, '127.0.0.1', resolve));
    rpUrl = `http://127.0.0.1:${port}`;
    const registered = await registerClient({ name: 'Cổng tỉnh (đăng xuất kênh sau)', kind: 'public', redirectUris: `${rpUrl}/cb`, postLogoutRedirectUris: `${rpUrl}/bye`, backchannelLogoutUri: `${rpUrl}/backchannel`, scopes: ['profile'], contactEmail: 'bc@example.vn' });
    rp = { clientId: registered.clientId, config: await client.discovery(new URL(baseUrl), registered.clientId, undefined, client.None(), insecure) };
    const second = await registerClient({ name: 'Ứng dụng khác', kind: 'public', redirectUris: `${APP}/cb`, postLogoutRedirectUris: `${APP}/bye`, scopes: ['profile'], contactEmail: 'other@example.vn' });
    other = { clientId: second.clientId, config: await client.discovery(new URL(baseUrl), second.clientId, undefined, client.None(), insecure) };
  });

  afterAll(async () => {
    await new Promise((resolve) => rpServer?.close(resolve));
  });

  async function signIn(browser: WebBrowser, to: { config: client.Configuration }, redirect: string) {
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(to.config, { redirect_uri: redirect, scope: 'openid profile', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const { callback } = await browser.authorize(url.href, redirect);
    const tokens = await client.authorizationCodeGrant(to.config, callback, { pkceCodeVerifier: verifier });
    const claims = tokens.claims();
    return { sub: String(claims?.sub), sid: String(claims?.sid), idToken: tokens.id_token ?? '', accessToken: tokens.access_token };
  }

  it('publishes support in discovery and refuses a back-channel address on another machine over http', async () => {
    const discovery = (await (await fetch(`${baseUrl}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.backchannel_logout_supported).toBe(true);
    expect(discovery.backchannel_logout_session_supported).toBe(true);
    const browser = new TestBrowser(env.app);
    await browser.logIn('admin@demo.egov.vn', DEMO);
    await browser.get('/admin/relying-parties');
    const res = await browser.post('/admin/relying-parties', { name: 'X', kind: 'public', redirectUris: `${APP}/cb`, backchannelLogoutUri: 'http://rp.example.vn/bc', contactEmail: 'x@example.vn' });
    expect(res.statusCode).toBe(400);
  });

  it('logging out of egov sends the relying party a signed logout token for that session only, and ends the provider session', async () => {
    received.length = 0;
    const browser = new WebBrowser();
    await browser.logIn('001090000001');
    const first = await signIn(browser, rp, `${rpUrl}/cb`);
    expect(first.sid).not.toBe('undefined');
    // The same citizen on another device, signed in to the same portal: not logged out by the first.
    const phone = new WebBrowser();
    await phone.logIn('001090000001');
    const onPhone = await signIn(phone, rp, `${rpUrl}/cb`);
    expect(onPhone.sid).not.toBe(first.sid);

    await browser.request('/profile');
    const out = await browser.request('/logout', { _csrf: browser.csrf ?? '' });
    expect(out.location).toBe('/');
    expect(rejected).toEqual([]);
    expect(received).toHaveLength(1);
    const [token] = received;
    expect(token?.typ).toBe('logout+jwt');
    expect(token?.payload.sub).toBe(first.sub);
    expect(token?.payload.sid).toBe(first.sid);
    expect(token?.payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
    expect(token?.payload).not.toHaveProperty('nonce');
    expect(token?.payload.jti).toBeTruthy();
    // The grant of that session is revoked with it; the phone's tokens still work.
    await expect(client.fetchUserInfo(rp.config, first.accessToken, first.sub)).rejects.toThrow();
    expect(await client.fetchUserInfo(rp.config, onPhone.accessToken, onPhone.sub)).toMatchObject({ sub: onPhone.sub });

    // The provider session is gone: the portal cannot sign this browser in again without a login.
    const again = client.buildAuthorizationUrl(rp.config, { redirect_uri: `${rpUrl}/cb`, scope: 'openid profile', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
    let res = await browser.request(again.href);
    for (let hops = 0; res.location && !res.location.startsWith('/login') && hops < 5; hops++) res = await browser.request(res.location);
    expect(res.location?.startsWith('/login?next=')).toBe(true);

    const actions = await sql<{ action: string; data: { notified: string[]; failed: string[] } }>`SELECT action, data FROM audit_log WHERE action = 'identity.oidc_backchannel_logout' ORDER BY seq`.execute(env.db);
    expect(actions.rows.at(-1)?.data).toEqual({ notified: [rp.clientId], failed: [] });
  });

  it('erasing the account tells the relying party about every session it has, on any device', async () => {
    received.length = 0;
    const laptop = new WebBrowser();
    await laptop.logIn('022190000002');
    const onLaptop = await signIn(laptop, rp, `${rpUrl}/cb`);
    const phone = new WebBrowser();
    await phone.logIn('022190000002');
    const onPhone = await signIn(phone, rp, `${rpUrl}/cb`);
    await laptop.request('/profile/my-data');
    const erased = await laptop.request('/profile/my-data/erase', { _csrf: laptop.csrf ?? '', confirm: 'yes' });
    expect(erased.status).toBe(200);
    expect(rejected).toEqual([]);
    expect(received.map((r) => r.payload.sid).sort()).toEqual([onLaptop.sid, onPhone.sid].sort());
    expect(new Set(received.map((r) => r.payload.sub))).toEqual(new Set([onLaptop.sub]));
    await expect(client.fetchUserInfo(rp.config, onPhone.accessToken, onPhone.sub)).rejects.toThrow();
    expect((await phone.request('/profile')).location).toBe('/login?next=%2Fprofile&expired=1');
  });

  it('logging out at another relying party (RP-initiated) also tells this one over the back channel', async () => {
    received.length = 0;
    const browser = new WebBrowser();
    await browser.logIn('001090000001');
    const atRp = await signIn(browser, rp, `${rpUrl}/cb`);
    const atOther = await signIn(browser, other, `${APP}/cb`);
    const end = client.buildEndSessionUrl(other.config, { id_token_hint: atOther.idToken, post_logout_redirect_uri: `${APP}/bye` });
    const confirm = await browser.request(end.href);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const done = await browser.request('/oidc/session/end/confirm', { xsrf, logout: 'yes' });
    expect(done.location).toBe(`${APP}/bye`);
    expect(received.map((r) => [r.payload.sub, r.payload.sid])).toEqual([[atRp.sub, atRp.sid]]);
    expect((await browser.request('/profile')).location).toBe('/login?next=%2Fprofile');
  });
});
