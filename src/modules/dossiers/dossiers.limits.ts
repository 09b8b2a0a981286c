/**
 * Every limit of the dossiers module, in one place (docs/SECURITY.md lists them).
 * The public lookup's budgets are kept in the database (dossier_lookup_budgets), so every
 * `serve` process counts against the same numbers.
 */

/** Public lookups one client address may make per window (right or wrong). IPv6 addresses count per /64. */
export const LOOKUP_PER_ADDRESS_LIMIT = 20;
export const LOOKUP_PER_ADDRESS_WINDOW_S = 10 * 60;

/** Wrong second factors one dossier code may take per window before its public lookup pauses. */
export const LOOKUP_PER_CODE_FAILURE_LIMIT = 10;
export const LOOKUP_PER_CODE_WINDOW_S = 3600;

/** Largest uploaded file. */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
