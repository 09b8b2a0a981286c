import { createTestPlatform } from '../../app/testing.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { TasksApi } from './index.ts';

// Test-only helpers (not exported through index.ts).

export const monitor: Actor = { accountId: 'acc-monitor', kind: 'official', displayName: 'Theo dõi VPCP', agencyCode: '000.00.00.G22', roles: ['task_monitor'] };
export const finance: Actor = { accountId: 'acc-g12', kind: 'official', displayName: 'Cán bộ Bộ Tài chính', agencyCode: '000.00.00.G12', roles: ['task_officer'] };
export const justice: Actor = { accountId: 'acc-g15', kind: 'official', displayName: 'Cán bộ Bộ Tư pháp', agencyCode: '000.00.00.G15', roles: ['task_officer'] };
export const citizen: Actor = { accountId: 'acc-citizen', kind: 'citizen', displayName: 'Công dân', agencyCode: null, roles: [] };

/** A clock the test moves (Vietnam noon of a day). */
export function fakeClock(day: string) {
  let at = new Date(`${day}T05:00:00Z`);
  return { now: () => new Date(at), setDay: (d: string) => (at = new Date(`${d}T05:00:00Z`)) };
}

export async function setUpTasks(day: string, modules: readonly string[] = ['tasks']) {
  const clock = fakeClock(day);
  const platform = await createTestPlatform({ modules, seed: ['agencies'], options: { tasks: { now: clock.now } } });
  const api = platform.api<TasksApi>('tasks');
  return { platform, api, clock, close: () => platform.close() };
}

export const decision = (over: Record<string, string> = {}) => ({
  sourceKind: 'decision',
  sourceRef: '000.00.00.G22,2027/01/05,15/QĐ-TTg',
  sourceTitle: 'Quyết định giao nhiệm vụ',
  content: 'Xây dựng báo cáo chuyên đề',
  leadAgencyCode: '000.00.00.G12',
  coordinatingAgencies: '000.00.00.G15',
  deadlineKind: 'date',
  deadline: '2027-01-09',
  expectedProduct: 'Báo cáo',
  priority: 'normal',
  ...over,
});
