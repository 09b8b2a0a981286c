import type { NavigationLink, PermissionGrants, RoleDefinition } from '../../platform/module/index.ts';

/**
 * Roles of the reporting chain (NĐ 09/2019): an officer enters the unit's figures, a leader
 * approves and sends them up and accepts the reports of the units below. The one-stop roles
 * `specialist` and `leader` (dossiers module) hold the same permissions, so an agency need
 * not give its leader a second role.
 */
export const REPORTING_ROLES: RoleDefinition[] = [
  { name: 'reporting_officer', label: { vi: 'Cán bộ báo cáo', en: 'Reporting officer' }, description: { vi: 'Nhập số liệu, lập báo cáo của đơn vị.', en: 'Enters the unit’s figures and drafts its reports.' } },
  { name: 'reporting_leader', label: { vi: 'Lãnh đạo duyệt báo cáo', en: 'Reporting approver' }, description: { vi: 'Phê duyệt, gửi báo cáo và tiếp nhận báo cáo của đơn vị cấp dưới.', en: 'Approves and sends reports, accepts those of the units below.' } },
];

export const REPORTING_PERMISSIONS: PermissionGrants = {
  'reporting.enter': ['reporting_officer', 'reporting_leader', 'specialist', 'leader'],
  'reporting.approve': ['reporting_leader', 'leader'],
  'reporting.accept': ['reporting_leader', 'leader'],
  'reporting.view': ['reporting_officer', 'reporting_leader', 'specialist', 'leader'],
};

export const REPORTING_NAVIGATION: NavigationLink[] = [
  {
    place: 'console',
    href: '/console/reporting',
    label: { vi: 'Báo cáo định kỳ', en: 'Periodic reports' },
    visibleTo: (actor, may) => actor.kind === 'official' && may('reporting.view'),
    order: 40,
  },
  {
    place: 'admin',
    href: '/admin/reporting',
    label: { vi: 'Chế độ báo cáo, chỉ tiêu', en: 'Reporting regimes, indicators' },
    description: { vi: 'Tạo, sửa chế độ báo cáo định kỳ, chỉ tiêu và hạn gửi từng cấp.', en: 'Create and edit periodic reporting regimes, indicators and each level’s deadline.' },
    visibleTo: (actor) => actor.kind === 'admin',
    order: 45,
  },
];
