import { appendAuditInTx } from '../../platform/audit/index.ts';
import { sql, type Executor } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { sendMailInTx, sendSmsInTx } from '../../platform/notify/index.ts';
import type { CabinetDeps, Member } from './cabinet.model.ts';

/** What every use case of the cabinet shares: the database, its clock, audit, mail, links. */
export function createCore(deps: CabinetDeps) {
  const { db } = deps;

  async function now(): Promise<Date> {
    if (deps.now) return deps.now();
    if (deps.config.nodeEnv === 'production') return new Date();
    const { rows } = await sql<{ s: number }>`SELECT clock_offset_seconds AS s FROM cabinet_settings WHERE id = 1`.execute(db);
    return new Date(Date.now() + Number(rows[0]?.s ?? 0) * 1000);
  }

  async function audit(tx: Executor, actor: Actor | null, action: string, entityType: string, entityId: number | string, data: object = {}): Promise<void> {
    await appendAuditInTx(tx, { actor: actor?.accountId ?? null, action, entityType, entityId: String(entityId), data });
  }

  async function mailMembers(tx: Executor, members: readonly Member[], message: { subject: string; text: string }): Promise<number> {
    let sent = 0;
    for (const m of members) {
      if (!m.email) continue;
      await sendMailInTx(tx, { to: `${m.fullName} <${m.email}>`, ...message });
      sent++;
    }
    return sent;
  }

  /** One SMS per member with a mobile number, through the outbox in the caller's transaction; how many were queued. */
  async function smsMembers(tx: Executor, members: readonly Member[], text: string): Promise<number> {
    let sent = 0;
    for (const m of members) {
      if (!m.mobile) continue;
      await sendSmsInTx(tx, { to: m.mobile, text });
      sent++;
    }
    return sent;
  }

  const link = (path: string) => `${deps.config.baseUrl}${path}`;

  return { deps, db, now, audit, mailMembers, smsMembers, link };
}

export type Core = ReturnType<typeof createCore>;
