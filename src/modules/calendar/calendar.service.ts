import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { CalendarErrors } from './calendar.errors.ts';
import { listOverrides, removeOverride, setOverride, type CalendarOverrideRecord, type SetOverrideInput } from './calendar.repository.ts';

/**
 * Use cases of the calendar administration. Only system administrators change the calendar:
 * it drives the legal deadline of every dossier in every agency.
 */
function assertAdmin(actor: Actor | undefined): Actor {
  if (!actor) throw CalendarErrors.unauthenticated();
  if (actor.kind !== 'admin') throw CalendarErrors.adminOnly();
  return actor;
}

export async function saveCalendarOverride(db: Db, actor: Actor | undefined, input: Omit<SetOverrideInput, 'updatedBy'>): Promise<CalendarOverrideRecord> {
  const admin = assertAdmin(actor);
  return db.transaction().execute(async (tx) => {
    const saved = await setOverride(tx, { ...input, updatedBy: admin.displayName });
    await appendAuditInTx(tx, {
      actor: admin.accountId,
      action: 'calendar.override_set',
      entityType: 'calendar_day',
      entityId: saved.day,
      data: { kind: saved.kind, reason: saved.reason },
    });
    return saved;
  });
}

export async function deleteCalendarOverride(db: Db, actor: Actor | undefined, day: string): Promise<boolean> {
  const admin = assertAdmin(actor);
  return db.transaction().execute(async (tx) => {
    const removed = await removeOverride(tx, day);
    if (removed) {
      await appendAuditInTx(tx, { actor: admin.accountId, action: 'calendar.override_removed', entityType: 'calendar_day', entityId: day });
    }
    return removed;
  });
}

export function assertCalendarReader(actor: Actor | undefined): void {
  assertAdmin(actor);
}

export async function listCalendarOverrides(db: Db, actor: Actor | undefined, year?: number): Promise<CalendarOverrideRecord[]> {
  assertAdmin(actor);
  return listOverrides(db, year);
}
