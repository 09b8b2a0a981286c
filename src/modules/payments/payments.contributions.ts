import type { NavigationLink, PermissionGrants } from '../../platform/module/index.ts';

export const PAYMENTS_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/payments', label: { vi: 'Phí, lệ phí', en: 'Fees' }, visibleTo: (actor) => actor.kind === 'citizen' || actor.kind === 'business', order: 22 },
  { place: 'console', href: '/console/payments/refunds', label: { vi: 'Phê duyệt hoàn phí, lệ phí', en: 'Approve fee refunds' }, visibleTo: (actor) => actor.kind === 'official' && actor.roles.includes('leader'), order: 30 },
];

export const PAYMENTS_PERMISSIONS: PermissionGrants = {
  'payments.refund_request': ['clerk', 'leader'],
  'payments.refund_approve': ['leader'],
};
