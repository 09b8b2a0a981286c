import type { NavigationLink, PermissionGrants } from '../../platform/module/index.ts';

const official = (kind: string) => kind === 'official';

export const BACKOFFICE_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/console/work', label: { vi: 'Xử lý hồ sơ', en: 'Process dossiers' }, visibleTo: (actor) => official(actor.kind), order: 25 },
  { place: 'console', href: '/console/work', label: { vi: 'Hàng đợi xử lý hồ sơ (một cửa)', en: 'Work queues (one-stop)' }, visibleTo: (actor) => official(actor.kind), order: 5 },
  {
    place: 'admin',
    href: '/admin/backoffice/unstaffed',
    label: { vi: 'Đơn vị chưa có cán bộ', en: 'Units without officials' },
    description: { vi: 'Hồ sơ đang chờ ở các đơn vị chưa có cán bộ tiếp nhận, xử lý.', en: 'Dossiers waiting in units that have no officials.' },
    visibleTo: (actor) => actor.kind === 'official' && actor.roles.includes('agency_admin'),
    order: 40,
  },
  {
    place: 'admin',
    href: '/admin/backoffice/workflows',
    label: { vi: 'Quy trình xử lý hồ sơ', en: 'Processing workflows' },
    description: { vi: 'Các bước xử lý của từng trường hợp thủ tục, vai trò và thời gian.', en: 'Processing steps of each procedure case, their roles and time shares.' },
    visibleTo: (actor) => actor.kind === 'official' && actor.roles.includes('agency_admin'),
    order: 41,
  },
  { place: 'main', href: '/track', label: { vi: 'Tra cứu hồ sơ', en: 'Track a dossier' }, visibleTo: () => true, order: 15 },
];

export const BACKOFFICE_PERMISSIONS: PermissionGrants = {
  'backoffice.receive': ['clerk'],
  'backoffice.process': ['clerk', 'specialist', 'leader'],
  'backoffice.approve': ['leader'],
};
