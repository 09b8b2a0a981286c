import { DomainError, invalid } from '../../platform/errors/index.ts';

/**
 * Every error code of the status sync hub: `statussync.<name>`. The REST API answers them as
 * usual (status from the kind); the legacy DVCQG contract answers HTTP 200 with the
 * `error_code` of statussync.legacy-answers.ts and a Vietnamese message.
 */
export const SyncErrors = {
  sessionInvalid: () => new DomainError('statussync.session_invalid', 'unauthenticated', 'The session is unknown, expired or revoked: log in again'),
  loginFailed: () => new DomainError('statussync.login_failed', 'unauthenticated', 'Wrong client id or secret'),
  loginThrottled: (minutes: number) => new DomainError('statussync.login_throttled', 'throttled', `Too many failed logins; try again in ${minutes} minutes`, { details: { minutes } }),
  agencyMissing: () => invalid('statussync.agency_missing', 'madonvi (MaDinhDanhDV) is required', [{ field: 'madonvi', message: 'required' }]),
  agencyForbidden: (agency: string) => new DomainError('statussync.agency_forbidden', 'forbidden', `This client may not write for ${agency}: only its own agency and the units below it`, { details: { agency } }),
  serviceUnknown: (service: string) => new DomainError('statussync.service_unknown', 'invalid', `Unknown service ${service}`, { details: { service } }),
  dataInvalid: (message: string) => invalid('statussync.data_invalid', message),
  tooManyItems: (max: number) => new DomainError('statussync.too_many_items', 'invalid', `At most ${max} items a call`, { fields: [{ field: 'data', message: `at most ${max}` }], details: { max } }),
  isUpdatingInvalid: () => invalid('statussync.is_updating_invalid', 'isUpdating must be "True" or "False"', [{ field: 'isUpdating', message: 'True or False' }]),
} as const;
