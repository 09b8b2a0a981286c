/**
 * The vocabulary of the authorisation matrix (authorization-matrix.ts): what a probe of a route
 * as one role may observe, the roles and their groups, and how a rule reads.
 *
 * Outcomes: `allow` — the request got past authorisation (an answer, a redirect elsewhere, or a
 * 400/404/409/422/429 about the request itself: the probe sends sample parameters, so most
 * records are not found); `login` — 401 or a redirect to /login (or, for machine endpoints
 * that answer in their own envelope, an error code there); `deny` — 403; `invalid` — refused by
 * the route's schema (400 http.validation_failed) or content type (415) before any handler, which
 * the probe's sample request cannot satisfy: such a rule says nothing about authorisation, and
 * is listed so that it stays visible; `hidden` — 404 on a record that exists (GET routes of a
 * dossier or a procedure are probed on a real one: the demo citizen's birth registration at a
 * ward of Quảng Ninh, probed officials being of the province above it). A 5xx is never right.
 * Roles: anonymous; `integration` (an agency's IT system: an HMAC-signed request of an
 * integration client of the officials' agency, no session); citizen; business; admin; and each
 * official role (an official of one agency holding that role alone).
 * Defaults: anonymous and integration `login`, every other role `deny`; a rule lists the exceptions.
 */

export type Outcome = 'allow' | 'login' | 'deny' | 'hidden' | 'invalid' | 'error';
export type Probe = Record<string, Outcome>;

/** The official roles modules declare (every one is probed; the test fails on a role not listed here). */
const OFFICIAL_ROLES = ['agency_admin', 'clerk', 'specialist', 'leader', 'exchange_clerk', 'reporting_officer', 'reporting_leader', 'feedback_officer', 'helpdesk_agent', 'cabinet_prime_minister', 'cabinet_deputy_prime_minister', 'cabinet_minister', 'cabinet_secretariat', 'cabinet_invited', 'task_officer', 'task_monitor'];

export const ROLE_GROUPS = {
  everyone: ['anonymous', 'integration', 'citizen', 'business', 'admin', ...OFFICIAL_ROLES],
  signedIn: ['citizen', 'business', 'admin', ...OFFICIAL_ROLES],
  people: ['citizen', 'business'],
  officials: OFFICIAL_ROLES,
  staff: ['admin', ...OFFICIAL_ROLES],
} as const satisfies Record<string, readonly string[]>;

type Group = keyof typeof ROLE_GROUPS | 'anonymous' | 'integration' | 'citizen' | 'business' | 'admin' | (typeof OFFICIAL_ROLES)[number];

export interface Rule {
  allow?: readonly Group[];
  login?: readonly Group[];
  deny?: readonly Group[];
  /** 404 on a record that exists (GET routes of a dossier or procedure are probed on real ones): hidden from this role. */
  hidden?: readonly Group[];
  /** Refused by the route's schema or content type before the handler (the probe's sample request cannot pass it). */
  invalid?: readonly Group[];
  /** Why a rule that looks surprising is right. */
  why?: string;
}

const expand = (groups: readonly Group[] | undefined): string[] => (groups ?? []).flatMap((g) => (g in ROLE_GROUPS ? [...ROLE_GROUPS[g as keyof typeof ROLE_GROUPS]] : [g]));

export function expectedOutcome(rule: Rule, role: string): Outcome {
  if (expand(rule.allow).includes(role)) return 'allow';
  if (expand(rule.login).includes(role)) return 'login';
  if (expand(rule.deny).includes(role)) return 'deny';
  if (expand(rule.invalid).includes(role)) return 'invalid';
  if (expand(rule.hidden).includes(role)) return 'hidden';
  return role === 'anonymous' || role === 'integration' ? 'login' : 'deny';
}

/** The shortest rule that describes what was observed (for AUTHZ_MATRIX_DUMP and failure messages). */
export function suggestRule(observed: Probe): string {
  const parts: string[] = [];
  for (const outcome of ['allow', 'login', 'deny', 'hidden', 'invalid'] as const) {
    let roles = Object.keys(observed).filter((r) => observed[r] === outcome && expectedOutcome({}, r) !== outcome);
    const groups: string[] = [];
    for (const [name, members] of Object.entries(ROLE_GROUPS)) {
      if (members.length > 1 && members.every((m) => roles.includes(m))) {
        groups.push(name);
        roles = roles.filter((r) => !(members as readonly string[]).includes(r));
      }
    }
    const all = [...groups, ...roles];
    if (all.length > 0) parts.push(`${outcome}: [${all.map((g) => `'${g}'`).join(', ')}]`);
  }
  const errors = Object.keys(observed).filter((r) => observed[r] === 'error');
  return `{ ${parts.join(', ')} }${errors.length > 0 ? ` /* 5xx for ${errors.join(', ')} */` : ''},`;
}

export const publicRoute: Rule = { allow: ['everyone'] };
export const signedIn: Rule = { allow: ['signedIn'] };
export const signedRequest: Rule = { allow: ['integration'], login: ['signedIn'], why: 'agencies’ systems: an HMAC-signed request of an integration client, never a browser session' };
export const vxp: Rule = { login: ['everyone'], why: 'the VXP transport: the Government Office SDK’s own signature (XroadVnpt-* headers), neither a session nor egov’s HMAC' };
export const dvcqg: Rule = { login: ['everyone'], why: 'the DVCQG contract: its own login session (token in the body), answering HTTP 200 with an error code' };
