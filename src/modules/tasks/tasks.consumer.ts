import { vietnamDay } from '../../platform/calendar/index.ts';
import { PermanentEventError, type Fact, type FactConsumer } from '../../platform/events/index.ts';
import { calendarFor, recordChange, type TasksContext } from './tasks.context.ts';
import { readNewTask } from './tasks.input.ts';
import * as repo from './tasks.repository.ts';
import type { FieldError } from '../../platform/errors/index.ts';

/** The payload of cabinet.conclusion_recorded as this consumer reads it (the platform checked it against the cabinet's schema). */
interface Conclusion {
  sessionId: string;
  itemId: string;
  itemTitle: string;
  conclusion: string;
  tasks: { content: string; leadAgencyCode: string; deadline: string }[];
}

const CABINET = { id: 'system:cabinet', name: 'Kết luận phiên họp Chính phủ', agencyCode: '000.00.00.G22' };

/**
 * The tasks a cabinet conclusion gives agencies become tracked tasks. The conclusion's item and
 * each task's position are the key: replaying the log creates nothing twice. Everything is read
 * and written through the consumer's transaction (the calendar included): on PGlite a read
 * through the pool would wait for this very transaction.
 */
export function conclusionTasksConsumer(ctx: TasksContext): FactConsumer {
  return {
    name: 'tasks.cabinet_conclusions',
    facts: ['cabinet.conclusion_recorded'],
    startFrom: 'beginning',
    async handle(fact: Fact, tx) {
      const c = fact.payload as Conclusion;
      if (c.tasks.length === 0) return;
      const itemId = Number(c.itemId);
      const sessionId = Number(c.sessionId);
      const assignedOn = vietnamDay(fact.recordedAt);
      const latest = c.tasks.reduce((max, t) => (t.deadline > max ? t.deadline : max), assignedOn);
      const calendar = await calendarFor(ctx, assignedOn, latest, tx);
      const problems: FieldError[] = [];
      const rows = c.tasks.map((t, i) => {
        const task = readNewTask({ sourceKind: 'cabinet_conclusion', sourceRef: c.itemId, sourceTitle: c.itemTitle, content: t.content, leadAgencyCode: t.leadAgencyCode, deadlineKind: 'date', deadline: t.deadline }, calendar, assignedOn, problems, `tasks.${i}.`, { allowPastDeadline: true });
        return task ? { ...task, cabinet_item_id: itemId, cabinet_session_id: sessionId, source_ordinal: i + 1 } : undefined;
      });
      if (problems.length > 0) throw new PermanentEventError(`tasks: conclusion of item ${c.itemId} has tasks that cannot be tracked: ${problems.map((p) => `${p.field} ${p.message}`).join(', ')}`);
      const inserted = await repo.insertTasks(tx, rows.filter((r) => r !== undefined));
      for (const row of inserted) await recordChange(tx, CABINET, row, 'assigned', fact.recordedAt, { note: c.conclusion.slice(0, 1000) });
    },
  };
}
