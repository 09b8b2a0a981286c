import type { NavigationLink, PermissionGrants } from '../../platform/module/index.ts';

/** Who may work the clerk pages: send, receive and answer official documents for their agency. */
export const EXCHANGE_PERMISSIONS: PermissionGrants = {
  'exchange.clerk_pages': ['clerk', 'leader'],
};

export const EXCHANGE_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/exchange', label: { vi: 'Văn bản liên thông', en: 'Official documents' }, visibleTo: (_actor, may) => may('exchange.clerk_pages'), order: 40 },
  { place: 'console', href: '/exchange', label: { vi: 'Văn bản đến và đi', en: 'Incoming and outgoing documents' }, visibleTo: (_actor, may) => may('exchange.clerk_pages'), order: 20 },
];
