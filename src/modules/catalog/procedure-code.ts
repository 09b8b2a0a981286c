import { isValidAgencyCode } from '../agencies/index.ts';

/**
 * Procedure codes of the national database (CSDL quốc gia về TTHC): `d.dddddd`
 * (`1.001193`). An agency that publishes its own variant of a procedure appends its QĐ 20
 * code (`1.011442.000.00.00.H38`), and a case (trường hợp) of a procedure appends a
 * two-digit suffix (`1.001193.02`, `1.011442.000.00.00.H38.02`). A catalogue row is a base
 * code or a variant; case suffixes only name cases inside a document.
 */

export const PROCEDURE_CODE_MAX_LENGTH = 60;
const BASE = /^\d\.\d{6}$/;
const CASE_SUFFIX = /^\d{2}$/;

export interface ParsedProcedureCode {
  /** Base or variant code, without a case suffix: the catalogue key. */
  code: string;
  baseCode: string;
  /** The publishing agency of a variant; null for a base code. */
  agencyCode: string | null;
  /** `02` in `1.001193.02`; null when the code names the whole procedure. */
  caseSuffix: string | null;
}

/** Parses a base, variant or case code; undefined when it is none of them. */
export function parseProcedureCode(input: string): ParsedProcedureCode | undefined {
  if (input.length === 0 || input.length > PROCEDURE_CODE_MAX_LENGTH + 3) return undefined;
  const groups = input.split('.');
  const baseCode = groups.slice(0, 2).join('.');
  if (!BASE.test(baseCode)) return undefined;
  const rest = groups.slice(2);
  let caseSuffix: string | null = null;
  // An agency code always ends with its level-1 group (H49), so a trailing pair of digits
  // can only be a case suffix.
  if (rest.length > 0 && CASE_SUFFIX.test(rest.at(-1) ?? '')) caseSuffix = rest.pop() ?? null;
  let agencyCode: string | null = null;
  if (rest.length > 0) {
    agencyCode = rest.join('.');
    if (!isValidAgencyCode(agencyCode)) return undefined;
  }
  const code = agencyCode ? `${baseCode}.${agencyCode}` : baseCode;
  if (code.length > PROCEDURE_CODE_MAX_LENGTH) return undefined;
  return { code, baseCode, agencyCode, caseSuffix };
}

/** True for a code a catalogue row may have: a base or variant code, no case suffix. */
export function isCatalogueCode(input: string): boolean {
  const parsed = parseProcedureCode(input);
  return parsed !== undefined && parsed.caseSuffix === null;
}

/** `1.001193.02` for case `02` of `1.001193`. */
export function caseCode(procedureCode: string, suffix: string): string {
  return `${procedureCode}.${suffix}`;
}
