/**
 * Every limit of the dossiers module, in one place (docs/SECURITY.md lists them).
 * The public lookup's budgets and the accounts' daily upload bytes are kept in the
 * database, so every `serve` process counts against the same numbers.
 */

/** Public lookups one client address may make per window (right or wrong). IPv6 addresses count per /64. */
export const LOOKUP_PER_ADDRESS_LIMIT = 20;
export const LOOKUP_PER_ADDRESS_WINDOW_S = 10 * 60;

/** Wrong second factors one dossier code may take per window before its public lookup pauses. */
export const LOOKUP_PER_CODE_FAILURE_LIMIT = 10;
export const LOOKUP_PER_CODE_WINDOW_S = 3600;

const MB = 1024 * 1024;

/** Uploads of applicants' documents. */
export interface UploadLimits {
  /** Largest file. */
  fileBytes: number;
  /** All files of one draft, or of one dossier filed through the JSON API. */
  draftBytes: number;
  /** Bytes of files one account may store per day (Vietnam time): accepted files, replaced ones included. */
  accountBytesPerDay: number;
  /** Bytes one upload request may send, stored or not: reading stops there. */
  requestBytes: number;
}

export const UPLOAD_LIMITS: UploadLimits = {
  fileBytes: 10 * MB,
  draftBytes: 50 * MB,
  accountBytesPerDay: 200 * MB,
  requestBytes: 60 * MB,
};

/**
 * Files per dossier component: one (the page replaces it; the JSON API refuses a second).
 * A multi-page document is one PDF.
 */
export const UPLOAD_FILES_PER_COMPONENT = 1;

/** File parts one multipart request may carry: the catalogue allows 100 components a procedure. */
export const UPLOAD_MAX_FILE_PARTS = 100;

/** Largest uploaded file (the default of UPLOAD_LIMITS). */
export const UPLOAD_MAX_BYTES = UPLOAD_LIMITS.fileBytes;
