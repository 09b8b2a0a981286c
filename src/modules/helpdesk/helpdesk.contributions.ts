import type { NavigationLink, PermissionGrants, RoleDefinition } from '../../platform/module/index.ts';

export const HELPDESK_ROLES: RoleDefinition[] = [
  {
    name: 'helpdesk_agent',
    label: { vi: 'Nhân viên hỗ trợ (tổng đài)', en: 'Helpdesk agent' },
    description: { vi: 'Tiếp nhận, trả lời yêu cầu hỗ trợ qua Cổng, điện thoại, thư điện tử; biên tập bài hướng dẫn.', en: 'Takes and answers help requests from the portal, the phone line and e-mail; edits help articles.' },
  },
];

export const HELPDESK_PERMISSIONS: PermissionGrants = {
  'helpdesk.handle': ['helpdesk_agent'],
};

export const HELPDESK_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/support', label: { vi: 'Hỗ trợ', en: 'Help' }, visibleTo: () => true, order: 90 },
  { place: 'console', href: '/console/helpdesk', label: { vi: 'Yêu cầu hỗ trợ', en: 'Help requests' }, visibleTo: (_actor, may) => may('helpdesk.handle'), order: 32 },
];
