import { sql, type Db, type Executor } from '../../platform/db/index.ts';
import type { AgenciesTables } from './agencies.repository.ts';
import type { IntegrationClient } from './agencies.types.ts';

const q = (ex: Executor) => (ex as Db).withTables<AgenciesTables>();

export interface ClientRecord {
  clientId: string;
  agencyCode: string;
  name: string;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  timeZone: string;
}

export async function insertClientInTx(tx: Executor, client: { clientId: string; agencyCode: string; name: string; createdBy: string; timeZone: string }): Promise<void> {
  await q(tx)
    .insertInto('integration_clients')
    .values({ id: client.clientId, agency_code: client.agencyCode, name: client.name, created_by: client.createdBy, time_zone: client.timeZone })
    .execute();
}

export async function setTimeZoneInTx(tx: Executor, clientId: string, timeZone: string): Promise<void> {
  await q(tx).updateTable('integration_clients').set({ time_zone: timeZone }).where('id', '=', clientId).execute();
}

/** Whether any client, revoked or not, belongs to the agency (its row cannot go while one does). */
export async function agencyHasClients(ex: Executor, agencyCode: string): Promise<boolean> {
  const row = await q(ex).selectFrom('integration_clients').select('id').where('agency_code', '=', agencyCode).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function insertSecretInTx(tx: Executor, secret: { clientId: string; sealedSecret: string; hint: string }): Promise<void> {
  await q(tx)
    .insertInto('integration_client_secrets')
    .values({ client_id: secret.clientId, sealed_secret: secret.sealedSecret, hint: secret.hint, valid_until: null })
    .execute();
}

/** `forUpdate` locks the client row so that concurrent rotations and revocations serialise. */
export async function findClient(ex: Executor, clientId: string, options: { forUpdate?: boolean } = {}): Promise<ClientRecord | undefined> {
  let select = q(ex)
    .selectFrom('integration_clients')
    .select(['id', 'agency_code', 'name', 'created_at', 'created_by', 'revoked_at', 'time_zone'])
    .where('id', '=', clientId);
  if (options.forUpdate) select = select.forUpdate();
  const row = await select.executeTakeFirst();
  return row
    ? { clientId: row.id, agencyCode: row.agency_code, name: row.name, createdAt: row.created_at, createdBy: row.created_by, revokedAt: row.revoked_at, timeZone: row.time_zone }
    : undefined;
}

export async function listClients(ex: Executor, agencyCode: string): Promise<IntegrationClient[]> {
  const clients = await q(ex)
    .selectFrom('integration_clients')
    .select(['id', 'agency_code', 'name', 'created_at', 'created_by', 'revoked_at', 'time_zone'])
    .where('agency_code', '=', agencyCode)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (clients.length === 0) return [];
  const secrets = await q(ex)
    .selectFrom('integration_client_secrets')
    .select(['client_id', 'hint', 'created_at', 'valid_until'])
    .where(
      'client_id',
      'in',
      clients.map((c) => c.id),
    )
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', sql<Date>`now()`)]))
    .orderBy('created_at')
    .execute();
  return clients.map((c) => ({
    clientId: c.id,
    agencyCode: c.agency_code,
    name: c.name,
    createdAt: c.created_at,
    createdBy: c.created_by,
    revokedAt: c.revoked_at,
    timeZone: c.time_zone,
    activeSecrets:
      c.revoked_at === null
        ? secrets.filter((s) => s.client_id === c.id).map((s) => ({ hint: s.hint, createdAt: s.created_at, validUntil: s.valid_until }))
        : [],
  }));
}

/** Sealed secrets that verify signatures now; none when the client is revoked or unknown. */
export async function activeSealedSecrets(ex: Executor, clientId: string): Promise<string[]> {
  const rows = await q(ex)
    .selectFrom('integration_client_secrets as s')
    .innerJoin('integration_clients as c', 'c.id', 's.client_id')
    .select('s.sealed_secret')
    .where('s.client_id', '=', clientId)
    .where('c.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('s.valid_until', 'is', null), eb('s.valid_until', '>', sql<Date>`now()`)]))
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
  return rows.map((r) => r.sealed_secret);
}

/**
 * Starts the overlap of a rotation: every secret still valid past `until` now ends at
 * `until` (a secret already ending sooner keeps its earlier end).
 */
export async function endActiveSecretsInTx(tx: Executor, clientId: string, until: Date): Promise<number> {
  const result = await q(tx)
    .updateTable('integration_client_secrets')
    .set({ valid_until: until })
    .where('client_id', '=', clientId)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', until)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function revokeClientInTx(tx: Executor, clientId: string, revokedBy: string): Promise<void> {
  await q(tx)
    .updateTable('integration_clients')
    .set({ revoked_at: sql<Date>`now()`, revoked_by: revokedBy })
    .where('id', '=', clientId)
    .where('revoked_at', 'is', null)
    .execute();
  // Secrets end with the client, so nothing can verify with them even if the revocation
  // check were forgotten in a future query.
  await q(tx)
    .updateTable('integration_client_secrets')
    .set({ valid_until: sql<Date>`now()` })
    .where('client_id', '=', clientId)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', sql<Date>`now()`)]))
    .execute();
}
