import type { NavigationLink, PermissionGrants, RoleDefinition } from '../../platform/module/index.ts';

/** Roles of the e-Cabinet. A member's position (which decides a tie) is kept by the cabinet itself. */
export const CABINET_ROLES_BY_NAME = {
  primeMinister: 'cabinet_prime_minister',
  deputyPrimeMinister: 'cabinet_deputy_prime_minister',
  minister: 'cabinet_minister',
  secretariat: 'cabinet_secretariat',
  invited: 'cabinet_invited',
} as const;

export const MEMBER_ROLES = [CABINET_ROLES_BY_NAME.primeMinister, CABINET_ROLES_BY_NAME.deputyPrimeMinister, CABINET_ROLES_BY_NAME.minister] as const;

export const CABINET_ROLES: RoleDefinition[] = [
  { name: 'cabinet_prime_minister', label: { vi: 'Thủ tướng Chính phủ', en: 'Prime Minister' }, description: { vi: 'Thành viên Chính phủ; khi biểu quyết ngang nhau, bên có ý kiến của Thủ tướng thắng.', en: 'Government member; on a tie the side of the Prime Minister wins.' } },
  { name: 'cabinet_deputy_prime_minister', label: { vi: 'Phó Thủ tướng Chính phủ', en: 'Deputy Prime Minister' }, description: { vi: 'Thành viên Chính phủ.', en: 'Government member.' } },
  { name: 'cabinet_minister', label: { vi: 'Bộ trưởng, Thủ trưởng cơ quan ngang bộ', en: 'Minister' }, description: { vi: 'Thành viên Chính phủ.', en: 'Government member.' } },
  { name: 'cabinet_secretariat', label: { vi: 'Thư ký phiên họp Chính phủ (VPCP)', en: 'Cabinet secretariat (Government Office)' }, description: { vi: 'Chuẩn bị phiên họp, phiếu lấy ý kiến, ghi kết luận.', en: 'Prepares sessions and polls, records conclusions.' } },
  { name: 'cabinet_invited', label: { vi: 'Đại biểu mời dự họp Chính phủ', en: 'Invited attendee' }, description: { vi: 'Đọc tài liệu phiên họp được mời; không biểu quyết.', en: 'Reads the documents of sessions they are invited to; does not vote.' } },
];

export const CABINET_PERMISSIONS: PermissionGrants = {
  'cabinet.prepare': ['cabinet_secretariat'],
  'cabinet.vote': [...MEMBER_ROLES],
  'cabinet.attend': [...MEMBER_ROLES, 'cabinet_secretariat', 'cabinet_invited'],
};

export const CABINET_NAVIGATION: NavigationLink[] = [
  {
    place: 'main',
    href: '/cabinet',
    label: { vi: 'Họp Chính phủ', en: 'e-Cabinet' },
    visibleTo: (actor, may) => actor.kind === 'official' && may('cabinet.attend'),
    order: 45,
  },
];
