import { sql } from '../../platform/db/index.ts';
import { type FieldError } from '../../platform/errors/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { CabinetErrors } from './cabinet.errors.ts';
import type { ConclusionRecorded } from './cabinet.facts.ts';
import { proposedWithoutDebate } from './cabinet.rules.ts';
import type { Core } from './cabinet.core.ts';
import { requireSecretariat, findSession, findItem, text, check } from './cabinet.model.ts';

/** Conclusions of agenda items, including adoption without debate. */
export function conclusionUseCases(core: Core) {
  const { db, now, audit } = core;
  const api = {
    /** The secretariat confirms an item proposed for adoption without debate (no objection by the cut-off). */
    async confirmWithoutDebate(actor: Actor | undefined, itemId: number): Promise<void> {
      const who = requireSecretariat(actor);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId, true);
        const session = await findSession(tx, item.session_id);
        if (session.status === 'draft' || session.status === 'closed') throw CabinetErrors.stateConflict('Phiên họp chưa gửi hoặc đã kết thúc.');
        if (at.getTime() < session.positions_cutoff.getTime()) throw CabinetErrors.stateConflict('Chưa hết hạn ghi ý kiến trước phiên họp.');
        const stances = (await sql<{ stance: string }>`SELECT stance FROM cabinet_positions WHERE item_id = ${itemId}`.execute(tx)).rows.map((r) => r.stance);
        if (stances.includes('objection')) throw CabinetErrors.objectionRaised();
        if (!proposedWithoutDebate(item, stances, session.positions_cutoff, at)) throw CabinetErrors.stateConflict('Nội dung đã được xử lý.');
        const conclusion = 'Thông qua không thảo luận (không có ý kiến phản đối trước phiên họp).';
        await sql`UPDATE cabinet_items SET state = 'adopted_without_debate', conclusion = ${conclusion}, concluded_at = ${at} WHERE id = ${itemId}`.execute(tx);
        await recordFactsInTx(tx, [{ type: 'cabinet.conclusion_recorded', payload: { sessionId: String(session.id), itemId: String(itemId), itemTitle: item.title, conclusion, adoptedWithoutDebate: true, tasks: [] } satisfies ConclusionRecorded }]);
        await audit(tx, who, 'cabinet.adopted_without_debate', 'cabinet_item', itemId, { agree: stances.filter((s) => s === 'agree').length });
      });
    },


    async recordConclusion(actor: Actor | undefined, itemId: number, input: { text: string; tasks?: { content: string; leadAgencyCode: string; deadline: string }[] }): Promise<void> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const conclusion = text(input.text, 'conclusion', problems, { max: 8000 });
      const tasks = (input.tasks ?? []).filter((t) => t.content.trim() !== '' || t.leadAgencyCode.trim() !== '');
      tasks.forEach((t, i) => {
        if (t.content.trim() === '') problems.push({ field: `tasks.${i}.content`, message: 'cabinet.required' });
        if (!/^[A-Z0-9][A-Z0-9.]{2,30}$/.test(t.leadAgencyCode.trim())) problems.push({ field: `tasks.${i}.leadAgencyCode`, message: 'cabinet.invalid_agency' });
        if (!/^\d{4}-\d{2}-\d{2}$/.test(t.deadline) || Number.isNaN(Date.parse(t.deadline))) problems.push({ field: `tasks.${i}.deadline`, message: 'cabinet.invalid_date' });
      });
      check(problems);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId, true);
        const session = await findSession(tx, item.session_id);
        if (session.status === 'draft') throw CabinetErrors.stateConflict('Phiên họp chưa gửi tới thành viên.');
        if (item.state !== 'pending') throw CabinetErrors.stateConflict('Nội dung đã được kết luận.');
        const open = (await sql<{ id: number }>`SELECT id FROM cabinet_votes WHERE item_id = ${itemId} AND closed_at IS NULL`.execute(tx)).rows;
        if (open.length > 0) throw CabinetErrors.stateConflict('Còn cuộc biểu quyết chưa kết thúc.');
        await sql`UPDATE cabinet_items SET state = 'concluded', conclusion = ${conclusion}, concluded_at = ${at} WHERE id = ${itemId}`.execute(tx);
        for (const t of tasks) {
          await sql`INSERT INTO cabinet_conclusion_tasks (item_id, content, lead_agency_code, deadline) VALUES (${itemId}, ${t.content.trim()}, ${t.leadAgencyCode.trim()}, ${t.deadline})`.execute(tx);
        }
        const payload: ConclusionRecorded = { sessionId: String(session.id), itemId: String(itemId), itemTitle: item.title, conclusion, adoptedWithoutDebate: false, tasks: tasks.map((t) => ({ content: t.content.trim(), leadAgencyCode: t.leadAgencyCode.trim(), deadline: t.deadline })) };
        await recordFactsInTx(tx, [{ type: 'cabinet.conclusion_recorded', payload }]);
        await audit(tx, who, 'cabinet.conclusion_recorded', 'cabinet_item', itemId, { tasks: tasks.length });
      });
    },

  };
  return api;
}
