import { appendAuditInTx } from '../../platform/audit/index.ts';
import { vietnamDay, type WorkingCalendar } from '../../platform/calendar/index.ts';
import type { Db, Executor } from '../../platform/db/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { Actor, Contributions } from '../../platform/module/index.ts';
import { agencyScopeOf, type AgencyScope } from '../agencies/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import type { ReportingApi } from '../reporting/index.ts';
import { TASK_MONITOR, TASK_OFFICER } from './tasks.contributions.ts';
import { TasksErrors } from './tasks.errors.ts';
import type { TaskChanged, TaskLinked } from './tasks.facts.ts';
import * as repo from './tasks.repository.ts';

/** What the tasks module's use cases share. */
export interface TasksContext {
  db: Db;
  calendar: Pick<CalendarApi, 'workingCalendar'>;
  contributions: Contributions;
  /** The exchange's door: a completion's DocumentId must be a document the lead agency sent. */
  exchange: Pick<ExchangeApi, 'findByDocumentId'>;
  /** The reporting system's door: the indicators a task moves are its indicator codes. */
  reporting: Pick<ReportingApi, 'listIndicators' | 'listRegimes'>;
  now: () => Date;
}

/** Who is asking: a Government Office monitor (every task) or an agency's officer (its level-1 body's tasks). */
export type Viewer = { actor: Actor; monitor: true } | { actor: Actor; monitor: false; scope: AgencyScope };

export function viewerOf(ctx: TasksContext, actor: Actor | undefined): Viewer {
  if (!actor) throw TasksErrors.unauthenticated();
  if (actor.kind === 'admin' || (actor.kind === 'official' && ctx.contributions.may(actor, 'tasks.monitor'))) return { actor, monitor: true };
  if (actor.kind !== 'official' || !ctx.contributions.may(actor, 'tasks.work')) throw TasksErrors.forbidden();
  const scope = agencyScopeOf(actor, [TASK_OFFICER, TASK_MONITOR, 'leader']);
  if (!scope) throw TasksErrors.forbidden();
  return { actor, monitor: false, scope };
}

/** Level-1 group an officer's scope covers (undefined for monitors: all). */
export const level1OfViewer = (v: Viewer) => (v.monitor || v.scope.kind === 'all' ? undefined : v.scope.level1);

export function mayRead(v: Viewer, task: repo.TaskRow): boolean {
  const l1 = level1OfViewer(v);
  return l1 === undefined || task.lead_level1 === l1 || task.coordinating_level1.includes(l1);
}

export function isLead(v: Viewer, task: repo.TaskRow): boolean {
  const l1 = level1OfViewer(v);
  return !v.monitor && (l1 === undefined || task.lead_level1 === l1);
}

export function requireMonitor(v: Viewer): void {
  if (!v.monitor) throw TasksErrors.monitorsOnly();
}

export function today(ctx: TasksContext): string {
  return vietnamDay(ctx.now());
}

/** Calendars read for pages, per range of years, kept a few seconds (a change of the stored overrides shows within that time). */
const CALENDAR_TTL_MS = 30_000;
const calendars = new WeakMap<TasksContext, Map<string, { at: number; calendar: Promise<WorkingCalendar> }>>();

/**
 * The working calendar from the year before `from` to the year after `to` (ISO days). Inside a
 * transaction (`db`) it is read there, fresh; for pages it is shared for CALENDAR_TTL_MS.
 */
export async function calendarFor(ctx: TasksContext, from: string, to: string, db?: Executor): Promise<WorkingCalendar> {
  const first = Number(from.slice(0, 4)) - 1;
  const last = Number(to.slice(0, 4)) + 1;
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  if (db) return ctx.calendar.workingCalendar(years, db);
  let cache = calendars.get(ctx);
  if (!cache) calendars.set(ctx, (cache = new Map()));
  const key = `${first}-${last}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CALENDAR_TTL_MS) return hit.calendar;
  const calendar = ctx.calendar.workingCalendar(years);
  cache.set(key, { at: now, calendar });
  calendar.catch(() => cache.delete(key));
  return calendar;
}

/** The trail entry, the audit entry and the fact of a change, in the change's transaction. */
export async function recordChange(
  tx: Executor,
  who: { id: string; name: string; agencyCode: string | null },
  task: repo.TaskRow,
  event: string,
  at: Date,
  extra: { note?: string; percent?: number | null; periodKey?: string | null; documentId?: string | null; fileSha256?: string | null; fileName?: string | null; indicators?: { added: string[]; removed: string[] } } = {},
): Promise<void> {
  const { indicators, ...trail } = extra;
  await repo.insertEvent(tx, { taskId: task.id, kind: event, ...trail, actorId: who.id, actorName: who.name, agencyCode: who.agencyCode, at });
  const payload: TaskChanged = {
    taskId: task.id,
    event,
    status: task.status,
    leadAgencyCode: task.lead_agency_code,
    dueOn: task.due_on,
    sourceKind: task.source_kind,
    cabinetItemId: task.cabinet_item_id === null ? null : String(task.cabinet_item_id),
    ...(extra.documentId ? { documentId: extra.documentId } : {}),
    ...(task.evaluation ? { evaluation: task.evaluation } : {}),
    progressPercent: task.progress_percent,
  };
  const links: TaskLinked[] = [
    ...(extra.documentId ? [{ ...linkOf(task), link: 'document' as const, ref: extra.documentId, change: 'added' as const }] : []),
    ...(indicators?.added ?? []).map((ref) => ({ ...linkOf(task), link: 'indicator' as const, ref, change: 'added' as const })),
    ...(indicators?.removed ?? []).map((ref) => ({ ...linkOf(task), link: 'indicator' as const, ref, change: 'removed' as const })),
  ];
  await recordFactsInTx(tx, [{ type: 'tasks.task_changed', payload }, ...links.map((l) => ({ type: 'tasks.task_linked', payload: l }))]);
  await appendAuditInTx(tx, { actor: who.id, action: `tasks.${event}`, entityType: 'task', entityId: String(task.id), data: { status: task.status, dueOn: task.due_on, ...(extra.documentId ? { documentId: extra.documentId } : {}), ...(indicators ? { indicators } : {}) } });
}

const linkOf = (task: repo.TaskRow) => ({ taskId: task.id, cabinetItemId: task.cabinet_item_id === null ? null : String(task.cabinet_item_id), leadAgencyCode: task.lead_agency_code });

export const whoOf = (actor: Actor) => ({ id: actor.accountId, name: actor.displayName, agencyCode: actor.agencyCode });
