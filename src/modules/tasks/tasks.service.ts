import type { Executor } from '../../platform/db/index.ts';
import { isDomainError, type FieldError } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { level1Of } from '../agencies/index.ts';
import { calendarFor, isLead, mayRead, recordChange, requireMonitor, today, viewerOf, whoOf, type TasksContext, type Viewer } from './tasks.context.ts';
import { TasksErrors } from './tasks.errors.ts';
import { clean, documentIssuer, isDocumentId, isIsoDay, NOTE_MAX, readNewTask, type NewTaskInput } from './tasks.input.ts';
import * as repo from './tasks.repository.ts';
import { EVALUATIONS, effectiveDue, OPEN_STATUSES, overdueWorkingDays, periodAfterReport, suggestedEvaluation, type Evaluation, type TaskStatus } from './tasks.rules.ts';
import type { TaskIndicators } from './tasks.indicators.ts';
import { presentTask, type TaskView } from './tasks.view-model.ts';

/**
 * The lifecycle of a task (NQ 17/NQ-CP): assigned → accepted by the lead agency (or a
 * clarification asked and answered) → in progress with progress reports → completed with its
 * product (an exchange document's DocumentId, or a file) → evaluated by the Government Office
 * (on time, late, not completed). The lead agency may ask to move a date deadline; the
 * Government Office decides. Every change is one transaction: the row, its trail entry, an
 * audit entry and a fact (tasks.task_changed).
 */
