import type { IncomingMessage, ServerResponse } from 'node:http';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { deriveKey, encryptSecret, randomToken } from '../../platform/crypto/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { getAccountById } from './accounts.repository.ts';
import type { IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { checkEmail, clean, normaliseEmail, problem, type Problems } from './identity.validation.ts';
import { acrOf, OIDC_SCOPES, RETIRED_KEY_SECONDS, rotateSigningKeyInTx, type OidcProvider, type OidcScope } from './oidc.provider.ts';
import {
  deleteConsentInTx,
  findClient,
  findConsent,
  insertClientInTx,
  listClients,
  listConsentsOf,
  listPublishedKeys,
  revokeArtifactsOfAccountClientInTx,
  revokeArtifactsOfGrant,
  takeProviderSessionsInTx,
  takeProviderSessionsOfAccountInTx,
  setClientStatusInTx,
  upsertConsentInTx,
} from './oidc.repository.ts';
import type { OidcClientKind } from './identity.tables.ts';
import { sessionIdOf } from './sessions.service.ts';

export interface ClientInput {
  name?: string | undefined;
  kind?: string | undefined;
  redirectUris?: string | undefined;
  postLogoutRedirectUris?: string | undefined;
  scopes?: string[] | undefined;
  logoUri?: string | undefined;
  backchannelLogoutUri?: string | undefined;
  contactEmail?: string | undefined;
}

/** What a relying party is shown as, to admins and on the consent page. */
export interface ClientView {
  clientId: string;
  name: string;
  kind: OidcClientKind;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: string[];
  logoUri: string | null;
  backchannelLogoutUri: string | null;
  contactEmail: string;
  status: 'active' | 'disabled';
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Exact https URLs without a fragment; plain http only to this machine (development). */
function parseUris(text: string | undefined, field: string, required: boolean): { uris: string[]; problems: Problems } {
  const uris = (text ?? '').split(/\s+/).filter(Boolean);
  if (uris.length === 0) return { uris, problems: required ? [problem(field, 'errRedirectUriRequired')] : [] };
  const bad = uris.some((value) => {
    if (value.length > 500) return true;
    try {
      const url = new URL(value);
      if (url.hash || url.username || url.password) return true;
      return !(url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)));
    } catch {
      return true;
    }
  });
  return { uris, problems: bad || uris.length > 10 ? [problem(field, 'errRedirectUriFormat')] : [] };
}

/** The scopes of an authorization request that egov knows (the provider has already refused others the client may not ask). */
function requestedScopes(scope: unknown): OidcScope[] {
  return String(scope ?? 'openid')
    .split(' ')
    .filter((s): s is OidcScope => (OIDC_SCOPES as readonly string[]).includes(s));
}

function toClientView(row: Awaited<ReturnType<typeof listClients>>[number]): ClientView {
  return {
    clientId: row.client_id,
    name: row.name,
    kind: row.kind,
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    scopes: row.scopes,
    logoUri: row.logo_uri,
    backchannelLogoutUri: row.backchannel_logout_uri,
    contactEmail: row.contact_email,
    status: row.status,
  };
}

