import { addDays } from '../../platform/calendar/index.ts';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, type IdentityApi } from '../identity/index.ts';
import { calendarFor, recordChange, today, type TasksContext } from './tasks.context.ts';
import { TASK_MONITOR, TASK_OFFICER } from './tasks.contributions.ts';
import { readNewTask } from './tasks.input.ts';
import * as repo from './tasks.repository.ts';
import type { TasksApi } from './tasks.api.ts';

const SEED_ACTOR: Actor = { accountId: 'seed:tasks', kind: 'admin', displayName: 'egov seed (tasks)', agencyCode: null, roles: [] };
const GOVERNMENT_OFFICE = '000.00.00.G22';
const DEMO_SOURCE = '000.00.00.G22,2026/01/08,01/NQ-CP';

export const DEMO_TASK_OFFICIALS = [
  { email: 'theodoi.vpcp@demo.egov.vn', fullName: 'Lương Thị Hồng Nhung', agencyCode: GOVERNMENT_OFFICE, roles: [TASK_MONITOR] },
  { email: 'nhiemvu.g12@demo.egov.vn', fullName: 'Trịnh Văn Long', agencyCode: '000.00.00.G12', roles: [TASK_OFFICER] },
  { email: 'nhiemvu.g15@demo.egov.vn', fullName: 'Mai Thị Thanh', agencyCode: '000.00.00.G15', roles: [TASK_OFFICER] },
] as const;

/** Demo tasks as the Government Office would have assigned them: due days relative to today, two already overdue. */
const DEMO_TASKS = [
  { content: 'Xây dựng Nghị định sửa đổi quy định về quản lý nợ công', lead: '000.00.00.G12', coordinating: '000.00.00.G15', days: -20, product: 'Dự thảo Nghị định' },
  { content: 'Báo cáo đánh giá tình hình giải ngân vốn đầu tư công', lead: '000.00.00.G12', coordinating: '', days: -6, product: 'Báo cáo' },
  { content: 'Rà soát, đề xuất cắt giảm điều kiện kinh doanh lĩnh vực tư pháp', lead: '000.00.00.G15', coordinating: '000.00.00.G12', days: 25, product: 'Báo cáo rà soát' },
  { content: 'Hoàn thiện hồ sơ dự án Luật trình Quốc hội', lead: '000.00.00.G15', coordinating: '', days: 60, product: 'Hồ sơ dự án Luật' },
] as const;

export async function seedDemoTasks(deps: { ctx: TasksContext; identity: Pick<IdentityApi, 'listOfficials' | 'createOfficial'>; api: TasksApi }, log: (line: string) => void): Promise<void> {
  const { ctx, identity } = deps;
  let created = 0;
  for (const o of DEMO_TASK_OFFICIALS) {
    const existing = await identity.listOfficials(SEED_ACTOR, { agencyCode: o.agencyCode });
    if (existing.some((a) => a.email === o.email)) continue;
    await identity.createOfficial(SEED_ACTOR, { email: o.email, fullName: o.fullName, agencyCode: o.agencyCode, roles: [...o.roles], password: DEMO_PASSWORD, demoAuthenticator: true });
    created++;
  }
  const seeded = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM tasks WHERE source_ref = ${DEMO_SOURCE}`.execute(ctx.db)).rows[0]?.n ?? 0;
  if (seeded === 0) {
    const day = today(ctx);
    const assignedOn = addDays(day, -45);
    const calendar = await calendarFor(ctx, assignedOn, addDays(day, 90));
    const rows = DEMO_TASKS.map((t) => {
      const task = readNewTask(
        { sourceKind: 'resolution', sourceRef: DEMO_SOURCE, sourceTitle: 'Nghị quyết phiên họp Chính phủ thường kỳ tháng 12/2025', content: t.content, leadAgencyCode: t.lead, coordinatingAgencies: t.coordinating, deadlineKind: 'date', deadline: addDays(day, t.days), expectedProduct: t.product, priority: t.days < 0 ? 'high' : 'normal' },
        calendar, assignedOn, [], '', { allowPastDeadline: true },
      );
      if (!task) throw new Error('tasks: a demo task does not pass its own checks');
      return { ...task, cabinet_item_id: null, cabinet_session_id: null, source_ordinal: null };
    });
    rows.push({ ...readNewTask({ sourceKind: 'decision', sourceRef: '000.00.00.G22,2026/01/15,45/QĐ-TTg', sourceTitle: 'Quyết định về chế độ báo cáo', content: 'Báo cáo định kỳ hằng tháng kết quả cải cách thủ tục hành chính', leadAgencyCode: '000.00.00.G15', deadlineKind: 'periodic', period: 'monthly', periodDay: 20, expectedProduct: 'Báo cáo tháng' }, calendar, day, [])!, cabinet_item_id: null, cabinet_session_id: null, source_ordinal: null });
    const at = new Date();
    await ctx.db.transaction().execute(async (tx) => {
      for (const row of await repo.insertTasks(tx, rows)) await recordChange(tx, { id: SEED_ACTOR.accountId, name: 'Văn phòng Chính phủ', agencyCode: GOVERNMENT_OFFICE }, row, 'assigned', at);
    });
  }
  log(`tasks: ${DEMO_TASKS.length + 1} demo task(s)${seeded ? ' (already there)' : ''}; ${created} account(s) created: monitor ${DEMO_TASK_OFFICIALS[0].email}, agency officers nhiemvu.g12@demo.egov.vn, nhiemvu.g15@demo.egov.vn; password ${DEMO_PASSWORD}, authenticator secret ${DEMO_TOTP_SECRET}`);
}
