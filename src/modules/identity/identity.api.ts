import type { Executor } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { AccountView } from './identity.context.ts';
import type { PersonalDataSource } from './personal-data.ts';
import type { NewAdminInput, NewOfficialInput, OfficialUpdate } from './officials.service.ts';

/** What other modules, the CLI and the composition root may ask of identity. */
export interface IdentityApi {
  /** Throws `identity.account_not_found`. */
  getAccount(id: string): Promise<AccountView>;
  /**
   * Checks a login (personal ID, tax code or e-mail) and password from a client address, under
   * the throttling rules. Throws `identity.invalid_credentials` (unknown login, wrong password,
   * disabled account alike), `identity.login_throttled` (a delay for this login from this
   * source, or the source's budget), `identity.account_locked` (failures from many sources),
   * or `identity.account_unconfirmed` (right password, e-mail address not confirmed yet).
   */
  authenticate(input: { identifier: string; password: string; ip: string }): Promise<Actor>;
  /** The actor behind a session cookie token; undefined when it is not a live session. */
  resolveSession(token: string): Promise<Actor | undefined>;
  createOfficial(actor: Actor | undefined, input: NewOfficialInput): Promise<{ account: AccountView; invited: boolean }>;
  listOfficials(actor: Actor | undefined, filter?: { agencyCode?: string | undefined }): Promise<AccountView[]>;
  updateOfficial(actor: Actor | undefined, id: string, update: OfficialUpdate): Promise<AccountView>;
  /** Only by an admin (the CLI acts as one). Without a password, one is generated and returned once. */
  createAdmin(actor: Actor | undefined, input: NewAdminInput): Promise<{ account: AccountView; generatedPassword: string | undefined }>;
  /**
   * A new ID token signing key for the OpenID Connect provider (admin or CLI). Older keys stay
   * published in the JWKS for a day, so tokens signed before the rotation still verify.
   */
  rotateOidcSigningKey(actor: Actor | undefined): Promise<{ kid: string; published: string[] }>;
  /**
   * How sure egov is of who holds the account: 1 self-registered, 2 checked in person by an
   * official, 3 verified by the national identity provider. A procedure that requires a level
   * compares against this and sends the applicant to `/account/assurance` to raise it.
   */
  assuranceLevelOf(accountId: string): Promise<number>;
  /**
   * A module holding personal data about accounts (dossiers, files, who opened them) registers
   * it here when it is created: the person's export, PDF summary and erasure request
   * (/profile/my-data) then include it. Identity cannot import the modules above it.
   */
  registerPersonalDataSource(source: PersonalDataSource): void;
  /**
   * The officials of these units (exactly these agency codes, not the units below), with their
   * roles: for a module that has already authorised its actor (the back office's assignees, the
   * exchange desk). Active ones only unless said.
   */
  officialsOfUnits(unitCodes: readonly string[], options?: { activeOnly?: boolean }): Promise<AccountView[]>;
  /** Which of these units have at least one active official (unstaffed units are the others). */
  staffedUnits(unitCodes: readonly string[]): Promise<string[]>;
  /**
   * The mobile number to tell the account's owner of their dossiers by SMS, only if they asked
   * for it on their profile (and the account is active); undefined otherwise. Reads on `ex` so a
   * caller inside a transaction (or a fact consumer) does not wait for a second connection.
   */
  smsRecipientOf(accountId: string, ex?: Executor): Promise<string | undefined>;
  /**
   * The budget of a public form sent without an account, per source (an IPv4 address or an IPv6
   * /64), kept with the login and registration counters (throttle.ts): counts one use and answers
   * 0, or the seconds until the source may send again (nothing counted).
   */
  takeSourceBudget(purpose: 'help_request', ip: string): Promise<number>;
}
