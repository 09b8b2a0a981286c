import type { NavigationLink, PermissionGrants, RoleDefinition } from '../../platform/module/index.ts';

export const TASK_OFFICER = 'task_officer';
export const TASK_MONITOR = 'task_monitor';

export const TASKS_ROLES: RoleDefinition[] = [
  {
    name: TASK_OFFICER,
    label: { vi: 'Cán bộ theo dõi nhiệm vụ của cơ quan', en: 'Task officer of an agency' },
    description: { vi: 'Tiếp nhận, báo cáo tiến độ, hoàn thành nhiệm vụ Chính phủ, Thủ tướng giao cho cơ quan; đề nghị gia hạn.', en: 'Accepts, reports on and completes the tasks the Government assigns to the agency; asks for extensions.' },
  },
  {
    name: TASK_MONITOR,
    label: { vi: 'Theo dõi, đánh giá nhiệm vụ (Văn phòng Chính phủ)', en: 'Task monitor (Government Office)' },
    description: { vi: 'Giao, theo dõi và đánh giá nhiệm vụ của mọi cơ quan; quyết định gia hạn; nhập danh sách nhiệm vụ.', en: 'Assigns, monitors and evaluates the tasks of every agency; decides extensions; imports task lists.' },
  },
];

export const TASKS_PERMISSIONS: PermissionGrants = {
  /** Act on the agency's own tasks. */
  'tasks.work': [TASK_OFFICER, 'leader'],
  /**
   * See every agency's tasks; assign, evaluate, decide extensions. The e-Cabinet's secretariat
   * (Government Office) follows up the conclusions it records, so it holds it too.
   */
  'tasks.monitor': [TASK_MONITOR, 'cabinet_secretariat'],
};

export const TASKS_NAVIGATION: NavigationLink[] = [
  { place: 'console', href: '/console/tasks', label: { vi: 'Nhiệm vụ được giao', en: 'Assigned tasks' }, visibleTo: (actor, may) => actor.kind === 'official' && (may('tasks.work') || may('tasks.monitor')), order: 35 },
  { place: 'console', href: '/console/tasks/monitor', label: { vi: 'Theo dõi nhiệm vụ (VPCP)', en: 'Task monitoring (Government Office)' }, visibleTo: (actor, may) => actor.kind === 'official' && may('tasks.monitor'), order: 36 },
];
