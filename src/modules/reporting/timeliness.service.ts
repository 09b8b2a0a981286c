import { appendAuditInTx } from '../../platform/audit/index.ts';
import { vietnamDay } from '../../platform/calendar/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import { getRegime, getUnit, mayViewUnit, PERMISSIONS, requirePermission, scheduleOf, signedIn, unitOfActor, type ReportingDeps } from './reporting.access.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { periodsOfYear, periodWindow, sendDeadline } from './reporting.periods.ts';
import * as repo from './reporting.repository.ts';
import { tables } from './reporting.tables.ts';
import { deadlineDaysFor } from './reporting.types.ts';
import * as subs from './submissions.repository.ts';

/**
 * Timeliness and completeness (who has sent, who is late) per regime and period, and the
 * reminders before a deadline. A report counts as sent when its leader approved and sent it
 * up; on time when that happened by the end of the deadline day (Vietnam time).
 */

export type Timeliness = 'on_time' | 'late' | 'overdue' | 'pending';

export interface ChildProgress {
  unitCode: string;
  name: string;
  state: subs.SubmissionStatus['state'];
  sentAt: Date | null;
  timeliness: Timeliness;
  /** The unit's own last day to send (deadlines may differ by level). */
  deadline: string;
  /** For a unit with units below it in the regime: how many of them have sent. */
  below: { sent: number; total: number } | null;
}

export interface PeriodProgress {
  regime: string;
  period: string;
  unitCode: string;
  /** The deadline of the units below (the first one's, when their levels differ). */
  deadline: string;
  units: ChildProgress[];
  sent: number;
  onTime: number;
  late: number;
  total: number;
  /** Percent of units that have sent, and of units that sent on time. */
  completenessRate: number;
  timelinessRate: number;
}

export function timelinessOf(sentAt: Date | null, deadline: string, today: string): Timeliness {
  if (sentAt) return vietnamDay(sentAt) <= deadline ? 'on_time' : 'late';
  return today > deadline ? 'overdue' : 'pending';
}

export async function progress(deps: ReportingDeps, actor: Actor | undefined, query: { regime: string; unit?: string | undefined; period: string }, now = new Date()): Promise<PeriodProgress> {
  const who = signedIn(actor);
  const regime = await getRegime(deps.db, query.regime);
  let unitCode: string;
  if (who.kind === 'admin') unitCode = query.unit ?? regime.receivingUnitCode;
  else {
    requirePermission(deps, who, PERMISSIONS.view);
    const viewer = await unitOfActor(deps.db, who);
    unitCode = query.unit ?? viewer.code;
    if (!(await mayViewUnit(deps.db, regime, viewer, unitCode))) throw ReportingErrors.forbidden();
  }
  await getUnit(deps.db, unitCode);
  const children = await subs.regimeChildren(deps.db, regime.code, unitCode);
  const statuses = await subs.statusesOf(deps.db, regime.code, query.period, children);
  const units = await repo.listUnits(deps.db, children);
  const names = new Map(units.map((u) => [u.code, u.name]));
  const kinds = new Map(units.map((u) => [u.code, u.kind]));
  const deadlines = new Map<string, string>();
  for (const kind of new Set([...kinds.values()])) deadlines.set(kind, (await scheduleOf(deps, regime, query.period, kind)).deadline);
  const deadlineOf = (code: string) => deadlines.get(kinds.get(code) ?? '') ?? '';
  const deadline = units[0] ? deadlineOf(units[0].code) : (await scheduleOf(deps, regime, query.period)).deadline;
  const today = vietnamDay(now);
  const rows: ChildProgress[] = [];
  for (const status of statuses) {
    const grandchildren = await subs.regimeChildren(deps.db, regime.code, status.unitCode);
    const below = grandchildren.length === 0 ? null : { sent: (await subs.statusesOf(deps.db, regime.code, query.period, grandchildren)).filter((s) => s.sentAt).length, total: grandchildren.length };
    rows.push({ unitCode: status.unitCode, name: names.get(status.unitCode) ?? status.unitCode, state: status.state, sentAt: status.sentAt, timeliness: timelinessOf(status.sentAt, deadlineOf(status.unitCode), today), deadline: deadlineOf(status.unitCode), below });
  }
  const sent = rows.filter((r) => r.sentAt).length;
  const onTime = rows.filter((r) => r.timeliness === 'on_time').length;
  const total = rows.length;
  const rate = (n: number) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);
  return { regime: regime.code, period: query.period, unitCode, deadline, units: rows, sent, onTime, late: rows.filter((r) => r.timeliness === 'late' || r.timeliness === 'overdue').length, total, completenessRate: rate(sent), timelinessRate: rate(onTime) };
}

