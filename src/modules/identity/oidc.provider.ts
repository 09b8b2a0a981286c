import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Adapter, type AdapterPayload, type Client, type KoaContextWithOIDC, type Session } from 'oidc-provider';
import { decryptSecret, deriveKey, encryptSecret } from '../../platform/crypto/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { findAccountById } from './accounts.repository.ts';
import type { IdentityContext } from './identity.context.ts';
import { SESSION_COOKIE, sessionIdOf } from './sessions.service.ts';
import {
  consumeArtifact,
  deleteOldSessionLinks,
  destroyArtifact,
  findArtifact,
  findClient,
  insertSigningKeyInTx,
  linkProviderSession,
  listPublishedKeys,
  revokeArtifactsOfGrant,
  upsertArtifact,
} from './oidc.repository.ts';

/** What a relying party may ask for, and the claims each scope releases (after consent). */
export const SCOPE_CLAIMS = {
  // acr (the assurance level), amr and auth_time describe the login, in every ID token.
  openid: ['sub', 'acr', 'amr', 'auth_time'],
  profile: ['name', 'birthdate'],
  email: ['email', 'email_verified'],
  personal_id: ['personal_id', 'tax_code'],
  assurance: ['assurance_level'],
} as const;
export type OidcScope = keyof typeof SCOPE_CLAIMS | 'offline_access';
export const OIDC_SCOPES: readonly OidcScope[] = ['openid', 'profile', 'email', 'personal_id', 'assurance', 'offline_access'];

/** Retired signing keys stay in the JWKS this long: longer than any ID token lives (1 hour). */
export const RETIRED_KEY_SECONDS = 24 * 60 * 60;
// A rotation by `egov oidc rotate-keys` (another process) is seen by running servers within this time.
const KEY_CHECK_MS = 30_000;

export const OIDC_PREFIX = '/oidc';

/** The acr value of an assurance level (the ID token says how sure egov is of who signed in). */
export const acrOf = (level: number) => `urn:egov:loa:${level}`;

/** Generates and stores a new RSA signing key; the previous ones are retired but still published. */
export async function rotateSigningKeyInTx(tx: Executor, secretKey: string): Promise<string> {
  const kid = randomUUID();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  await insertSigningKeyInTx(tx, kid, encryptSecret(JSON.stringify(jwk), deriveKey(secretKey, 'identity.oidc-keys')));
  return kid;
}

function adapterClass(db: Executor, sealKey: Buffer) {
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
      await upsertArtifact(db, this.model, id, payload, expiresIn);
    }

    async find(id: string) {
      // Relying parties are registered in the admin pages: their own table, not an artefact.
      if (this.model === 'Client') return clientMetadata(db, sealKey, id);
      return findArtifact(db, this.model, { id });
    }

    async findByUid(uid: string) {
      return findArtifact(db, this.model, { uid });
    }

    async findByUserCode() {
      return undefined; // the device flow is not enabled
    }

    async consume(id: string) {
      await consumeArtifact(db, this.model, id);
    }

    async destroy(id: string) {
      await destroyArtifact(db, this.model, id);
    }

    async revokeByGrantId(grantId: string) {
      await revokeArtifactsOfGrant(db, grantId);
    }
  };
}

async function clientMetadata(db: Executor, sealKey: Buffer, clientId: string): Promise<AdapterPayload | undefined> {
  const row = await findClient(db, clientId);
  if (!row || row.status !== 'active') return undefined;
  const confidential = row.kind === 'confidential';
  return {
    client_id: row.client_id,
    client_name: row.name,
    ...(confidential && row.secret_sealed ? { client_secret: decryptSecret(row.secret_sealed, sealKey) } : {}),
    redirect_uris: row.redirect_uris,
    post_logout_redirect_uris: row.post_logout_redirect_uris,
    // Refresh tokens only for servers that keep a secret.
    grant_types: confidential ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
    scope: row.scopes.join(' '),
    ...(row.logo_uri ? { logo_uri: row.logo_uri } : {}),
    // Back-Channel Logout 1.0: the logout token names the session (sid) as well as the person.
    ...(row.backchannel_logout_uri ? { backchannel_logout_uri: row.backchannel_logout_uri, backchannel_logout_session_required: true } : {}),
    contacts: [row.contact_email],
  };
}

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The provider's few own pages (logout confirmation, errors): plain HTML with the site's stylesheet.
function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/app.css"></head><body><main class="container">${body}</main></body></html>`;
}

