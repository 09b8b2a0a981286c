import type { NavigationLink, PermissionGrants, RoleDefinition } from '../../platform/module/index.ts';

export const FEEDBACK_ROLES: RoleDefinition[] = [
  {
    name: 'feedback_officer',
    label: { vi: 'Cán bộ xử lý phản ánh, kiến nghị', en: 'Feedback officer' },
    description: { vi: 'Phân loại, chuyển, trả lời và công khai phản ánh, kiến nghị gửi đến cơ quan.', en: 'Classifies, forwards, answers and publishes the feedback and petitions sent to the agency.' },
  },
];

export const FEEDBACK_PERMISSIONS: PermissionGrants = {
  /** Handle the agency's feedback and petitions (and see them in the work queue). */
  'feedback.handle': ['feedback_officer', 'leader'],
  /** Read the satisfaction ratings of the agency and the units below it. */
  'feedback.ratings': ['feedback_officer', 'leader'],
};

const applicant = (kind: string) => kind === 'citizen' || kind === 'business';

export const FEEDBACK_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/feedback', label: { vi: 'Phản ánh, kiến nghị', en: 'Feedback and petitions' }, visibleTo: (actor) => applicant(actor.kind), order: 40 },
  { place: 'console', href: '/console/feedback', label: { vi: 'Phản ánh, kiến nghị cần xử lý', en: 'Feedback and petitions to handle' }, visibleTo: (actor, may) => may('feedback.handle'), order: 30 },
  { place: 'console', href: '/console/ratings', label: { vi: 'Mức độ hài lòng', en: 'Satisfaction ratings' }, visibleTo: (actor, may) => actor.kind === 'admin' || may('feedback.ratings'), order: 31 },
];
