import { appendAuditInTx } from '../../platform/audit/index.ts';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { findAccountByLogin, getAccountById, identityDb } from './accounts.repository.ts';
import type { IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { problem, PERSONAL_ID } from './identity.validation.ts';
import type { NationalIdentityProvider } from './national-id.ts';

/** Officials at a one-stop desk (bộ phận một cửa) check identity documents in person. */
export const IN_PERSON_ROLE = 'clerk';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Assurance levels: raised by an official in person (2) or by the national identity provider (3), never lowered here. */
export function createAssuranceService(ctx: IdentityContext, nationalId: NationalIdentityProvider) {
  const { db } = ctx;

  async function raiseInTx(tx: typeof db, accountId: string, level: 2 | 3, birthDate: string, actor: string, data: Record<string, unknown>) {
    await identityDb(tx)
      .updateTable('accounts')
      .set({ assurance_level: sql<number>`greatest(assurance_level, ${level}::smallint)`, birth_date: birthDate, updated_at: sql<Date>`now()` })
      .where('id', '=', accountId)
      .execute();
    await appendAuditInTx(tx, { actor, action: 'identity.assurance_raised', entityType: 'account', entityId: accountId, data: { level, ...data } });
  }

  return {
    async levelOf(actor: Actor | undefined): Promise<{ level: number; birthDate: string | null; personalId: string | null; fullName: string }> {
      if (!actor) throw identityErrors.unauthenticated();
      const account = await getAccountById(db, actor.accountId);
      return { level: account.assurance_level, birthDate: account.birth_date, personalId: account.personal_id, fullName: account.full_name };
    },

    /** A one-stop desk official has seen the citizen's ID card: level 2, with the date of birth read from it. */
    async verifyInPerson(actor: Actor | undefined, input: { personalId?: string | undefined; birthDate?: string | undefined }): Promise<{ fullName: string }> {
      if (!actor) throw identityErrors.unauthenticated();
      if (actor.kind !== 'official' || !actor.roles.includes(IN_PERSON_ROLE)) throw identityErrors.forbidden();
      const personalId = (input.personalId ?? '').replace(/\s/g, '');
      const birthDate = (input.birthDate ?? '').trim();
      const problems = [
        ...(PERSONAL_ID.test(personalId) ? [] : [problem('personalId', 'errPersonalIdFormat')]),
        ...(ISO_DATE.test(birthDate) && !Number.isNaN(Date.parse(birthDate)) ? [] : [problem('birthDate', 'errBirthDate')]),
      ];
      if (problems.length > 0) throw identityErrors.invalidInput(problems);
      const account = await findAccountByLogin(db, { personalId });
      if (!account || account.kind !== 'citizen') throw identityErrors.accountNotFound();
      await db.transaction().execute((tx) => raiseInTx(tx as typeof db, account.id, 2, birthDate, actor.accountId, { method: 'in_person', agency: actor.agencyCode }));
      return { fullName: account.full_name };
    },

    /** An assertion of the national identity provider about the signed-in citizen: level 3, once per assertion. */
    async verifyWithNationalId(actor: Actor | undefined, assertion: string | undefined): Promise<void> {
      if (!actor) throw identityErrors.unauthenticated();
      const account = await getAccountById(db, actor.accountId);
      let identity;
      try {
        identity = nationalId.verify((assertion ?? '').slice(0, 4096));
      } catch {
        throw identityErrors.assertionInvalid();
      }
      if (identity.personalId !== account.personal_id) throw identityErrors.assertionInvalid();
      await db.transaction().execute(async (tx) => {
        const inserted = await identityDb(tx)
          .insertInto('national_id_assertions')
          .values({ assertion_id: identity.assertionId, account_id: account.id, expires_at: identity.expiresAt })
          .onConflict((oc) => oc.column('assertion_id').doNothing())
          .executeTakeFirst();
        // Seen before: a replay, whoever sends it.
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw identityErrors.assertionInvalid();
        await raiseInTx(tx as typeof db, account.id, 3, identity.birthDate, actor.accountId, { method: 'national_id', provider: nationalId.name });
      });
    },
  };
}

export type AssuranceService = ReturnType<typeof createAssuranceService>;
