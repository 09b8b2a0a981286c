import type { NavigationLink, PermissionGrants, RoleDefinition } from '../../platform/module/index.ts';

/**
 * The agency's clerk (văn thư, NĐ 30/2020): registers incoming and outgoing documents, sends
 * and receives them on the exchange, hands them to units and people. Not the one-stop desk's
 * reception clerk (`clerk`, cán bộ tiếp nhận hồ sơ), who receives citizens' dossiers.
 */
export const EXCHANGE_CLERK_ROLE = 'exchange_clerk';

/** The roles that work the exchange's clerk pages for their agency. */
export const EXCHANGE_WORKING_ROLES: readonly string[] = [EXCHANGE_CLERK_ROLE, 'leader'];

export const EXCHANGE_ROLES: RoleDefinition[] = [
  {
    name: EXCHANGE_CLERK_ROLE,
    label: { vi: 'Văn thư', en: 'Records clerk (văn thư)' },
    description: {
      vi: 'Tiếp nhận, vào sổ, gửi và chuyển văn bản liên thông của cơ quan.',
      en: 'Receives, registers, sends and hands on the agency’s official documents.',
    },
  },
];

/** Who may work the clerk pages: send, receive and answer official documents for their agency. */
export const EXCHANGE_PERMISSIONS: PermissionGrants = {
  'exchange.clerk_pages': EXCHANGE_WORKING_ROLES,
};

export const EXCHANGE_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/exchange', label: { vi: 'Văn bản liên thông', en: 'Official documents' }, visibleTo: (_actor, may) => may('exchange.clerk_pages'), order: 40 },
  { place: 'console', href: '/exchange', label: { vi: 'Văn bản đến và đi', en: 'Incoming and outgoing documents' }, visibleTo: (_actor, may) => may('exchange.clerk_pages'), order: 20 },
  { place: 'console', href: '/exchange/registers/in', label: { vi: 'Sổ văn bản đến và đi', en: 'Document registers' }, visibleTo: (_actor, may) => may('exchange.clerk_pages'), order: 21 },
  // Anyone of an agency may have documents assigned to them (chuyên viên, phòng ban).
  { place: 'console', href: '/exchange/assigned', label: { vi: 'Văn bản được giao xử lý', en: 'Documents assigned to me' }, visibleTo: (actor) => actor.kind === 'official', order: 22 },
];
