import { DomainError, conflict, forbidden, invalid, notFound } from '../../platform/errors/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { catalogMessages } from './catalog.messages.ts';
import type { ValidationIssue } from './catalog.validation.ts';

/**
 * Every error code this module raises, in one place. Codes are `catalog.<name>` and stable:
 * API clients branch on them (src/app/error-codes.test.ts).
 */
export const CatalogErrors = {
  unauthenticated: () => new DomainError('catalog.unauthenticated', 'unauthenticated', 'Sign in to continue'),
  forbidden: () => forbidden('catalog.forbidden', 'You may not manage this procedure'),
  procedureNotFound: (code: string) => notFound('catalog.procedure_not_found', `No procedure with code ${code}`),
  versionNotFound: (id: number | string) => notFound('catalog.procedure_version_not_found', `No published procedure version ${id}`),
  templateNotNamed: (file: string) => invalid('catalog.template_not_named', `No document of the procedure names the template ${file}`),
  templateMissing: () => invalid('catalog.template_missing', 'Choose the template file to upload'),
  templateTooLarge: (max: number) => invalid('catalog.template_too_large', `A template file is at most ${Math.round(max / 1024 / 1024)} MB`),
  templateTypeMismatch: (file: string) => invalid('catalog.template_type_mismatch', `The file is not a ${file.split('.').pop()} document (or it holds macros)`),
  templateNotFound: (file: string) => notFound('catalog.template_not_found', `No template file ${file} for this procedure`),
  rowActionInvalid: () => invalid('catalog.row_action_invalid', 'That row is no longer in the form; reload the page'),
  procedureExists: (code: string) => conflict('catalog.procedure_exists', `A procedure with code ${code} already exists`),
  documentInvalid: (issues: ValidationIssue[]) =>
    new DomainError('catalog.procedure_invalid', 'invalid', `The procedure has ${issues.length} problem(s): ${issues.map((i) => `${i.path || '(document)'} ${i.message}`).join('; ')}`, {
      fields: issues.map((i) => ({ field: i.path, message: i.message })),
      details: { issues },
    }),
  nothingToPublish: (code: string) => conflict('catalog.nothing_to_publish', `Procedure ${code} has no draft to publish and is not withdrawn`),
  notPublished: (code: string) => conflict('catalog.procedure_not_published', `Procedure ${code} is not published`),
  concurrentEdit: (code: string) => conflict('catalog.procedure_edited_concurrently', `Procedure ${code} changed while it was being published; try again`),
  importInvalid: (message: string) => invalid('catalog.import_invalid', message),
  /** A file over a limit of the Excel import (see EXCEL_IMPORT_LIMITS), refused before it is read further. */
  importTooLarge: (limit: ImportLimitName, max: number, part?: string) =>
    new DomainError('catalog.import_too_large', 'invalid', importTooLargeText('en', { limit, max, part }), { details: { limit, max, ...(part === undefined ? {} : { part }) } }),
} as const;


export type ImportLimitName = 'entries' | 'uncompressed_bytes' | 'part_bytes' | 'compression_ratio' | 'shared_strings' | 'rows' | 'cells_per_row';

/** The message of an `catalog.import_too_large` error in the reader's language. */
export function importTooLargeText(locale: Locale, details: { limit: ImportLimitName; max: number; part?: string | undefined }): string {
  const bytes = details.limit === 'uncompressed_bytes' || details.limit === 'part_bytes';
  const max = bytes ? `${Math.round(details.max / (1024 * 1024))} MB` : details.max.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB');
  return catalogMessages.t(locale, `importTooLarge_${details.limit}`, { max, part: details.part ?? '' });
}