export function createOidcService(ctx: IdentityContext, oidc: OidcProvider) {
  const { db } = ctx;
  const sealKey = deriveKey(ctx.config.secretKey, 'identity.oidc-clients');

  function requireAdmin(actor: Actor | undefined): Actor {
    if (!actor) throw identityErrors.unauthenticated();
    if (actor.kind !== 'admin') throw identityErrors.forbidden();
    return actor;
  }

  /**
   * Back-channel logout of provider sessions: each relying party with a back-channel address is
   * sent a signed logout token (sub and sid); the session's grants and tokens are revoked
   * (offline access apart, as on the provider's own logout); the session ends.
   */
  async function endProviderSessions(links: { uid: string; accountId: string }[]): Promise<void> {
    if (links.length === 0) return;
    const provider = await oidc.provider();
    for (const link of links) {
      const session = await provider.Session.findByUid(link.uid);
      if (!session?.accountId || session.accountId !== link.accountId) continue;
      const notified: string[] = [];
      const failed: string[] = [];
      await Promise.all(
        Object.entries(session.authorizations ?? {}).map(async ([clientId, authorization]) => {
          const client = await provider.Client.find(clientId);
          if (client?.backchannelLogoutUri) {
            try {
              await client.backchannelLogout(link.accountId, authorization.sid);
              notified.push(clientId);
            } catch (error) {
              failed.push(clientId);
              ctx.logger.warn({ err: error, clientId }, 'back-channel logout not delivered');
            }
          }
          if (authorization.grantId && !authorization.persistsLogout) await revokeArtifactsOfGrant(db, authorization.grantId);
        }),
      );
      await session.destroy();
      await db.transaction().execute((tx) =>
        appendAuditInTx(tx, { actor: link.accountId, action: 'identity.oidc_backchannel_logout', entityType: 'account', entityId: link.accountId, data: { notified: notified.sort(), failed: failed.sort() } }),
      );
    }
  }

  return {
    /** System administrators register agency portals; the secret of a confidential one is returned once. */
    async registerClient(actor: Actor | undefined, input: ClientInput): Promise<{ client: ClientView; secret: string | undefined }> {
      const admin = requireAdmin(actor);
      const name = clean(input.name);
      const kind = input.kind === 'confidential' ? 'confidential' : input.kind === 'public' ? 'public' : undefined;
      const redirect = parseUris(input.redirectUris, 'redirectUris', true);
      const logout = parseUris(input.postLogoutRedirectUris, 'postLogoutRedirectUris', false);
      const logoUri = clean(input.logoUri);
      const backchannel = parseUris(input.backchannelLogoutUri, 'backchannelLogoutUri', false);
      const contactEmail = normaliseEmail(input.contactEmail);
      const scopes = ['openid', ...OIDC_SCOPES.filter((s) => s !== 'openid' && (input.scopes ?? []).includes(s))];
      const problems: Problems = [
        ...(!name || name.length > 200 ? [problem('name', 'errClientNameRequired')] : []),
        ...(!kind ? [problem('kind', 'errClientKindRequired')] : []),
        ...redirect.problems,
        ...logout.problems,
        ...(backchannel.uris.length > 1 ? [problem('backchannelLogoutUri', 'errRedirectUriFormat')] : backchannel.problems),
        ...(logoUri ? parseUris(logoUri, 'logoUri', false).problems : []),
        ...checkEmail(contactEmail, 'contactEmail'),
      ];
      if (problems.length > 0 || !name || !kind || !contactEmail) throw identityErrors.invalidInput(problems);
      const clientId = `rp-${randomToken(12)}`;
      const secret = kind === 'confidential' ? randomToken(32) : undefined;
      await db.transaction().execute(async (tx) => {
        await insertClientInTx(tx, {
          clientId,
          name,
          kind,
          secretSealed: secret ? encryptSecret(secret, sealKey) : null,
          redirectUris: redirect.uris,
          postLogoutRedirectUris: logout.uris,
          scopes,
          logoUri: logoUri ?? null,
          backchannelLogoutUri: backchannel.uris[0] ?? null,
          contactEmail,
          createdBy: admin.accountId,
        });
        await appendAuditInTx(tx, { actor: admin.accountId, action: 'identity.oidc_client_registered', entityType: 'oidc_client', entityId: clientId, data: { name, kind, redirectUris: redirect.uris, scopes, backchannelLogoutUri: backchannel.uris[0] ?? null } });
      });
      const row = await findClient(db, clientId);
      if (!row) throw identityErrors.accountNotFound();
      return { client: toClientView(row), secret };
    },

    async listClients(actor: Actor | undefined): Promise<ClientView[]> {
      requireAdmin(actor);
      return (await listClients(db)).map(toClientView);
    },

    async setClientStatus(actor: Actor | undefined, clientId: string, status: 'active' | 'disabled'): Promise<void> {
      const admin = requireAdmin(actor);
      await db.transaction().execute(async (tx) => {
        if (!(await setClientStatusInTx(tx, clientId, status))) throw identityErrors.accountNotFound();
        await appendAuditInTx(tx, { actor: admin.accountId, action: `identity.oidc_client_${status === 'active' ? 'enabled' : 'disabled'}`, entityType: 'oidc_client', entityId: clientId });
      });
    },

    /**
     * The provider's interaction for the signed-in person: the login is egov's session; the
     * consent is asked once and remembered. Either a URL to go on to, or the consent to ask.
     */
    async interaction(actor: Actor, req: IncomingMessage, res: ServerResponse): Promise<{ redirect: string } | { consent: { client: ClientView; scopes: string[]; redirectUri: string } }> {
      const provider = await oidc.provider();
      const details = await provider.interactionDetails(req, res);
      const clientId = details.params.client_id;
      if (details.prompt.name === 'login') {
        const account = await getAccountById(db, actor.accountId);
        const amr = actor.secondFactorAt ? ['pwd', 'otp'] : ['pwd'];
        const redirect = await provider.interactionResult(req, res, { login: { accountId: actor.accountId, acr: acrOf(account.assurance_level), amr } }, { mergeWithLastSubmission: false });
        return { redirect };
      }
      const row = await findClient(db, clientId);
      if (!row) throw identityErrors.accountNotFound();
      const requested = requestedScopes(details.params.scope);
      const remembered = await findConsent(db, actor.accountId, clientId);
      if (remembered && requested.every((s) => remembered.scopes.includes(s))) {
        return { redirect: await this.finishConsent(actor, req, res, false) };
      }
      return { consent: { client: toClientView(row), scopes: requested, redirectUri: String(details.params.redirect_uri ?? '') } };
    },

    /** Records the consent to what the request asks (remembered for next time) and lets the provider issue the code. */
    async finishConsent(actor: Actor, req: IncomingMessage, res: ServerResponse, record = true): Promise<string> {
      const provider = await oidc.provider();
      const details = await provider.interactionDetails(req, res);
      if (details.session?.accountId !== actor.accountId) throw identityErrors.forbidden();
      const clientId = details.params.client_id;
      const scopes = requestedScopes(details.params.scope);
      const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: actor.accountId, clientId });
      grant.addOIDCScope(scopes.join(' '));
      const grantId = await grant.save();
      if (record) {
        await db.transaction().execute(async (tx) => {
          await upsertConsentInTx(tx, actor.accountId, clientId, scopes);
          await appendAuditInTx(tx, { actor: actor.accountId, action: 'identity.oidc_consent_given', entityType: 'oidc_client', entityId: clientId, data: { scopes } });
        });
      }
      return provider.interactionResult(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    },

    async denyConsent(actor: Actor, req: IncomingMessage, res: ServerResponse): Promise<string> {
      const provider = await oidc.provider();
      const details = await provider.interactionDetails(req, res);
      if (details.session?.accountId !== actor.accountId) throw identityErrors.forbidden();
      return provider.interactionResult(req, res, { error: 'access_denied', error_description: 'The person refused to share their data' }, { mergeWithLastSubmission: false });
    },

    async rotateSigningKey(actor: Actor | undefined): Promise<{ kid: string; published: string[] }> {
      const admin = requireAdmin(actor);
      const kid = await db.transaction().execute(async (tx) => {
        const created = await rotateSigningKeyInTx(tx, ctx.config.secretKey);
        await appendAuditInTx(tx, { actor: admin.accountId, action: 'identity.oidc_key_rotated', entityType: 'oidc_key', entityId: created });
        return created;
      });
      return { kid, published: (await listPublishedKeys(db, RETIRED_KEY_SECONDS)).map((k) => k.kid) };
    },

    /**
     * Back-channel logout: the egov session behind `token` is ending. Every provider session it
     * signed relying parties in through ends too; each relying party that registered a
     * back-channel logout address is sent a signed logout token (sub and sid), and the grants
     * of the session (and their tokens) are revoked, offline access apart, as on the provider's
     * own logout. A relying party that does not answer does not keep the person signed in here.
     */
    async logOutRelyingParties(token: string | undefined): Promise<void> {
      if (!token) return;
      await endProviderSessions(await db.transaction().execute((tx) => takeProviderSessionsInTx(tx, sessionIdOf(token))));
    },

    /** The same for every egov session of the account (its erasure ends them all). */
    async logOutRelyingPartiesOfAccount(accountId: string): Promise<void> {
      await endProviderSessions(await db.transaction().execute((tx) => takeProviderSessionsOfAccountInTx(tx, accountId)));
    },

    /** The services a person lets sign them in, with what each receives. */
    async consentsOf(actor: Actor | undefined) {
      if (!actor) throw identityErrors.unauthenticated();
      return listConsentsOf(db, actor.accountId);
    },

    /** Withdraws a consent: the service's tokens die with it, and it will have to ask again. */
    async withdrawConsent(actor: Actor | undefined, clientId: string): Promise<void> {
      if (!actor) throw identityErrors.unauthenticated();
      await db.transaction().execute(async (tx) => {
        const removed = await deleteConsentInTx(tx, actor.accountId, clientId);
        const revoked = await revokeArtifactsOfAccountClientInTx(tx, actor.accountId, clientId);
        if (removed) await appendAuditInTx(tx, { actor: actor.accountId, action: 'identity.oidc_consent_withdrawn', entityType: 'oidc_client', entityId: clientId, data: { revoked } });
      });
    },
  };
}

export type OidcService = ReturnType<typeof createOidcService>;
