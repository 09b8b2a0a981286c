import type { NavigationLink } from '../../platform/module/index.ts';
import { agencyScopeOf } from '../agencies/index.ts';
import { MANAGING_ROLES } from './catalog.policy.ts';
import { searchMessages } from './search-words.messages.ts';

export const CATALOG_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/admin/procedures', label: { vi: 'Thủ tục hành chính', en: 'Procedures' }, visibleTo: (actor) => agencyScopeOf(actor, MANAGING_ROLES) !== undefined, order: 50 },
  // The dictionary serves every province: system administrators only (the use cases check again).
  {
    place: 'admin',
    href: '/admin/search-words',
    label: { vi: searchMessages.vi.navWords, en: searchMessages.en.navWords },
    description: { vi: searchMessages.vi.navWordsDesc, en: searchMessages.en.navWordsDesc },
    visibleTo: (actor) => actor.kind === 'admin',
    order: 60,
  },
];
