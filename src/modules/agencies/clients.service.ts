import { createHmac, randomBytes } from 'node:crypto';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { constantTimeEqual, decryptSecret, encryptSecret, randomToken } from '../../platform/crypto/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { parseAgencyCode } from './agency-code.ts';
import { AgenciesErrors } from './agencies.errors.ts';
import { assertManager, assertManagerOf } from './agencies.policy.ts';
import * as repo from './agencies.repository.ts';
import type { IntegrationClient } from './agencies.types.ts';
import * as clientsRepo from './clients.repository.ts';

/** Purpose string of the key that seals client secrets (see platform/crypto deriveKey). */
export const CLIENT_SECRET_KEY_PURPOSE = 'integration-client-secrets';
export const DEFAULT_OVERLAP_HOURS = 7 * 24;
export const MAX_OVERLAP_HOURS = 90 * 24;
export const DEFAULT_CLIENT_NAME = 'Hệ thống tích hợp';
/** Where the clocks of Vietnamese systems are: the time zone of a client unless set otherwise. */
export const DEFAULT_CLIENT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** An IANA time zone name that this server's time zone data knows; throws `agencies.time_zone_invalid`. */
export function checkTimeZone(timeZone: string): string {
  let known = false;
  if (/^[A-Za-z0-9_+\-/]{1,64}$/.test(timeZone)) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      known = true;
    } catch {
      // RangeError: unknown to the time zone data
    }
  }
  if (!known) throw AgenciesErrors.timeZoneInvalid(timeZone);
  return timeZone;
}

/** HMAC-SHA256 of the payload with a client secret, as lower-case hex: what a client sends. */
export function signPayload(secret: string, payload: string | Uint8Array): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

function newClientId(): string {
  return `sys_${randomBytes(10).toString('hex')}`;
}

function newSecret(): { secret: string; hint: string } {
  const secret = randomToken(32);
  return { secret, hint: secret.slice(-4) };
}

/**
 * Integration clients: an agency's IT system identified by a system id and holding a
 * secret with which it signs its requests (HMAC-SHA256). The secret is shown once and
 * stored sealed with a key derived from SECRET_KEY — not hashed, because verifying an
 * HMAC needs the key itself.
 */