export function createTasksService(ctx: TasksContext, indicators: TaskIndicators) {
  const { db } = ctx;

  function check(problems: FieldError[]): void {
    if (problems.length > 0) throw TasksErrors.invalidInput(problems);
  }

  /** Loads the task for a change under a row lock, as someone who may read it. */
  async function load(tx: Executor, v: Viewer, id: number): Promise<repo.TaskRow> {
    const task = await repo.findTask(tx, id, true);
    if (!task || !mayRead(v, task)) throw TasksErrors.taskNotFound();
    return task;
  }

  /** A change by the lead agency in one of these states. */
  async function leadChange(actor: Actor | undefined, id: number, states: readonly TaskStatus[], change: (tx: Executor, task: repo.TaskRow, v: Viewer, at: Date) => Promise<repo.TaskRow>): Promise<TaskView> {
    const v = viewerOf(ctx, actor);
    const at = ctx.now();
    const row = await db.transaction().execute(async (tx) => {
      const task = await load(tx, v, id);
      if (!isLead(v, task)) throw TasksErrors.leadAgencyOnly();
      if (!states.includes(task.status)) throw TasksErrors.wrongState();
      return change(tx, task, v, at);
    });
    return present(row);
  }

  async function monitorChange(actor: Actor | undefined, id: number, change: (tx: Executor, task: repo.TaskRow, v: Viewer, at: Date) => Promise<repo.TaskRow>): Promise<TaskView> {
    const v = viewerOf(ctx, actor);
    requireMonitor(v);
    const at = ctx.now();
    const row = await db.transaction().execute(async (tx) => change(tx, await load(tx, v, id), v, at));
    return present(row);
  }

  async function present(row: repo.TaskRow): Promise<TaskView> {
    const day = today(ctx);
    const calendar = await calendarFor(ctx, row.due_on ?? day, day);
    return presentTask(row, calendar, day);
  }

  /**
   * The product is the lead agency's own document (or one of its units'), and one it sent
   * through the exchange: looked up by its DocumentId as the lead agency sees the exchange
   * (what it sent or received), then its sender checked. The lead agency of a task never changes.
   */
  async function checkProduct(actor: Actor | undefined, id: number, documentId: string): Promise<void> {
    const v = viewerOf(ctx, actor);
    const task = await repo.findTask(db, id);
    if (!task || !mayRead(v, task)) throw TasksErrors.taskNotFound();
    if (level1Of(documentIssuer(documentId)) !== task.lead_level1) throw TasksErrors.invalidInput([{ field: 'documentId', message: 'tasks.document_not_lead' }]);
    const found = await ctx.exchange.findByDocumentId({ kind: 'system', clientId: 'tasks', agencyCode: task.lead_agency_code }, documentId).catch((error: unknown) => {
      if (isDomainError(error) && error.code === 'exchange.package_not_found') return undefined;
      throw error;
    });
    if (!found || level1Of(found.package.senderAgency) !== task.lead_level1) throw TasksErrors.invalidInput([{ field: 'documentId', message: 'tasks.document_not_sent' }]);
  }

  function note(value: string | undefined, field: string, problems: FieldError[], required: boolean): string {
    const text = clean(value);
    if (required && text === '') problems.push({ field, message: 'tasks.required' });
    if (text.length > NOTE_MAX) problems.push({ field, message: 'tasks.too_long' });
    return text;
  }

  return {
    /** The Government Office assigns a task (audited, with its fact). */
    async assign(actor: Actor | undefined, input: NewTaskInput & { indicators?: string | readonly string[] | undefined }): Promise<TaskView> {
      const v = viewerOf(ctx, actor);
      requireMonitor(v);
      const day = today(ctx);
      const calendar = await calendarFor(ctx, day, isIsoDay(clean(input.deadline)) ? clean(input.deadline) : day);
      const problems: FieldError[] = [];
      const task = readNewTask(input, calendar, day, problems);
      const codes = await indicators.readCodes(input.indicators, problems);
      check(problems);
      const at = ctx.now();
      const [row] = await db.transaction().execute(async (tx) => {
        const rows = await repo.insertTasks(tx, [{ ...task!, cabinet_item_id: null, cabinet_session_id: null, source_ordinal: null }]);
        for (const r of rows) {
          const linked = codes.length > 0 ? { indicators: await repo.setIndicators(tx, r.id, codes) } : {};
          await recordChange(tx, whoOf(v.actor), r, 'assigned', at, linked);
        }
        return rows;
      });
      return present(row!);
    },

    accept: (actor: Actor | undefined, id: number) =>
      leadChange(actor, id, ['assigned'], async (tx, task, v, at) => {
        const row = await repo.updateTask(tx, task, { status: 'accepted' });
        await recordChange(tx, whoOf(v.actor), row, 'accepted', at);
        return row;
      }),

    async askClarification(actor: Actor | undefined, id: number, input: { question?: string | undefined }) {
      const problems: FieldError[] = [];
      const question = note(input.question, 'question', problems, true);
      check(problems);
      return leadChange(actor, id, ['assigned'], async (tx, task, v, at) => {
        const row = await repo.updateTask(tx, task, { status: 'clarification' });
        await recordChange(tx, whoOf(v.actor), row, 'clarification_asked', at, { note: question });
        return row;
      });
    },

    async answerClarification(actor: Actor | undefined, id: number, input: { answer?: string | undefined }) {
      const problems: FieldError[] = [];
      const answer = note(input.answer, 'answer', problems, true);
      check(problems);
      return monitorChange(actor, id, async (tx, task, v, at) => {
        if (task.status !== 'clarification') throw TasksErrors.wrongState();
        const row = await repo.updateTask(tx, task, { status: 'assigned' });
        await recordChange(tx, whoOf(v.actor), row, 'clarification_answered', at, { note: answer });
        return row;
      });
    },

    /**
     * A progress report. On a periodic task it is the report of its current period: the next
     * period becomes due (or, past `periodicUntil`, none is).
     */
    async reportProgress(actor: Actor | undefined, id: number, input: { percent?: string | number | undefined; note?: string | undefined; documentId?: string | undefined }) {
      const problems: FieldError[] = [];
      const text = note(input.note, 'note', problems, true);
      const percent = Number(typeof input.percent === 'number' ? input.percent : clean(input.percent) || 'NaN');
      if (!Number.isInteger(percent) || percent < 0 || percent > 100) problems.push({ field: 'percent', message: 'tasks.invalid_percent' });
      const documentId = clean(input.documentId);
      if (documentId !== '' && !isDocumentId(documentId)) problems.push({ field: 'documentId', message: 'tasks.invalid_document_id' });
      check(problems);
      return leadChange(actor, id, ['accepted', 'in_progress'], async (tx, task, v, at) => {
        const set: Partial<Record<keyof repo.TaskRow, unknown>> = { status: 'in_progress', progress_percent: percent };
        const periodKey = task.deadline_kind === 'periodic' ? task.current_period : null;
        if (task.deadline_kind === 'periodic' && task.period && task.period_day && task.current_period) {
          const next = periodAfterReport(task.period, task.period_day, task.current_period, task.periodic_until);
          const calendar = await calendarFor(ctx, task.current_period.slice(0, 4) + '-01-01', next?.deadline ?? today(ctx), tx);
          set.current_period = next?.key ?? null;
          set.due_on = next ? effectiveDue(calendar, next.deadline) : null;
        }
        const row = await repo.updateTask(tx, task, set);
        await recordChange(tx, whoOf(v.actor), row, 'progress_reported', at, { note: text, percent, periodKey, documentId: documentId || null });
        return row;
      });
    },

    /** Completion with its product: the DocumentId of a document the lead agency issued through the exchange, and/or a stored file. */
    async complete(actor: Actor | undefined, id: number, input: { documentId?: string | undefined; note?: string | undefined; file?: { sha256: string; name: string } | undefined }) {
      const problems: FieldError[] = [];
      const text = note(input.note, 'note', problems, false);
      const documentId = clean(input.documentId);
      if (documentId === '' && !input.file) problems.push({ field: 'documentId', message: 'tasks.product_required' });
      if (documentId !== '' && !isDocumentId(documentId)) problems.push({ field: 'documentId', message: 'tasks.invalid_document_id' });
      check(problems);
      // Looked up before the row is locked: the exchange reads the package from the file store.
      if (documentId !== '') await checkProduct(actor, id, documentId);
      return leadChange(actor, id, ['accepted', 'in_progress'], async (tx, task, v, at) => {
        const row = await repo.updateTask(tx, task, {
          status: 'completed', progress_percent: 100, completed_at: at, completed_on: today(ctx),
          product_document_id: documentId || null, product_file_sha256: input.file?.sha256 ?? null, product_file_name: input.file?.name ?? null, product_note: text,
        });
        await recordChange(tx, whoOf(v.actor), row, 'completed', at, { note: text, documentId: documentId || null, fileSha256: input.file?.sha256 ?? null, fileName: input.file?.name ?? null });
        return row;
      });
    },

    async requestExtension(actor: Actor | undefined, id: number, input: { deadline?: string | undefined; reason?: string | undefined }) {
      const problems: FieldError[] = [];
      const reason = note(input.reason, 'reason', problems, true);
      const deadline = clean(input.deadline);
      if (!isIsoDay(deadline)) problems.push({ field: 'deadline', message: 'tasks.invalid_date' });
      check(problems);
      return leadChange(actor, id, OPEN_STATUSES, async (tx, task, v, at) => {
        if (task.deadline_kind !== 'date' || !task.deadline) throw TasksErrors.wrongState();
        if (deadline <= task.deadline) throw TasksErrors.invalidInput([{ field: 'deadline', message: 'tasks.extension_not_later' }]);
        if (await repo.findPendingExtension(tx, task.id)) throw TasksErrors.extensionPending();
        await repo.insertExtension(tx, { taskId: task.id, deadline, reason, byName: v.actor.displayName, at });
        await recordChange(tx, whoOf(v.actor), task, 'extension_requested', at, { note: `${deadline}: ${reason}` });
        return task;
      });
    },

    /** The Government Office approves (the deadline moves, its due day recomputed on the working calendar) or refuses. */
    async decideExtension(actor: Actor | undefined, id: number, input: { approve: boolean; note?: string | undefined }) {
      const problems: FieldError[] = [];
      const text = note(input.note, 'note', problems, !input.approve);
      check(problems);
      return monitorChange(actor, id, async (tx, task, v, at) => {
        const pending = await repo.findPendingExtension(tx, task.id);
        if (!pending) throw TasksErrors.noPendingExtension();
        await repo.decideExtension(tx, pending.id, { approved: input.approve, byName: v.actor.displayName, note: text, at });
        let row = task;
        if (input.approve) {
          const calendar = await calendarFor(ctx, today(ctx), pending.requested_deadline, tx);
          row = await repo.updateTask(tx, task, { deadline: pending.requested_deadline, due_on: effectiveDue(calendar, pending.requested_deadline) });
        }
        await recordChange(tx, whoOf(v.actor), row, input.approve ? 'extension_approved' : 'extension_rejected', at, { note: input.approve ? `${pending.requested_deadline}${text ? `: ${text}` : ''}` : text });
        return row;
      });
    },

    /**
     * The Government Office's evaluation: of a completed task (on time, late — what the dates
     * say is only a suggestion), or of an open task past its deadline (not completed, closing it).
     */
    async evaluate(actor: Actor | undefined, id: number, input: { evaluation?: string | undefined; note?: string | undefined }) {
      const problems: FieldError[] = [];
      const evaluation = clean(input.evaluation) as Evaluation;
      if (!EVALUATIONS.includes(evaluation)) problems.push({ field: 'evaluation', message: 'tasks.invalid_choice' });
      const text = note(input.note, 'note', problems, false);
      check(problems);
      return monitorChange(actor, id, async (tx, task, v, at) => {
        const day = today(ctx);
        const open = OPEN_STATUSES.includes(task.status);
        if (task.status === 'evaluated') throw TasksErrors.wrongState();
        if (open && (evaluation !== 'not_completed' || !overdueWorkingDays(await calendarFor(ctx, task.due_on ?? day, day, tx), task.due_on, day).overdue)) throw TasksErrors.wrongState();
        if (!open && evaluation === 'not_completed') throw TasksErrors.wrongState();
        const row = await repo.updateTask(tx, task, { status: 'evaluated', evaluation, evaluated_at: at });
        await recordChange(tx, whoOf(v.actor), row, 'evaluated', at, { note: text ? `${evaluation}: ${text}` : evaluation });
        return row;
      });
    },

    /** A task with its trail and extension requests, and what the viewer may do with it. */
    async get(actor: Actor | undefined, id: number) {
      const v = viewerOf(ctx, actor);
      const row = await repo.findTask(db, id);
      if (!row || !mayRead(v, row)) throw TasksErrors.taskNotFound();
      const task = await present(row);
      const events = await repo.listEvents(db, [row.id]);
      const extensions = await repo.listExtensions(db, row.id);
      const linked = await indicators.describe((await repo.indicatorsOf(db, [row.id])).get(row.id) ?? []);
      const lead = isLead(v, row);
      const pending = extensions.some((e) => e.status === 'pending');
      return {
        task,
        events,
        extensions,
        indicators: linked,
        suggestedEvaluation: suggestedEvaluation({ dueOn: row.due_on, completedOn: row.completed_on }),
        may: {
          accept: lead && row.status === 'assigned',
          askClarification: lead && row.status === 'assigned',
          answerClarification: v.monitor && row.status === 'clarification',
          report: lead && (row.status === 'accepted' || row.status === 'in_progress'),
          complete: lead && (row.status === 'accepted' || row.status === 'in_progress'),
          requestExtension: lead && row.deadline_kind === 'date' && OPEN_STATUSES.includes(row.status) && !pending,
          decideExtension: v.monitor && pending,
          evaluate: v.monitor && (row.status === 'completed' || (OPEN_STATUSES.includes(row.status) && task.overdue)),
          linkIndicators: v.monitor || lead,
        },
      };
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
