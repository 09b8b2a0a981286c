import type { NavigationLink } from '../../platform/module/index.ts';
import { agencyScopeOf } from '../agencies/index.ts';
import { MANAGING_ROLES } from './catalog.policy.ts';

export const CATALOG_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/admin/procedures', label: { vi: 'Thủ tục hành chính', en: 'Procedures' }, visibleTo: (actor) => agencyScopeOf(actor, MANAGING_ROLES) !== undefined, order: 50 },
];