export function createClientsService(db: Db, sealingKey: Buffer) {
  const seal = (secret: string) => encryptSecret(secret, sealingKey);
  const resolveClientSecrets = async (clientId: string): Promise<string[]> =>
    (await clientsRepo.activeSealedSecrets(db, clientId)).map((s) => decryptSecret(s, sealingKey));

  /** `underAgency`: the agency the caller addressed the client under (admin page paths). */
  async function managerOfClient(actor: Actor | undefined, clientId: string, underAgency?: string): Promise<Actor> {
    // Only administrators get as far as "not found": strangers learn nothing either way.
    assertManager(actor);
    const client = await clientsRepo.findClient(db, clientId);
    if (!client) throw AgenciesErrors.clientNotFound(clientId);
    assertManagerOf(actor, client.agencyCode);
    if (underAgency !== undefined && underAgency !== client.agencyCode) throw AgenciesErrors.clientNotFound(clientId);
    return actor;
  }

  return {
    /** Creates a client for an agency; the returned secret is never shown again. */
    async createClient(
      actor: Actor | undefined,
      input: { agencyCode: string; name?: string | undefined; timeZone?: string | undefined },
    ): Promise<{ clientId: string; secret: string; agencyCode: string; name: string; timeZone: string }> {
      assertManagerOf(actor, input.agencyCode);
      parseAgencyCode(input.agencyCode);
      const name = (input.name ?? '').trim() || DEFAULT_CLIENT_NAME;
      if (name.length > 200) throw AgenciesErrors.clientNameInvalid();
      const timeZone = checkTimeZone(input.timeZone ?? DEFAULT_CLIENT_TIME_ZONE);
      const agency = await repo.findAgency(db, input.agencyCode);
      if (!agency) throw AgenciesErrors.agencyNotFound(input.agencyCode);
      const clientId = newClientId();
      const { secret, hint } = newSecret();
      const by = actor.accountId;
      await db.transaction().execute(async (tx) => {
        await clientsRepo.insertClientInTx(tx, { clientId, agencyCode: agency.code, name, createdBy: by, timeZone });
        await clientsRepo.insertSecretInTx(tx, { clientId, sealedSecret: seal(secret), hint });
        await appendAuditInTx(tx, {
          actor: by,
          action: 'integration_client.created',
          entityType: 'integration_client',
          entityId: clientId,
          data: { agencyCode: agency.code, name, secretHint: hint, timeZone },
        });
      });
      return { clientId, secret, agencyCode: agency.code, name, timeZone };
    },

    /** The time zone in which the client's local timestamps are read (VXP transport). */
    async setClientTimeZone(actor: Actor | undefined, clientId: string, timeZone: string): Promise<{ clientId: string; timeZone: string }> {
      const by = (await managerOfClient(actor, clientId)).accountId;
      checkTimeZone(timeZone);
      await db.transaction().execute(async (tx) => {
        const locked = await clientsRepo.findClient(tx, clientId, { forUpdate: true });
        if (!locked) throw AgenciesErrors.clientNotFound(clientId);
        await clientsRepo.setTimeZoneInTx(tx, clientId, timeZone);
        await appendAuditInTx(tx, {
          actor: by,
          action: 'integration_client.time_zone_set',
          entityType: 'integration_client',
          entityId: clientId,
          data: { agencyCode: locked.agencyCode, from: locked.timeZone, to: timeZone },
        });
      });
      return { clientId, timeZone };
    },

    /**
     * Issues a new secret. The previous ones stay valid for `overlapHours` (default 7
     * days) so the client system can be reconfigured without an outage; 0 ends them now.
     */
    async rotateClientSecret(
      actor: Actor | undefined,
      clientId: string,
      options: { overlapHours?: number | undefined; underAgency?: string } = {},
    ): Promise<{ clientId: string; secret: string; overlapHours: number; previousValidUntil: Date }> {
      const overlapHours = options.overlapHours ?? DEFAULT_OVERLAP_HOURS;
      if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
        throw AgenciesErrors.overlapInvalid(MAX_OVERLAP_HOURS);
      }
      const by = (await managerOfClient(actor, clientId, options.underAgency)).accountId;
      const { secret, hint } = newSecret();
      const previousValidUntil = new Date(Date.now() + overlapHours * 3_600_000);
      await db.transaction().execute(async (tx) => {
        const locked = await clientsRepo.findClient(tx, clientId, { forUpdate: true });
        if (!locked) throw AgenciesErrors.clientNotFound(clientId);
        if (locked.revokedAt) throw AgenciesErrors.clientRevoked(clientId);
        const ended = await clientsRepo.endActiveSecretsInTx(tx, clientId, previousValidUntil);
        await clientsRepo.insertSecretInTx(tx, { clientId, sealedSecret: seal(secret), hint });
        await appendAuditInTx(tx, {
          actor: by,
          action: 'integration_client.secret_rotated',
          entityType: 'integration_client',
          entityId: clientId,
          data: { agencyCode: locked.agencyCode, overlapHours, previousSecretsEnding: ended, secretHint: hint },
        });
      });
      return { clientId, secret, overlapHours, previousValidUntil };
    },

    /** Revokes a client and all its secrets at once. Revoking twice is refused. */
    async revokeClient(actor: Actor | undefined, clientId: string, options: { underAgency?: string } = {}): Promise<void> {
      const by = (await managerOfClient(actor, clientId, options.underAgency)).accountId;
      await db.transaction().execute(async (tx) => {
        const locked = await clientsRepo.findClient(tx, clientId, { forUpdate: true });
        if (!locked) throw AgenciesErrors.clientNotFound(clientId);
        if (locked.revokedAt) throw AgenciesErrors.clientRevoked(clientId);
        await clientsRepo.revokeClientInTx(tx, clientId, by);
        await appendAuditInTx(tx, {
          actor: by,
          action: 'integration_client.revoked',
          entityType: 'integration_client',
          entityId: clientId,
          data: { agencyCode: locked.agencyCode },
        });
      });
    },

    async listClients(actor: Actor | undefined, agencyCode: string): Promise<IntegrationClient[]> {
      assertManagerOf(actor, agencyCode);
      return clientsRepo.listClients(db, agencyCode);
    },

    /** The client and its agency, for integration APIs that authenticate by system id. */
    async findClient(clientId: string): Promise<{ clientId: string; agencyCode: string; name: string; revoked: boolean; timeZone: string } | undefined> {
      const client = await clientsRepo.findClient(db, clientId);
      return client ? { clientId: client.clientId, agencyCode: client.agencyCode, name: client.name, revoked: client.revokedAt !== null, timeZone: client.timeZone } : undefined;
    },

    /** Plaintext secrets that verify signatures now, newest first; empty when revoked or unknown. */
    resolveClientSecrets,

    /**
     * True when `signatureHex` is the HMAC-SHA256 of `payload` under any active secret of
     * the client (during a rotation overlap, old and new both verify).
     */
    async verifySignature(clientId: string, payload: string | Uint8Array, signatureHex: string): Promise<boolean> {
      if (!/^[0-9a-fA-F]{64}$/.test(signatureHex)) return false;
      const given = signatureHex.toLowerCase();
      const secrets = await resolveClientSecrets(clientId);
      let ok = false;
      // Every secret is tried, so the time taken does not tell which one matched.
      for (const secret of secrets) ok = constantTimeEqual(signPayload(secret, payload), given) || ok;
      return ok;
    },
  };
}

export type ClientsService = ReturnType<typeof createClientsService>;
