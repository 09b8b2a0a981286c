/**
 * Who may reach each route of the composed application: the declared table that
 * authorization-matrix.test.ts checks every registered route against, called as every role.
 * A new route needs a line here (the test fails without one); run the test with
 * AUTHZ_MATRIX_DUMP=<file> to get what each route answers now, then review it before pasting.
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
const OFFICIAL_ROLES = ['agency_admin', 'clerk', 'specialist', 'leader', 'exchange_clerk', 'reporting_officer', 'reporting_leader', 'feedback_officer', 'helpdesk_agent', 'cabinet_prime_minister', 'cabinet_deputy_prime_minister', 'cabinet_minister', 'cabinet_secretariat', 'cabinet_invited'];

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

const publicRoute: Rule = { allow: ['everyone'] };
const signedIn: Rule = { allow: ['signedIn'] };
const signedRequest: Rule = { allow: ['integration'], login: ['signedIn'], why: 'agencies’ systems: an HMAC-signed request of an integration client, never a browser session' };
const vxp: Rule = { login: ['everyone'], why: 'the VXP transport: the Government Office SDK’s own signature (XroadVnpt-* headers), neither a session nor egov’s HMAC' };
const dvcqg: Rule = { login: ['everyone'], why: 'the DVCQG contract: its own login session (token in the body), answering HTTP 200 with an error code' };

export const AUTHORIZATION_MATRIX: Readonly<Record<string, Rule>> = {
  'GET /admin/calendar': { allow: ['admin'] },
  'POST /admin/calendar/overrides': { allow: ['admin'] },
  'POST /admin/calendar/overrides/:day/delete': { allow: ['admin'] },
  'GET /api/v1/calendar/due': publicRoute,
  'GET /api/v1/agencies': publicRoute,
  'GET /api/v1/agencies/:code': publicRoute,
  'GET /api/v1/units/provinces': publicRoute,
  'GET /api/v1/units/provinces/:code/communes': publicRoute,
  'GET /admin/agencies': { allow: ['admin', 'agency_admin'] },
  'GET /admin/agencies/:code': { allow: ['admin'] },
  'POST /admin/agencies/:code/clients': { allow: ['admin'] },
  'POST /admin/agencies/:code/clients/:clientId/rotate': { allow: ['admin', 'agency_admin'] },
  'POST /admin/agencies/:code/clients/:clientId/revoke': { allow: ['admin', 'agency_admin'] },
  'GET /api/v1/me': signedIn,
  'GET /login': publicRoute,
  'POST /login': publicRoute,
  'POST /logout': { allow: ['everyone'], why: 'ending a session needs none' },
  'GET /password/forgot': publicRoute,
  'POST /password/forgot': publicRoute,
  'GET /password/reset': publicRoute,
  'POST /password/reset': publicRoute,
  'GET /register': publicRoute,
  'POST /register': publicRoute,
  'GET /register/sent': publicRoute,
  'GET /register/confirm': publicRoute,
  'POST /register/confirm': publicRoute,
  'GET /register/resend': publicRoute,
  'POST /register/resend': publicRoute,
  'GET /profile': signedIn,
  'POST /profile': signedIn,
  'GET /console': { allow: ['officials'] },
  'GET /admin': { allow: ['admin', 'agency_admin'] },
  'GET /admin/officials': { allow: ['admin', 'agency_admin'] },
  'GET /admin/officials/new': { allow: ['admin', 'agency_admin'] },
  'POST /admin/officials/new': { allow: ['admin', 'agency_admin'] },
  'GET /admin/officials/:id': { allow: ['admin', 'agency_admin'] },
  'POST /admin/officials/:id': { allow: ['admin', 'agency_admin'] },
  'GET /login/second-factor': { login: ['signedIn'], why: 'reads its own half-signed-in session cookie; a full session has nothing to do there' },
  'POST /login/second-factor': { login: ['signedIn'], why: 'reads its own half-signed-in session cookie; a full session has nothing to do there' },
  'GET /login/step-up': { allow: ['officials', 'admin'] },
  'POST /login/step-up': { login: ['signedIn'], why: 'checks the code against the session cookie itself (no cookie in the probe: 401)' },
  'GET /account/two-factor': signedIn,
  'POST /account/two-factor': { allow: ['people'] },
  'POST /account/two-factor/recovery-codes': signedIn,
  'POST /account/two-factor/disable': { allow: ['people'] },
  'GET /profile/my-data': signedIn,
  'GET /profile/my-data.pdf': signedIn,
  'POST /profile/my-data/erase': { allow: ['people'], why: 'officials’ and administrators’ accounts are service records' },
  'GET /profile/my-data.json': signedIn,
  'GET /.well-known/openid-configuration': publicRoute,
  'GET /oidc/*': { allow: ['everyone'], why: 'the OpenID provider’s endpoints authenticate clients and tokens themselves' },
  'POST /oidc/*': { allow: ['everyone'], why: 'the OpenID provider’s endpoints authenticate clients and tokens themselves' },
  'POST /oidc/session/end/confirm': { allow: ['everyone'], why: 'the OpenID provider’s own xsrf-protected logout form' },
  'GET /oidc/interaction/:uid': signedIn,
  'POST /oidc/interaction/:uid/consent': signedIn,
  'POST /oidc/interaction/:uid/deny': signedIn,
  'GET /profile/connected-services': signedIn,
  'POST /profile/connected-services/withdraw': signedIn,
  'GET /admin/relying-parties': { allow: ['admin'] },
  'POST /admin/relying-parties': { allow: ['admin'] },
  'POST /admin/relying-parties/:clientId/disable': { allow: ['admin'] },
  'POST /admin/relying-parties/:clientId/enable': { allow: ['admin'] },
  'GET /account/assurance': signedIn,
  'POST /account/assurance/national-id/start': signedIn,
  'GET /national-id/local/authorize': { allow: ['citizen'], why: 'the national identity provider stand-in verifies personal IDs (citizens)' },
  'POST /national-id/local/authorize': { allow: ['citizen'], why: 'the national identity provider stand-in verifies personal IDs (citizens)' },
  'POST /account/assurance/national-id': signedIn,
  'GET /console/identity-check': { allow: ['officials'] },
  'POST /console/identity-check': { allow: ['clerk'] },
  'GET /api/v1/procedures': publicRoute,
  'GET /api/v1/procedures/:code': publicRoute,
  'GET /api/v1/procedure-versions/:id': publicRoute,
  'GET /procedures': publicRoute,
  'GET /procedures/:code': publicRoute,
  'GET /admin/procedures': { allow: ['admin', 'agency_admin', 'leader'] },
  'GET /admin/procedures/new': { allow: ['admin', 'agency_admin', 'leader'] },
  'POST /admin/procedures': { allow: ['admin', 'agency_admin', 'leader'] },
  'GET /admin/procedures/export.json': { allow: ['admin', 'agency_admin', 'leader'] },
  'GET /admin/procedures/export.xlsx': { allow: ['admin', 'agency_admin', 'leader'] },
  'GET /admin/procedures/import': { allow: ['admin', 'agency_admin', 'leader'] },
  'POST /api/v1/procedures/import': { allow: ['admin', 'agency_admin', 'leader'] },
  'POST /admin/procedures/import': { allow: ['admin', 'agency_admin', 'leader'] },
  'GET /admin/procedures/:code': { allow: ['admin', 'agency_admin', 'leader'] },
  'GET /admin/procedures/:code/edit': { allow: ['admin', 'agency_admin', 'leader'] },
  'POST /admin/procedures/:code/edit': { allow: ['admin', 'agency_admin', 'leader'] },
  'POST /admin/procedures/:code/publish': { allow: ['admin', 'agency_admin', 'leader'] },
  'POST /admin/procedures/:code/withdraw': { allow: ['admin', 'agency_admin', 'leader'] },
  'GET /admin/search-words': { allow: ['admin'] },
  'POST /admin/search-words': { allow: ['admin'] },
  'POST /admin/search-words/delete': { allow: ['admin'] },
  'POST /api/v1/dossiers': { allow: ['people'] },
  'GET /api/v1/dossiers/lookup': { allow: ['everyone'], why: 'public lookup with the dossier code and a second factor, throttled' },
  'GET /api/v1/dossiers/forms': publicRoute,
  'GET /api/v1/dossiers/:code': { allow: ['citizen'], hidden: ['officials', 'business', 'admin'], why: 'the applicant’s own dossier; hidden (404) from anyone else' },
  'GET /procedures/:code/apply': { allow: ['citizen'], why: 'the probed procedure (birth registration) is open to citizens only' },
  'POST /procedures/:code/apply': { allow: ['people'] },
  'GET /applications/:id': { allow: ['people'] },
  'GET /applications/:id/form': { allow: ['people'] },
  'POST /applications/:id/form': { allow: ['people'] },
  'GET /applications/:id/uploads': { allow: ['people'] },
  'POST /applications/:id/uploads': { allow: ['people'] },
  'GET /applications/:id/review': { allow: ['people'] },
  'POST /applications/:id/submit': { allow: ['people'] },
  'GET /dossiers/:code/receipt': { allow: ['citizen'], hidden: ['officials', 'business', 'admin'] },
  'GET /dossiers/:code/receipt.pdf': { allow: ['citizen'], hidden: ['officials', 'business', 'admin'] },
  'GET /track': publicRoute,
  'POST /track': publicRoute,
  'GET /my/dossiers': { allow: ['people'] },
  'GET /console/dossiers': { allow: ['officials'] },
  'POST /api/v1/exchange/packages': signedRequest,
  'GET /api/v1/exchange/inbox': signedRequest,
  'GET /api/v1/exchange/packages/:id': signedRequest,
  'POST /api/v1/exchange/packages/:id/ack': signedRequest,
  'POST /api/v1/exchange/acks': signedRequest,
  'GET /api/v1/exchange/sent': signedRequest,
  'GET /api/v1/exchange/agencies': signedRequest,
  'POST /api/v1/exchange/certificates': signedRequest,
  'PUT /api/v1/exchange/policy': signedRequest,
  'PUT /api/v1/exchange/webhook': signedRequest,
  'DELETE /api/v1/exchange/webhook': signedRequest,
  'POST /api/v1/exchange/webhook/redeliver': signedRequest,
  'GET /exchange/assets/picker.js': { allow: ['everyone'], why: 'a static script' },
  'GET /exchange': { allow: ['leader', 'exchange_clerk'] },
  'GET /exchange/sent': { allow: ['leader', 'exchange_clerk'] },
  'GET /exchange/assigned': { allow: ['officials'] },
  'GET /exchange/packages/:id': { allow: ['officials'] },
  'GET /exchange/packages/:id/attachments/:index': { allow: ['officials'] },
  'POST /exchange/packages/:id/status': { allow: ['leader', 'exchange_clerk'] },
  'POST /exchange/packages/:id/assign': { allow: ['leader', 'exchange_clerk'] },
  'GET /exchange/compose': { allow: ['leader', 'exchange_clerk'] },
  'GET /exchange/recipients': { allow: ['leader', 'exchange_clerk'] },
  'POST /exchange/packages/:id/forward': { allow: ['leader', 'exchange_clerk'] },
  'POST /exchange/compose': { allow: ['leader', 'exchange_clerk'] },
  'GET /exchange/registers/:direction': { allow: ['leader', 'exchange_clerk'] },
  'GET /exchange/registers/:direction/export.:format': { allow: ['leader', 'exchange_clerk'] },
  'POST /vxp/sendEdoc': vxp,
  'POST /vxp/getReceivedEdocList': vxp,
  'POST /vxp/getEdoc': vxp,
  'POST /vxp/updateStatus': vxp,
  'POST /vxp/getSentEdocList': vxp,
  'POST /vxp/getAgenciesList': vxp,
  'POST /vxp/getAgenciesListQD20': vxp,
  'POST /vxp/getSynchronizeUnit': vxp,
  'POST /vxp/deleteAgency': vxp,
  'POST /vxp/registerAgency': vxp,
  'POST /vxp/countReceiveEdoc': vxp,
  'GET /vxp/countReceiveEdoc': vxp,
  'GET /vxp': vxp,
  'TRACE /vxp': vxp,
  'DELETE /vxp': vxp,
  'OPTIONS /vxp': vxp,
  'PATCH /vxp': vxp,
  'PUT /vxp': vxp,
  'POST /vxp': vxp,
  'QUERY /vxp': vxp,
  'GET /vxp/*': vxp,
  'TRACE /vxp/*': vxp,
  'DELETE /vxp/*': vxp,
  'OPTIONS /vxp/*': vxp,
  'PATCH /vxp/*': vxp,
  'PUT /vxp/*': vxp,
  'POST /vxp/*': vxp,
  'QUERY /vxp/*': vxp,
  'GET /api/v1/backoffice/queue': { allow: ['officials'] },
  'GET /api/v1/backoffice/dossiers/:code': { allow: ['agency_admin', 'leader'], hidden: ['clerk', 'specialist', 'exchange_clerk', 'reporting_officer', 'reporting_leader', 'feedback_officer', 'helpdesk_agent', 'cabinet_prime_minister', 'cabinet_deputy_prime_minister', 'cabinet_minister', 'cabinet_secretariat', 'cabinet_invited'] },
  'POST /api/v1/backoffice/dossiers/:code/:action': { allow: ['officials'] },
  'GET /console/work': { allow: ['officials'] },
  'GET /console/work/:code': { allow: ['agency_admin', 'leader'], hidden: ['clerk', 'specialist', 'exchange_clerk', 'reporting_officer', 'reporting_leader', 'feedback_officer', 'helpdesk_agent', 'cabinet_prime_minister', 'cabinet_deputy_prime_minister', 'cabinet_minister', 'cabinet_secretariat', 'cabinet_invited'], why: 'visible to the receiving unit’s officials and to leaders and agency administrators of a unit above it (the probed officials are of the province above the ward); hidden (404) from others' },
  'POST /console/work/:code/:action': { allow: ['signedIn'], why: 'the dossier is looked up first and is not found for anyone outside its unit (404, existence not told); the console itself is officials only' },
  'GET /console/work/:code/files/:id': { allow: ['citizen', 'agency_admin', 'leader'], hidden: ['business', 'admin', 'clerk', 'specialist', 'exchange_clerk', 'reporting_officer', 'reporting_leader', 'feedback_officer', 'helpdesk_agent', 'cabinet_prime_minister', 'cabinet_deputy_prime_minister', 'cabinet_minister', 'cabinet_secretariat', 'cabinet_invited'], why: 'the dossier’s officials and its applicant; each view audited' },
  'GET /console/work/:code/form-05': { allow: ['agency_admin', 'leader'], hidden: ['clerk', 'specialist', 'exchange_clerk', 'reporting_officer', 'reporting_leader', 'feedback_officer', 'helpdesk_agent', 'cabinet_prime_minister', 'cabinet_deputy_prime_minister', 'cabinet_minister', 'cabinet_secretariat', 'cabinet_invited'] },
  'GET /console/work/:code/documents/:id': { hidden: ['signedIn'], why: 'no document 1 is issued in the probe: hidden from everyone' },
  'GET /dossiers/:code/progress': { allow: ['citizen'], hidden: ['officials', 'business', 'admin'] },
  'POST /dossiers/:code/progress/complete': signedIn,
  'POST /dossiers/:code/progress/withdraw': signedIn,
  'GET /dossiers/:code/progress/files/:id': { allow: ['citizen', 'agency_admin', 'leader'], hidden: ['business', 'admin', 'clerk', 'specialist', 'exchange_clerk', 'reporting_officer', 'reporting_leader', 'feedback_officer', 'helpdesk_agent', 'cabinet_prime_minister', 'cabinet_deputy_prime_minister', 'cabinet_minister', 'cabinet_secretariat', 'cabinet_invited'], why: 'the dossier’s officials and its applicant; each view audited' },
  'GET /dossiers/:code/progress/documents/:id': { hidden: ['signedIn'], why: 'no document 1 is issued in the probe: hidden from everyone' },
  'GET /verify/:token': { allow: ['everyone'], why: 'public verification of an issued result by its unguessable token' },
  'GET /admin/backoffice/unstaffed': { allow: ['agency_admin'] },
  'GET /admin/backoffice/workflows': { allow: ['admin', 'agency_admin'] },
  'POST /admin/backoffice/workflows': { allow: ['admin', 'agency_admin'] },
  'POST /dossiers/:code/progress/upload': signedIn,
  'POST /api/dvcqg/login': dvcqg,
  'POST /api/dvcqg': dvcqg,
  'POST /api/dvcqg/*': dvcqg,
  'POST /api/dvcqg/SynsTTHCC/DongBoHoSoMC': dvcqg,
  'POST /api/dvcqg/SynsTTHCC/CapNhatTienDoHoSoMC': dvcqg,
  'POST /mapi/login': dvcqg,
  'POST /mapi/g': dvcqg,
  'POST /mapi': dvcqg,
  'POST /mapi/*': dvcqg,
  'POST /mapi/SynsTTHCC/DongBoHoSoMC': dvcqg,
  'POST /mapi/SynsTTHCC/CapNhatTienDoHoSoMC': dvcqg,
  'POST /api/v1/sync/dossiers': { deny: ['integration'], login: ['signedIn'], why: 'signed, and the probe’s items name agency X1, outside the client’s agency: refused (statussync.agency_forbidden)' },
  'POST /api/v1/sync/progress': { deny: ['integration'], login: ['signedIn'], why: 'signed, and the probe’s items name agency X1, outside the client’s agency: refused (statussync.agency_forbidden)' },
  'GET /api/v1/statistics/dossiers': { allow: ['everyone'], why: 'public statistics (aggregates only)' },
  'GET /api/v1/reporting/regimes': { allow: ['signedIn'], why: 'the list of reporting regimes is not secret to signed-in users; figures are checked per unit' },
  'GET /api/v1/reporting/regimes/:regime/series': signedIn,
  'GET /api/v1/reporting/regimes/:regime/compare': signedIn,
  'GET /api/v1/reporting/regimes/:regime/progress': signedIn,
  'GET /console/reporting': { why: 'no reporting unit is set up in the probe’s data: every official is refused' },
  'GET /console/reporting/:regime/:period/progress': signedIn,
  'POST /console/reporting/:regime/:period/accept-all': { allow: ['leader', 'reporting_leader'] },
  'GET /console/reporting/:regime/figures': signedIn,
  'GET /console/reporting/:regime/figures.csv': signedIn,
  'GET /console/reporting/:regime/:period/template.xlsx': signedIn,
  'POST /console/reporting/:regime/:period/upload': signedIn,
  'GET /console/reporting/:regime/:period': signedIn,
  'POST /console/reporting/:regime/:period/save': { allow: ['specialist', 'leader', 'reporting_officer', 'reporting_leader'] },
  'POST /console/reporting/:regime/:period/action': signedIn,
  'GET /': publicRoute,
  'GET /services': publicRoute,
  'GET /about': publicRoute,
  'GET /procedures/:code/templates/:file': { hidden: ['everyone'], why: 'public; the probe asks the real procedure for a template file it does not have, so 404 for everyone' },
  'GET /admin/procedures/:code/templates': { allow: ['admin', 'agency_admin', 'leader'] },
  'POST /admin/procedures/:code/templates': { allow: ['admin', 'agency_admin', 'leader'] },
  'POST /exchange/recipient-lists': { allow: ['leader', 'exchange_clerk'] },
  'GET /exchange/recipient-lists': { allow: ['leader', 'exchange_clerk'] },
  'POST /exchange/recipient-lists/:id/delete': { allow: ['leader', 'exchange_clerk'] },
  'GET /console/work/form-06.xlsx': { allow: ['officials'], why: 'every official exports the register of their own units’ queue (empty when they hold none)' },
  'GET /console/work/form-06.pdf': { allow: ['officials'], why: 'every official exports the register of their own units’ queue (empty when they hold none)' },
  'GET /console/work/:code/form-05.xlsx': { allow: ['agency_admin', 'leader'], hidden: ['clerk', 'specialist', 'exchange_clerk', 'reporting_officer', 'reporting_leader', 'feedback_officer', 'helpdesk_agent', 'cabinet_prime_minister', 'cabinet_deputy_prime_minister', 'cabinet_minister', 'cabinet_secretariat', 'cabinet_invited'] },
  'GET /api/v1/feedback/ratings/summary': { allow: ['admin', 'leader', 'feedback_officer'] },
  'GET /api/v1/feedback/published': { allow: ['everyone'] },
  'GET /feedback': { allow: ['people'] },
  'GET /feedback/new': { allow: ['people'] },
  'POST /feedback': { allow: ['people'] },
  'GET /feedback/:id': { allow: ['people'] },
  'POST /feedback/:id/consent': { allow: ['people'] },
  'GET /feedback/published': { allow: ['everyone'] },
  'GET /feedback/published/:id': { allow: ['everyone'] },
  'GET /feedback/ratings/:code': { allow: ['people'] },
  'POST /feedback/ratings/:code': { allow: ['people'] },
  'GET /console/feedback': { allow: ['admin', 'leader', 'feedback_officer'] },
  'GET /console/feedback/:id': { allow: ['admin', 'leader', 'feedback_officer'] },
  'POST /console/feedback/:id/classify': { allow: ['admin', 'leader', 'feedback_officer'] },
  'POST /console/feedback/:id/accept': { allow: ['admin', 'leader', 'feedback_officer'] },
  'POST /console/feedback/:id/forward': { allow: ['admin', 'leader', 'feedback_officer'] },
  'POST /console/feedback/:id/answer': { allow: ['admin', 'leader', 'feedback_officer'] },
  'POST /console/feedback/:id/reject': { allow: ['admin', 'leader', 'feedback_officer'] },
  'POST /console/feedback/:id/publish': { allow: ['admin', 'leader', 'feedback_officer'] },
  'GET /console/ratings': { allow: ['admin', 'leader', 'feedback_officer'] },
  'GET /support': { allow: ['everyone'] },
  'GET /support/articles/:id': { allow: ['everyone'] },
  'GET /support/new': { allow: ['everyone'] },
  'POST /support/tickets': { allow: ['everyone'] },
  'GET /support/tickets/:id': { allow: ['signedIn'] },
  'GET /console/helpdesk': { allow: ['helpdesk_agent'] },
  'GET /console/helpdesk/new': { allow: ['helpdesk_agent'] },
  'POST /console/helpdesk/new': { allow: ['helpdesk_agent'] },
  'GET /console/helpdesk/:id': { allow: ['helpdesk_agent'] },
  'POST /console/helpdesk/:id/assign': { allow: ['helpdesk_agent'] },
  'POST /console/helpdesk/:id/answer': { allow: ['helpdesk_agent'] },
  'POST /console/helpdesk/:id/close': { allow: ['helpdesk_agent'] },
  'GET /console/helpdesk/canned': { allow: ['helpdesk_agent'] },
  'POST /console/helpdesk/canned': { allow: ['helpdesk_agent'] },
  'POST /console/helpdesk/canned/:id/delete': { allow: ['helpdesk_agent'] },
  'GET /console/helpdesk/articles': { allow: ['helpdesk_agent'] },
  'GET /console/helpdesk/articles/new': { allow: ['helpdesk_agent'] },
  'GET /console/helpdesk/articles/:id': { allow: ['helpdesk_agent'] },
  'POST /console/helpdesk/articles': { allow: ['helpdesk_agent'] },
  'POST /console/helpdesk/articles/:id': { allow: ['helpdesk_agent'] },
  'GET /payments/vnpay/ipn': { allow: ['everyone'], why: 'VNPay’s server calls it: vnp_SecureHash decides, and alone changes state' },
  'GET /payments/vnpay/return': { allow: ['everyone'], why: 'the browser back from VNPay: shows the signed result, changes nothing' },
  'GET /payments': { allow: ['signedIn'] },
  'GET /payments/orders/:reference': { allow: ['signedIn'], why: 'the order’s applicant and its officials, decided on the order (the probe’s reference does not exist: 404)' },
  'POST /payments/orders/:reference/pay': { allow: ['signedIn'], why: 'the order’s applicant, decided on the order (the probe’s reference does not exist: 404)' },
  'GET /payments/orders/:reference/receipt.pdf': { allow: ['signedIn'], why: 'the order’s applicant and its officials, decided on the order (the probe’s reference does not exist: 404)' },
  'POST /payments/orders/:reference/refunds': { allow: ['signedIn'], why: 'officials of the order’s unit, decided on the order (the probe’s reference does not exist: 404)' },
  'GET /console/payments/refunds': { allow: ['leader'] },
  'POST /console/payments/refunds/:id/:decision': { allow: ['leader'] },
  'GET /local-gateway/vnpay/paymentv2/vpcpay.html': { allow: ['everyone'], why: 'the local stand-in of VNPay’s payment page (development and tests; absent when VNPAY_HOST is set): the merchant’s signature decides' },
  'POST /local-gateway/vnpay/complete': { allow: ['everyone'], why: 'the local stand-in of VNPay’s payment page (development and tests; absent when VNPAY_HOST is set): the merchant’s signature decides' },
  'GET /console/work/:code/financial-obligation': { allow: ['agency_admin', 'leader'], hidden: ['clerk', 'specialist', 'exchange_clerk', 'reporting_officer', 'reporting_leader', 'feedback_officer', 'helpdesk_agent', 'cabinet_prime_minister', 'cabinet_deputy_prime_minister', 'cabinet_minister', 'cabinet_secretariat', 'cabinet_invited'] },
  'POST /console/work/:code/financial-obligation': { allow: ['officials'], why: 'the probe’s empty amount is refused (400) before the dossier is read; the use case then allows only the official holding the step or the unit’s leader' },
  'GET /api/v1/cabinet/today': { allow: ['cabinet_secretariat', 'cabinet_invited'], why: 'the secretariat, invitees and registered members (the probed member roles are not registered: 403)' },
  'GET /api/v1/cabinet/sessions/:id': { allow: ['officials'] },
  'POST /api/v1/cabinet/items/:id/position': { why: 'a registered member only (cabinet_members): the probed officials hold a member role but are not registered, so 403' },
  'POST /api/v1/cabinet/votes/:id/ballot': { why: 'a registered member only (cabinet_members): the probed officials hold a member role but are not registered, so 403' },
  'GET /api/v1/cabinet/polls/:id': { allow: ['officials'] },
  'POST /api/v1/cabinet/polls/:id/answer': { why: 'a registered member only (cabinet_members): the probed officials hold a member role but are not registered, so 403' },
  'GET /cabinet': { allow: ['cabinet_secretariat', 'cabinet_invited'], why: 'the secretariat, invitees and registered members (the probed member roles are not registered: 403)' },
  'POST /cabinet/clock': { allow: ['cabinet_secretariat'] },
  'GET /cabinet/members': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/members/delegate': { allow: ['cabinet_secretariat'] },
  'GET /cabinet/sessions': { allow: ['officials'] },
  'GET /cabinet/sessions/new': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/sessions': { allow: ['cabinet_secretariat'] },
  'GET /cabinet/sessions/:id': { allow: ['officials'] },
  'POST /cabinet/sessions/:id/items': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/items/:id/exchange': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/sessions/:id/invitees': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/sessions/:id/publish': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/sessions/:id/close': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/sessions/:id/attendance': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/items/:id/position': { why: 'a registered member only (cabinet_members): the probed officials hold a member role but are not registered, so 403' },
  'POST /cabinet/items/:id/comments': { allow: ['officials'] },
  'POST /cabinet/items/:id/adopt': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/items/:id/start': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/items/:id/vote': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/votes/:id/ballot': { why: 'a registered member only (cabinet_members): the probed officials hold a member role but are not registered, so 403' },
  'POST /cabinet/votes/:id/close': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/items/:id/conclusion': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/items/:id/documents': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/polls': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/sessions/:id/minutes/sign': { allow: ['cabinet_secretariat'] },
  'GET /cabinet/sessions/:id/minutes.pdf': { allow: ['officials'] },
  'GET /api/v1/cabinet/secretariat/sessions': { login: ['signedIn'], deny: ['integration'], why: 'signed requests of a Government Office (000.00.00.G22) integration client only: the probing client is of another agency (403)' },
  'GET /api/v1/cabinet/secretariat/sessions/:id': { login: ['signedIn'], deny: ['integration'], why: 'signed requests of a Government Office (000.00.00.G22) integration client only' },
  'GET /api/v1/cabinet/secretariat/polls': { login: ['signedIn'], deny: ['integration'], why: 'signed requests of a Government Office (000.00.00.G22) integration client only' },
  'GET /api/v1/cabinet/secretariat/polls/:id': { login: ['signedIn'], deny: ['integration'], why: 'signed requests of a Government Office (000.00.00.G22) integration client only' },
  'POST /cabinet/items/:id/exchange-document': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/draft-versions/:id/proposals': { why: 'a registered member only (cabinet_members): the probed officials hold a member role but are not registered, so 403' },
  'GET /cabinet/draft-versions/:id': { allow: ['officials'] },
  'POST /cabinet/items/:id/drafts': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/polls/:id/drafts': { allow: ['cabinet_secretariat'] },
  'POST /cabinet/drafts/:id/versions': { allow: ['cabinet_secretariat'] },
  'GET /cabinet/documents/:id': { allow: ['officials'] },
  'GET /cabinet/polls': { allow: ['cabinet_secretariat'] },
  'GET /cabinet/polls/new': { allow: ['cabinet_secretariat'] },
  'GET /cabinet/polls/:id': { allow: ['officials'] },
  'POST /cabinet/polls/:id/answer': { why: 'a registered member only (cabinet_members): the probed officials hold a member role but are not registered, so 403' },
  'GET /cabinet/polls/:id/result.pdf': { allow: ['officials'] },
  'GET /cabinet/polls/:id/document': { allow: ['officials'] },
};
