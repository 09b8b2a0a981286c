import type { NavigationLink, RoleDefinition } from '../../platform/module/index.ts';
import { identityMessages, type IdentityMessageKey } from './identity.messages.ts';
import { oidcMessages } from './oidc.messages.ts';
import { assuranceMessages } from './assurance.messages.ts';
import { adminScopeOf, AGENCY_ADMIN_ROLE } from './officials.service.ts';

const text = (key: IdentityMessageKey) => ({ vi: identityMessages.vi[key], en: identityMessages.en[key] });

/** The role identity introduces: administering officials (and, through other modules' grants, their agency's settings). */
export const IDENTITY_ROLES: RoleDefinition[] = [{ name: AGENCY_ADMIN_ROLE, label: text('roleAgencyAdmin') }];

/** The officials' console and the admin page in the banner; the officials card on the admin page. */
export const IDENTITY_NAVIGATION: NavigationLink[] = [
  { place: 'main', href: '/console', label: text('navConsole'), visibleTo: (actor) => actor.kind === 'official', order: 20 },
  { place: 'main', href: '/admin', label: text('navAdmin'), visibleTo: (actor) => adminScopeOf(actor) !== undefined, order: 90 },
  { place: 'console', href: '/console/identity-check', label: { vi: assuranceMessages.vi.deskLink, en: assuranceMessages.en.deskLink }, visibleTo: (actor) => actor.kind === 'official' && actor.roles.includes('clerk'), order: 40 },
  { place: 'admin', href: '/admin/relying-parties', label: { vi: oidcMessages.vi.rpTitle, en: oidcMessages.en.rpTitle }, description: { vi: oidcMessages.vi.rpDesc, en: oidcMessages.en.rpDesc }, visibleTo: (actor) => actor.kind === 'admin', order: 30 },
  { place: 'admin', href: '/admin/officials', label: text('adminOfficials'), description: text('adminOfficialsDesc'), visibleTo: (actor) => adminScopeOf(actor) !== undefined, order: 10 },
];