/**
 * For each regime, the periods whose deadline falls within `workingDays` working days from
 * today (and those just past it): every unit that has not sent gets one e-mail per period and
 * kind, queued in the outbox with the record that it was sent, in one transaction.
 */
export async function sendReminders(deps: ReportingDeps, now = new Date(), workingDays = 2): Promise<{ sent: number }> {
  const today = vietnamDay(now);
  const year = Number(today.slice(0, 4));
  const calendar = await deps.calendar.workingCalendar([year - 1, year, year + 1]);
  let sent = 0;
  for (const regime of await repo.listRegimes(deps.db)) {
    if (regime.frequency === 'ad_hoc') continue;
    const units = (await repo.listUnits(deps.db, regime.units)).filter((u) => u.contactEmail && !u.retiredAt);
    for (const period of [...periodsOfYear(regime.frequency, year), ...periodsOfYear(regime.frequency, year + 1)]) {
      const window = periodWindow(regime.frequency, period)!;
      // Each level has its own deadline: the units whose deadline is near (or just past) are asked.
      const due: { unit: (typeof units)[number]; deadline: string; kind: 'before_deadline' | 'overdue' }[] = [];
      const byKind = new Map<string, string>();
      for (const unit of units) {
        const deadline = byKind.get(unit.kind) ?? sendDeadline(calendar, window, deadlineDaysFor(regime, unit.kind));
        byKind.set(unit.kind, deadline);
        const before = deadline >= today && calendar.workingDaysBetween(today, deadline) <= workingDays;
        const after = deadline < today && calendar.workingDaysBetween(deadline, today) <= workingDays;
        if (before || after) due.push({ unit, deadline, kind: before ? 'before_deadline' : 'overdue' });
      }
      if (due.length === 0) continue;
      const sentUp = new Set((await subs.statusesOf(deps.db, regime.code, period, due.map((d) => d.unit.code))).filter((s) => s.sentAt).map((s) => s.unitCode));
      for (const { unit, deadline, kind } of due.filter((d) => !sentUp.has(d.unit.code))) {
        const before = kind === 'before_deadline';
        sent += await deps.db.transaction().execute(async (tx) => {
          const inserted = await tables(tx)
            .insertInto('reporting_reminders')
            .values({ regime_code: regime.code, period, unit_code: unit.code, kind })
            .onConflict((oc) => oc.doNothing())
            .returning('unit_code')
            .executeTakeFirst();
          if (!inserted) return 0;
          await sendMailInTx(tx, {
            to: unit.contactEmail!,
            subject: before ? `[Nhắc hạn] ${regime.name} kỳ ${period} — hạn gửi ${deadline}` : `[Quá hạn] ${regime.name} kỳ ${period} — hạn gửi đã qua ngày ${deadline}`,
            text: `Kính gửi ${unit.name},\n\n${before ? 'Đơn vị chưa gửi' : 'Đơn vị đã quá hạn gửi'} báo cáo "${regime.name}" kỳ ${period} (số liệu từ ${window.from} đến ${window.to}). Hạn gửi: ${deadline}.\n\nDear ${unit.nameEn ?? unit.name}: the report "${regime.nameEn}" for ${period} ${before ? 'is due on' : 'was due on'} ${deadline}.`,
          });
          await appendAuditInTx(tx, { actor: null, action: 'reporting.reminder_sent', entityType: 'reporting_unit', entityId: unit.code, data: { regime: regime.code, period, kind, deadline } });
          return 1;
        });
      }
    }
  }
  return { sent };
}
