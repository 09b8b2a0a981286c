import { isDomainError, type FieldError } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { calendarFor, isLead, level1OfViewer, mayRead, recordChange, today, viewerOf, whoOf, type TasksContext } from './tasks.context.ts';
import { TasksErrors } from './tasks.errors.ts';
import type { IndicatorLinkSource } from '../reporting/index.ts';
import * as repo from './tasks.repository.ts';
import { presentTask, type TaskView } from './tasks.view-model.ts';

/** An indicator a task moves, as its page shows it: with the reporting figures page that charts it (null when no regime reports it). */
export interface TaskIndicator {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  figuresHref: string | null;
}

const MAX_INDICATORS = 20;
/** An indicator's page lists at most this many tasks (newest first). */
export const INDICATOR_TASKS_MAX = 100;

/**
 * The lineage from tasks to the reporting system's indicators (issue #16, item 4): which
 * indicators a task is expected to move, read and checked through the reporting module's door;
 * the reporting figures page shows an indicator's tasks through the source registered in index.ts.
 */
export function createTaskIndicators(ctx: TasksContext) {
  const { db } = ctx;

  /** Codes as typed (commas, semicolons, spaces, or a list), each one the reporting system defines. */
  async function readCodes(value: string | readonly string[] | undefined, problems: FieldError[], field = 'indicators'): Promise<string[]> {
    const list = typeof value === 'string' ? value.split(/[\s,;]+/) : [...(value ?? [])];
    const codes = [...new Set(list.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))].sort();
    if (codes.length === 0) return codes;
    if (codes.length > MAX_INDICATORS) problems.push({ field, message: 'tasks.too_many_indicators' });
    const known = new Set((await ctx.reporting.listIndicators()).map((i) => i.code));
    if (codes.some((c) => !known.has(c))) problems.push({ field, message: 'tasks.unknown_indicator' });
    return codes;
  }

  async function describe(codes: readonly string[]): Promise<TaskIndicator[]> {
    if (codes.length === 0) return [];
    const [indicators, regimes] = await Promise.all([ctx.reporting.listIndicators(), ctx.reporting.listRegimes()]);
    return codes.map((code) => {
      const i = indicators.find((x) => x.code === code);
      const regime = regimes.find((r) => r.frequency !== 'ad_hoc' && r.indicators.includes(code));
      return {
        code,
        name: i?.name ?? code,
        nameEn: i?.nameEn ?? code,
        unit: i?.unit ?? '',
        figuresHref: regime ? `/console/reporting/${encodeURIComponent(regime.code)}/figures?indicator=${encodeURIComponent(code)}` : null,
      };
    });
  }

  return {
    readCodes,
    describe,

    /**
     * Sets the indicators a task moves (the Government Office, or the lead agency): the trail
     * says which, and a tasks.task_linked fact per indicator added or removed.
     */
    async linkIndicators(actor: Actor | undefined, id: number, input: { indicators?: string | readonly string[] | undefined }): Promise<TaskIndicator[]> {
      const v = viewerOf(ctx, actor);
      const problems: FieldError[] = [];
      const codes = await readCodes(input.indicators, problems);
      if (problems.length > 0) throw TasksErrors.invalidInput(problems);
      const at = ctx.now();
      await db.transaction().execute(async (tx) => {
        const task = await repo.findTask(tx, id, true);
        if (!task || !mayRead(v, task)) throw TasksErrors.taskNotFound();
        if (!v.monitor && !isLead(v, task)) throw TasksErrors.leadAgencyOnly();
        const change = await repo.setIndicators(tx, task.id, codes);
        if (change.added.length + change.removed.length === 0) return;
        await recordChange(tx, whoOf(v.actor), task, 'indicators_linked', at, { note: codes.join(', '), indicators: change });
      });
      return describe(codes);
    },

    /** The tasks that move an indicator, as this viewer may see them (none for someone who follows no tasks). */
    async tasksOfIndicator(actor: Actor | undefined, code: string): Promise<TaskView[]> {
      let level1: string | undefined;
      try {
        level1 = level1OfViewer(viewerOf(ctx, actor));
      } catch (error) {
        if (isDomainError(error) && (error.kind === 'forbidden' || error.kind === 'unauthenticated')) return [];
        throw error;
      }
      const rows = await repo.tasksOfIndicator(db, code.trim().toUpperCase(), level1, INDICATOR_TASKS_MAX);
      const day = today(ctx);
      const calendar = await calendarFor(ctx, rows.reduce((min, r) => (r.due_on && r.due_on < min ? r.due_on : min), day), day);
      return rows.map((r) => presentTask(r, calendar, day));
    },
  };
}

export type TaskIndicators = ReturnType<typeof createTaskIndicators>;

const STATUS_TEXT: Record<'vi' | 'en', Record<TaskView['status'], string>> = {
  vi: { assigned: 'mới giao', clarification: 'đề nghị làm rõ', accepted: 'đã tiếp nhận', in_progress: 'đang thực hiện', completed: 'đã hoàn thành', evaluated: 'đã đánh giá' },
  en: { assigned: 'assigned', clarification: 'clarification asked', accepted: 'accepted', in_progress: 'in progress', completed: 'completed', evaluated: 'evaluated' },
};

/** What the reporting figures page of an indicator shows of task tracking: the tasks that move it, each linking to its page. */
export function indicatorLinkSource(api: { tasksOfIndicator: TaskIndicators['tasksOfIndicator'] }): IndicatorLinkSource {
  return {
    title: { vi: 'Nhiệm vụ tác động đến chỉ tiêu', en: 'Tasks that move the indicator' },
    async links(actor, code, locale) {
      const tasks = await api.tasksOfIndicator(actor, code);
      return tasks.map((t) => ({
        href: `/console/tasks/${t.id}`,
        text: t.content.length > 120 ? `${t.content.slice(0, 117)}…` : t.content,
        detail: [STATUS_TEXT[locale][t.status], t.dueOn ? `${locale === 'vi' ? 'hạn' : 'due'} ${t.dueOn}` : null, t.overdue ? (locale === 'vi' ? 'quá hạn' : 'overdue') : null].filter(Boolean).join(', '),
      }));
    },
  };
}
