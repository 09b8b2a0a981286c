import type { NavigationLink } from '../../platform/module/index.ts';

export const CALENDAR_NAVIGATION: NavigationLink[] = [
  {
    place: 'admin',
    href: '/admin/calendar',
    label: { vi: 'Lịch làm việc', en: 'Working calendar' },
    description: { vi: 'Ngày nghỉ lễ, ngày hoán đổi và nghỉ bù dùng để tính thời hạn giải quyết hồ sơ.', en: 'Public holidays, swapped and compensatory days used to count dossier deadlines.' },
    visibleTo: (actor) => actor.kind === 'admin',
    order: 30,
  },
];