function configuration(ctx: IdentityContext, keys: object[]) {
  const sealKey = deriveKey(ctx.config.secretKey, 'identity.oidc-clients');
  const secure = ctx.config.baseUrl.startsWith('https://');
  return {
    adapter: adapterClass(ctx.db, sealKey),
    async findAccount(_koa: unknown, sub: string) {
      const account = await findAccountById(ctx.db, sub);
      if (!account || account.status !== 'active') return undefined;
      return {
        accountId: account.id,
        async claims() {
          return {
            sub: account.id,
            name: account.full_name,
            ...(account.birth_date ? { birthdate: account.birth_date } : {}),
            email: account.email,
            email_verified: account.email_confirmed_at !== null,
            ...(account.personal_id ? { personal_id: account.personal_id } : {}),
            ...(account.tax_code ? { tax_code: account.tax_code } : {}),
            assurance_level: account.assurance_level,
          };
        },
      };
    },
    // The standalone claims oidc-provider knows by default (acr carries the assurance level).
    claims: { acr: null, auth_time: null, iss: null, sid: null, ...SCOPE_CLAIMS },
    scopes: [...OIDC_SCOPES],
    acrValues: [acrOf(1), acrOf(2), acrOf(3)],
    responseTypes: ['code'],
    jwks: { keys },
    cookies: {
      keys: [deriveKey(ctx.config.secretKey, 'identity.oidc-cookies').toString('hex')],
      long: { httpOnly: true, sameSite: 'lax', signed: true, secure },
      short: { httpOnly: true, sameSite: 'lax', signed: true, secure, path: '/' },
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(koa: KoaContextWithOIDC, form: string) {
          // The provider's own form (its xsrf token); no script: the person presses the button.
          koa.body = page('Đăng xuất / Log out', `<h1>Đăng xuất khỏi egov? / Log out of egov?</h1>${form}<p><button class="button" type="submit" form="op.logoutForm" value="yes" name="logout">Đăng xuất / Log out</button></p><p><button class="button button-secondary" type="submit" form="op.logoutForm">Ở lại / Stay signed in</button></p>`);
        },
        async postLogoutSuccessSource(koa: KoaContextWithOIDC) {
          koa.body = page('Đã đăng xuất / Logged out', `<h1>Bạn đã đăng xuất. / You are logged out.</h1><p><a href="/">egov</a></p>`);
        },
      },
    },
    // oidc-provider refuses to connect to internal addresses (its SSRF guard). Outside production
    // a relying party registered on this machine (http://127.0.0.1, allowed only there) is reached.
    fetch: (url: URL | string, options: RequestInit & { dispatcher?: unknown }) => {
      if (ctx.config.nodeEnv !== 'production' && LOCAL_HOSTNAMES.has(new URL(url).hostname)) delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
    // PKCE (S256, the only method oidc-provider accepts) for every client, public or not.
    pkce: { required: () => true },
    async issueRefreshToken(_koa: unknown, client: { clientAuthMethod: string; grantTypeAllowed(type: string): boolean }) {
      return client.clientAuthMethod !== 'none' && client.grantTypeAllowed('refresh_token');
    },
    rotateRefreshToken: true,
    ttl: { AccessToken: 10 * 60, AuthorizationCode: 60, IdToken: 60 * 60, RefreshToken: 14 * 24 * 60 * 60, Interaction: 10 * 60, Session: 12 * 60 * 60, Grant: 365 * 24 * 60 * 60 },
    interactions: { url: (_koa: unknown, interaction: { uid: string }) => `${OIDC_PREFIX}/interaction/${interaction.uid}` },
    routes: {
      authorization: `${OIDC_PREFIX}/auth`,
      backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
      code_verification: `${OIDC_PREFIX}/device`,
      challenge: `${OIDC_PREFIX}/challenge`,
      device_authorization: `${OIDC_PREFIX}/device/auth`,
      end_session: `${OIDC_PREFIX}/session/end`,
      introspection: `${OIDC_PREFIX}/token/introspection`,
      jwks: `${OIDC_PREFIX}/jwks`,
      pushed_authorization_request: `${OIDC_PREFIX}/request`,
      registration: `${OIDC_PREFIX}/reg`,
      revocation: `${OIDC_PREFIX}/token/revocation`,
      token: `${OIDC_PREFIX}/token`,
      userinfo: `${OIDC_PREFIX}/userinfo`,
      credential: `${OIDC_PREFIX}/credential`,
    },
    async renderError(koa: KoaContextWithOIDC, out: Record<string, unknown>) {
      koa.type = 'html';
      const lines = Object.entries(out).map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(String(v))}</p>`).join('');
      koa.body = page('Lỗi đăng nhập / Sign-in error', `<h1>Không thể đăng nhập / Sign-in refused</h1>${lines}<p><a href="/">egov</a></p>`);
    },
  };
}

/**
 * The provider, built from the published keys and rebuilt when they change (a rotation
 * in another process). Its artefacts are in the database, so a rebuild loses nothing.
 */
export function createOidcProvider(ctx: IdentityContext, options: { oidcKeyCheckMs?: number } = {}) {
  const keyCheckMs = options.oidcKeyCheckMs ?? KEY_CHECK_MS;
  const keySeal = deriveKey(ctx.config.secretKey, 'identity.oidc-keys');
  let current: { provider: Provider; kids: string; checkedAt: number } | undefined;
  let building: Promise<Provider> | undefined;

  async function publishedKeys() {
    let rows = await listPublishedKeys(ctx.db, RETIRED_KEY_SECONDS);
    if (rows.length === 0) {
      await ctx.db.transaction().execute((tx) => rotateSigningKeyInTx(tx, ctx.config.secretKey));
      rows = await listPublishedKeys(ctx.db, RETIRED_KEY_SECONDS);
    }
    // Newest first: the first key of an algorithm signs, the others only verify.
    return { kids: rows.map((r) => r.kid).join(','), keys: rows.map((r) => JSON.parse(decryptSecret(r.jwk_sealed, keySeal)) as object) };
  }

  async function build(): Promise<Provider> {
    const { kids, keys } = await publishedKeys();
    if (current && current.kids === kids) {
      current.checkedAt = Date.now();
      return current.provider;
    }
    const provider = new Provider(ctx.config.baseUrl, configuration(ctx, keys));
    provider.on('server_error', (_koa: unknown, error: unknown) => ctx.logger.error({ err: error }, 'oidc provider error'));
    // Remember which egov session signed the person in to relying parties through this provider
    // session, so that logging out of egov ends it and tells them (back-channel logout).
    provider.on('authorization.success', (koa: unknown) => {
      const { oidc, cookies } = koa as KoaContextWithOIDC & { cookies: { get(name: string, options: { signed: boolean }): string | undefined } };
      const session = oidc.session as Session | undefined;
      const token = cookies.get(SESSION_COOKIE, { signed: false });
      if (!session?.accountId || !token) return;
      linkProviderSession(ctx.db, sessionIdOf(token), session.uid, session.accountId)
        // Links outlive nothing: now and then, those older than any session are swept (no scheduler needed).
        .then(() => (Math.random() < 0.01 ? deleteOldSessionLinks(ctx.db) : undefined))
        .catch((error: unknown) => ctx.logger.error({ err: error }, 'oidc session link failed'));
    });
    provider.on('backchannel.error', (_koa: unknown, error: unknown, client: unknown) => ctx.logger.warn({ err: error, clientId: (client as Client).clientId }, 'back-channel logout not delivered'));
    current = { provider, kids, checkedAt: Date.now() };
    return provider;
  }

  async function provider(): Promise<Provider> {
    if (current && Date.now() - current.checkedAt < keyCheckMs) return current.provider;
    building ??= build().finally(() => (building = undefined));
    return building;
  }

  return {
    provider,
    /** Hands a request to the provider (it writes the response itself). */
    async handle(req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<void> {
      const p = await provider();
      await new Promise<void>((resolve) => {
        res.once('finish', resolve);
        res.once('close', resolve);
        p.callback()(req, res);
      });
    },
  };
}

export type OidcProvider = ReturnType<typeof createOidcProvider>;
