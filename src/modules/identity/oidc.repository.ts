import { sql, type Executor } from '../../platform/db/index.ts';
import { identityDb } from './accounts.repository.ts';
import type { OidcClientKind } from './identity.tables.ts';

// SQL of the OpenID Connect provider: relying parties, the provider's artefacts, consents, keys.

/** text[] from a JSON array: the same on node-postgres and PGlite, and URIs may hold commas. */
export function textArray(values: readonly string[]) {
  return sql<string[]>`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

export interface NewClient {
  clientId: string;
  name: string;
  kind: OidcClientKind;
  secretSealed: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: string[];
  logoUri: string | null;
  backchannelLogoutUri: string | null;
  contactEmail: string;
  createdBy: string;
}

export async function insertClientInTx(executor: Executor, client: NewClient): Promise<void> {
  await identityDb(executor)
    .insertInto('oidc_clients')
    .values({
      client_id: client.clientId,
      name: client.name,
      kind: client.kind,
      secret_sealed: client.secretSealed,
      redirect_uris: textArray(client.redirectUris),
      post_logout_redirect_uris: textArray(client.postLogoutRedirectUris),
      scopes: textArray(client.scopes),
      logo_uri: client.logoUri,
      backchannel_logout_uri: client.backchannelLogoutUri,
      contact_email: client.contactEmail,
      agency_code: null,
      created_by: client.createdBy,
    })
    .execute();
}

export async function findClient(executor: Executor, clientId: string) {
  return identityDb(executor).selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function listClients(executor: Executor) {
  return identityDb(executor).selectFrom('oidc_clients').selectAll().orderBy('created_at', 'desc').limit(500).execute();
}

export async function setClientStatusInTx(executor: Executor, clientId: string, status: 'active' | 'disabled'): Promise<boolean> {
  const result = await identityDb(executor).updateTable('oidc_clients').set({ status, updated_at: sql<Date>`now()` }).where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// The provider's artefacts (oidc-provider's adapter contract: upsert, find, consume, destroy, revoke by grant).

export async function upsertArtifact(executor: Executor, model: string, id: string, payload: Record<string, unknown>, expiresIn: number | undefined): Promise<void> {
  const expiresAt = typeof expiresIn === 'number' ? sql<Date>`now() + ${expiresIn}::int * interval '1 second'` : null;
  const grantId = typeof payload.grantId === 'string' ? payload.grantId : null;
  const uid = typeof payload.uid === 'string' ? payload.uid : null;
  const json = JSON.stringify(payload);
  await identityDb(executor)
    .insertInto('oidc_artifacts')
    .values({ model, id, payload: sql`${json}::jsonb` as unknown as string, grant_id: grantId, uid, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({ payload: sql`${json}::jsonb` as unknown as string, grant_id: grantId, uid, expires_at: expiresAt }))
    .execute();
}

const live = sql<boolean>`(expires_at IS NULL OR expires_at > now())`;

export async function findArtifact(executor: Executor, model: string, where: { id: string } | { uid: string }) {
  let query = identityDb(executor).selectFrom('oidc_artifacts').select(['payload', 'consumed_at']).where('model', '=', model).where(live);
  query = 'id' in where ? query.where('id', '=', where.id) : query.where('uid', '=', where.uid);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload;
  return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
}

export async function consumeArtifact(executor: Executor, model: string, id: string): Promise<void> {
  await identityDb(executor).updateTable('oidc_artifacts').set({ consumed_at: sql<Date>`now()` }).where('model', '=', model).where('id', '=', id).execute();
}

export async function destroyArtifact(executor: Executor, model: string, id: string): Promise<void> {
  await identityDb(executor).deleteFrom('oidc_artifacts').where('model', '=', model).where('id', '=', id).execute();
}

export async function revokeArtifactsOfGrant(executor: Executor, grantId: string): Promise<void> {
  await identityDb(executor).deleteFrom('oidc_artifacts').where('grant_id', '=', grantId).execute();
}

/** Withdrawn consent: the grants and every token issued under them for this account and client. */
export async function revokeArtifactsOfAccountClientInTx(executor: Executor, accountId: string, clientId: string): Promise<number> {
  const result = await identityDb(executor)
    .deleteFrom('oidc_artifacts')
    .where(sql<boolean>`payload->>'accountId' = ${accountId} AND payload->>'clientId' = ${clientId}`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredArtifacts(executor: Executor): Promise<number> {
  const result = await identityDb(executor).deleteFrom('oidc_artifacts').where('expires_at', '<=', sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Consents

export async function findConsent(executor: Executor, accountId: string, clientId: string) {
  return identityDb(executor).selectFrom('oidc_consents').selectAll().where('account_id', '=', accountId).where('client_id', '=', clientId).executeTakeFirst();
}

export async function upsertConsentInTx(executor: Executor, accountId: string, clientId: string, scopes: readonly string[]): Promise<void> {
  await identityDb(executor)
    .insertInto('oidc_consents')
    .values({ account_id: accountId, client_id: clientId, scopes: textArray(scopes) })
    .onConflict((oc) => oc.columns(['account_id', 'client_id']).doUpdateSet({ scopes: textArray(scopes), granted_at: sql<Date>`now()` }))
    .execute();
}

export async function deleteConsentInTx(executor: Executor, accountId: string, clientId: string): Promise<boolean> {
  const result = await identityDb(executor).deleteFrom('oidc_consents').where('account_id', '=', accountId).where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function listConsentsOf(executor: Executor, accountId: string) {
  return identityDb(executor)
    .selectFrom('oidc_consents')
    .innerJoin('oidc_clients', 'oidc_clients.client_id', 'oidc_consents.client_id')
    .select(['oidc_consents.client_id', 'oidc_clients.name', 'oidc_clients.logo_uri', 'oidc_clients.contact_email', 'oidc_consents.scopes', 'oidc_consents.granted_at'])
    .where('oidc_consents.account_id', '=', accountId)
    .orderBy('oidc_consents.granted_at', 'desc')
    .execute();
}

// Signing keys

export async function listPublishedKeys(executor: Executor, retiredKeptSeconds: number) {
  return identityDb(executor)
    .selectFrom('oidc_signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', sql<Date>`now() - ${retiredKeptSeconds}::int * interval '1 second'`)]))
    .orderBy('created_at', 'desc')
    .execute();
}

/** A new signing key; the ones signing until now are retired (still published, no longer used to sign). */
export async function insertSigningKeyInTx(executor: Executor, kid: string, jwkSealed: string): Promise<void> {
  await identityDb(executor).updateTable('oidc_signing_keys').set({ retired_at: sql<Date>`now()` }).where('retired_at', 'is', null).execute();
  await identityDb(executor).insertInto('oidc_signing_keys').values({ kid, jwk_sealed: jwkSealed }).execute();
}

// Back-channel logout: the provider sessions an egov session signed relying parties in through.

/** Only when the egov session is live and belongs to the account the provider session signed in. */
export async function linkProviderSession(executor: Executor, egovSessionId: string, providerSessionUid: string, accountId: string): Promise<void> {
  await sql`
    INSERT INTO oidc_session_links (egov_session_id, provider_session_uid, account_id)
    SELECT id, ${providerSessionUid}, account_id FROM sessions WHERE id = ${egovSessionId} AND account_id = ${accountId}
    ON CONFLICT (egov_session_id, provider_session_uid) DO NOTHING`.execute(executor);
}

/** The links of an egov session, removed as they are read (each logout acts on them once). */
export async function takeProviderSessionsInTx(executor: Executor, egovSessionId: string): Promise<{ uid: string; accountId: string }[]> {
  const rows = await identityDb(executor)
    .deleteFrom('oidc_session_links')
    .where('egov_session_id', '=', egovSessionId)
    .returning(['provider_session_uid', 'account_id'])
    .execute();
  return rows.map((r) => ({ uid: r.provider_session_uid, accountId: r.account_id }));
}

/** Every link of the account (its erasure ends every session it has anywhere). */
export async function takeProviderSessionsOfAccountInTx(executor: Executor, accountId: string): Promise<{ uid: string; accountId: string }[]> {
  const rows = await identityDb(executor).deleteFrom('oidc_session_links').where('account_id', '=', accountId).returning(['provider_session_uid', 'account_id']).execute();
  return rows.map((r) => ({ uid: r.provider_session_uid, accountId: r.account_id }));
}

/** Links older than any session lives (12 hours for officials, a week for citizens) lead nowhere. */
export async function deleteOldSessionLinks(executor: Executor): Promise<void> {
  await identityDb(executor).deleteFrom('oidc_session_links').where('created_at', '<', sql<Date>`now() - interval '8 days'`).execute();
}
