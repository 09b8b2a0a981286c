import type { NavigationLink, RoleDefinition } from '../../platform/module/index.ts';

/**
 * The one-stop roles (Nghị định 61/2018/NĐ-CP: the one-stop desk receives, a specialist
 * processes, a leader approves), given to officials by their agency's administrator.
 */
export const DOSSIER_ROLES: RoleDefinition[] = [
  { name: 'clerk', label: { vi: 'Cán bộ tiếp nhận', en: 'Reception clerk' } },
  { name: 'specialist', label: { vi: 'Chuyên viên', en: 'Specialist' } },
  { name: 'leader', label: { vi: 'Lãnh đạo', en: 'Leader' } },
];

const applicant = (kind: string) => kind === 'citizen' || kind === 'business';

export const DOSSIER_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/my/dossiers', label: { vi: 'Hồ sơ của tôi', en: 'My dossiers' }, visibleTo: (actor) => applicant(actor.kind), order: 10 },
  { place: 'main', href: '/my/wallet', label: { vi: 'Kho giấy tờ', en: 'Document wallet' }, visibleTo: (actor) => applicant(actor.kind), order: 11 },
  { place: 'main', href: '/console/dossiers', label: { vi: 'Hồ sơ tiếp nhận', en: 'Received dossiers' }, visibleTo: (actor) => actor.kind === 'official', order: 30 },
  { place: 'console', href: '/console/dossiers', label: { vi: 'Hồ sơ tiếp nhận của cơ quan', en: 'Dossiers received by the agency' }, visibleTo: (actor) => actor.kind === 'official', order: 10 },
];
