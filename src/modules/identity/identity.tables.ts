import type { ColumnType, Generated } from 'kysely';
import type { AccountKind } from '../../platform/module/index.ts';

/** The identity module's tables, as Kysely sees them (see migrations/). */
export type IdentityTables = {
  accounts: AccountsTable;
  sessions: SessionsTable;
  auth_throttle: AuthThrottleTable;
  password_tokens: PasswordTokensTable;
  login_failures: LoginFailuresTable;
  login_locks: LoginLocksTable;
  email_confirmations: EmailConfirmationsTable;
  second_factors: SecondFactorsTable;
  recovery_codes: RecoveryCodesTable;
  oidc_clients: OidcClientsTable;
  oidc_artifacts: OidcArtifactsTable;
  oidc_consents: OidcConsentsTable;
  oidc_signing_keys: OidcSigningKeysTable;
  oidc_session_links: OidcSessionLinksTable;
  national_id_assertions: NationalIdAssertionsTable;
};

export type AccountStatus = 'active' | 'disabled';
export type PasswordTokenPurpose = 'reset' | 'invite';

export type AccountsTable = {
  id: Generated<string>;
  kind: AccountKind;
  personal_id: string | null;
  tax_code: string | null;
  email: string;
  phone: string | null;
  sms_notifications: ColumnType<boolean, boolean | undefined, boolean>;
  full_name: string;
  password_hash: string;
  agency_code: string | null;
  // Written through rolesValue() (see accounts.repository.ts) so both drivers agree.
  roles: ColumnType<string[], string[] | undefined, string[]>;
  status: ColumnType<AccountStatus, AccountStatus | undefined, AccountStatus>;
  // NULL until a self-registered owner opens the confirmation link; defaults to now().
  email_confirmed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  assurance_level: ColumnType<number, number | undefined, number>;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
};

export type SessionsTable = {
  id: string;
  account_id: string;
  created_at: ColumnType<Date, never, never>;
  last_seen_at: ColumnType<Date, never, Date>;
  idle_seconds: number;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  awaiting_second_factor: ColumnType<boolean, boolean | undefined, boolean>;
  second_factor_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type AuthThrottleTable = {
  scope: string;
  key_hash: string;
  window_started_at: Date;
  failures: number;
  locked_until: Date | null;
};

export type PasswordTokensTable = {
  token_hash: string;
  account_id: string;
  purpose: PasswordTokenPurpose;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
  used_at: ColumnType<Date | null, never, Date | null>;
};

export type LoginFailuresTable = {
  subject_hash: string;
  source_hash: string;
  failures: number;
  last_failed_at: Date;
  next_attempt_at: Date;
};

export type LoginLocksTable = {
  subject_hash: string;
  locked_until: Date;
  notified_at: Date | null;
};

export type EmailConfirmationsTable = {
  token_hash: string;
  account_id: string;
  email: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
  used_at: ColumnType<Date | null, never, Date | null>;
};

export type SecondFactorsTable = {
  account_id: string;
  totp_secret: string;
  confirmed_at: Date | null;
  last_used_step: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: ColumnType<Date, never, never>;
};

export type RecoveryCodesTable = {
  account_id: string;
  code_hash: string;
  created_at: ColumnType<Date, never, never>;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
};

export type OidcClientKind = 'public' | 'confidential';

export type OidcClientsTable = {
  client_id: string;
  name: string;
  kind: OidcClientKind;
  secret_sealed: string | null;
  redirect_uris: ColumnType<string[], string[], string[]>;
  post_logout_redirect_uris: ColumnType<string[], string[] | undefined, string[]>;
  scopes: ColumnType<string[], string[], string[]>;
  logo_uri: string | null;
  backchannel_logout_uri: ColumnType<string | null, string | null | undefined, string | null>;
  contact_email: string;
  agency_code: string | null;
  status: ColumnType<AccountStatus, AccountStatus | undefined, AccountStatus>;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
};

export type OidcArtifactsTable = {
  model: string;
  id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
};

export type OidcConsentsTable = {
  account_id: string;
  client_id: string;
  scopes: ColumnType<string[], string[], string[]>;
  granted_at: ColumnType<Date, never, Date>;
};

export type OidcSigningKeysTable = {
  kid: string;
  jwk_sealed: string;
  created_at: ColumnType<Date, never, never>;
  retired_at: Date | null;
};

export type NationalIdAssertionsTable = {
  assertion_id: string;
  account_id: string;
  used_at: ColumnType<Date, never, never>;
  expires_at: Date;
};

export type OidcSessionLinksTable = {
  egov_session_id: string;
  provider_session_uid: string;
  account_id: string;
  created_at: ColumnType<Date, never, never>;
};
