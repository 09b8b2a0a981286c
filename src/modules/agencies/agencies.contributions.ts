import type { NavigationLink } from '../../platform/module/index.ts';
import { agencyScopeOf } from './agency-scope.ts';

export const AGENCIES_NAVIGATION: NavigationLink[] = [
  {
    place: 'admin',
    href: '/admin/agencies',
    label: { vi: 'Danh bạ cơ quan', en: 'Agency directory' },
    description: { vi: 'Mã định danh cơ quan theo QĐ 20/2020/QĐ-TTg và các hệ thống kết nối.', en: 'Agency identifiers under Decision 20/2020/QĐ-TTg and connected systems.' },
    visibleTo: (actor) => agencyScopeOf(actor, ['agency_admin']) !== undefined,
    order: 20,
  },
];
