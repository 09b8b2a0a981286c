import { Compile } from 'typebox/compile';
import { isValidAgencyCode, type Agency } from '../agencies/index.ts';
import { ProcedureDocument } from './catalog.schemas.ts';
import { parseProcedureCode } from './procedure-code.ts';

/**
 * Checking a procedure document. Every problem is reported at once, each with the JSON path
 * of the value (`cases[1].processingTime.value`), a stable code the pages translate, and an
 * English message for the CLI and the API. Nothing is stored while any problem remains.
 */

export type IssueCode =
  | 'required'
  | 'too_long'
  | 'too_short'
  | 'wrong_type'
  | 'not_allowed'
  | 'out_of_range'
  | 'too_few'
  | 'too_many'
  | 'duplicate'
  | 'unknown_field'
  | 'bad_format'
  | 'code_invalid'
  | 'code_has_case'
  | 'code_changed'
  | 'agency_invalid'
  | 'agency_unknown'
  | 'online_level_missing'
  | 'online_channel_missing'
  | 'condition_missing'
  | 'case_unknown'
  | 'json_invalid'
  | 'amount_invalid'
  | 'number_invalid';

export interface ValidationIssue {
  /** JSON path of the value; empty for the document itself. */
  path: string;
  code: IssueCode;
  message: string;
  params?: Record<string, string | number>;
}

const compiled = Compile(ProcedureDocument);

/** Optional properties for which an empty value (from a form or a spreadsheet cell) means "absent". */
const OPTIONAL_WHEN_EMPTY = new Set(['condition', 'templateFile', 'onlineLevel']);

/**
 * Trims every string and drops optional properties left empty, so that a document typed in
 * a form, a spreadsheet or a JSON file is stored the same way. Does not validate.
 */
export function normaliseDocument(raw: unknown): unknown {
  const value = trimDeep(raw);
  // A component listing no case applies to every case: store it without the list.
  const components = (value as { components?: unknown } | null)?.components;
  if (Array.isArray(components)) {
    for (const component of components) {
      if (component !== null && typeof component === 'object' && Array.isArray((component as { cases?: unknown }).cases) && (component as { cases: unknown[] }).cases.length === 0) {
        delete (component as { cases?: unknown }).cases;
      }
    }
  }
  return value;
}

function trimDeep(raw: unknown): unknown {
  if (typeof raw === 'string') return raw.trim();
  if (Array.isArray(raw)) return raw.map(trimDeep);
  if (raw !== null && typeof raw === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const value = trimDeep(v);
      if (value === undefined || (OPTIONAL_WHEN_EMPTY.has(k) && (value === '' || value === null))) continue;
      out[k] = value;
    }
    return out;
  }
  return raw;
}

export function toJsonPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Schema errors, one per path (TypeBox reports the branches of a union separately). */
function schemaIssues(value: unknown): ValidationIssue[] {
  const byPath = new Map<string, ValidationIssue>();
  const add = (issue: ValidationIssue) => {
    if (!byPath.has(issue.path)) byPath.set(issue.path, issue);
  };
  for (const error of compiled.Errors(value)) {
    const path = toJsonPath(error.instancePath);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
        for (const property of (params.requiredProperties as string[] | undefined) ?? []) {
          add({ path: join(path, property), code: 'required', message: 'is required' });
        }
        break;
      case 'additionalProperties':
        for (const property of (params.additionalProperties as string[] | undefined) ?? []) {
          add({ path: join(path, property), code: 'unknown_field', message: 'is not a field of a procedure document' });
        }
        break;
      case 'boolean':
        break; // the additionalProperties entry above says it better
      case 'minLength':
        add(params.limit === 1 ? { path, code: 'required', message: 'must not be empty' } : { path, code: 'too_short', message: `must have at least ${String(params.limit)} characters`, params: { limit: Number(params.limit) } });
        break;
      case 'maxLength':
        add({ path, code: 'too_long', message: `must have at most ${String(params.limit)} characters`, params: { limit: Number(params.limit) } });
        break;
      case 'minItems':
        add({ path, code: 'too_few', message: `must have at least ${String(params.limit)} item(s)`, params: { limit: Number(params.limit) } });
        break;
      case 'maxItems':
        add({ path, code: 'too_many', message: `must have at most ${String(params.limit)} items`, params: { limit: Number(params.limit) } });
        break;
      case 'uniqueItems':
        add({ path, code: 'duplicate', message: 'must not repeat a value' });
        break;
      case 'enum': {
        const allowed = ((params.allowedValues as unknown[] | undefined) ?? []).map(String).join(', ');
        add({ path, code: 'not_allowed', message: `must be one of: ${allowed}`, params: { allowed } });
        break;
      }
      case 'pattern':
        add({ path, code: 'bad_format', message: 'has the wrong format' });
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        add({ path, code: 'out_of_range', message: `must be ${String(params.comparison ?? '')} ${String(params.limit ?? '')}`.replace(/\s+/g, ' ').trim(), params: { comparison: String(params.comparison ?? ''), limit: Number(params.limit) } });
        break;
      case 'type':
        add({ path, code: 'wrong_type', message: `must be ${String(params.type)}`, params: { type: String(params.type) } });
        break;
      default:
        add({ path, code: 'bad_format', message: error.message });
    }
  }
  return [...byPath.values()];
}

/** Rules between fields that a schema cannot say. Runs only on a document of the right shape. */
function ruleIssues(doc: ProcedureDocument): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const parsed = parseProcedureCode(doc.code);
  if (!parsed) issues.push({ path: 'code', code: 'code_invalid', message: 'must be d.dddddd, or d.dddddd followed by an agency code (1.001193.000.00.00.H49)' });
  else if (parsed.caseSuffix !== null || parsed.code !== doc.code) {
    issues.push({ path: 'code', code: 'code_has_case', message: 'names a case (two-digit suffix): give the procedure code and put the case in cases' });
  }
  if (!isValidAgencyCode(doc.competentAgency)) issues.push({ path: 'competentAgency', code: 'agency_invalid', message: 'is not a valid agency code (QĐ 20/2020)' });
  doc.receivingAgencies.forEach((code, i) => {
    if (!isValidAgencyCode(code)) issues.push({ path: `receivingAgencies[${i}]`, code: 'agency_invalid', message: 'is not a valid agency code (QĐ 20/2020)' });
  });
  const online = doc.channels.includes('online');
  if (online && !doc.onlineLevel) issues.push({ path: 'onlineLevel', code: 'online_level_missing', message: 'is required when the procedure is offered online (toan_trinh or mot_phan)' });
  if (!online && doc.onlineLevel) issues.push({ path: 'channels', code: 'online_channel_missing', message: 'must include online when an online level is given' });
  const caseCodes = new Set<string>();
  doc.cases.forEach((c, i) => {
    if (caseCodes.has(c.code)) issues.push({ path: `cases[${i}].code`, code: 'duplicate', message: `repeats case ${c.code}` });
    caseCodes.add(c.code);
  });
  doc.components.forEach((component, i) => {
    if (component.requirement === 'conditional' && !component.condition) {
      issues.push({ path: `components[${i}].condition`, code: 'condition_missing', message: 'is required for a conditional component' });
    }
    (component.cases ?? []).forEach((code, j) => {
      if (!caseCodes.has(code)) issues.push({ path: `components[${i}].cases[${j}]`, code: 'case_unknown', message: `names case ${code}, which the procedure does not have` });
    });
  });
  return issues;
}

/** Normalises and checks a document's shape and rules (no database). */
export function checkDocument(raw: unknown): { document: ProcedureDocument; issues: [] } | { document: undefined; issues: ValidationIssue[] } {
  const value = normaliseDocument(raw);
  const shape = schemaIssues(value);
  if (shape.length > 0) return { document: undefined, issues: shape };
  const document = value as ProcedureDocument;
  const rules = ruleIssues(document);
  return rules.length > 0 ? { document: undefined, issues: rules } : { document, issues: [] };
}

export type AgencyLookup = (code: string) => Promise<Agency | undefined>;

/** Memoises directory lookups for one operation (an import names the same agencies thousands of times). */
export function memoLookup(find: AgencyLookup): AgencyLookup {
  const cache = new Map<string, Promise<Agency | undefined>>();
  return (code) => {
    let hit = cache.get(code);
    if (!hit) {
      hit = find(code);
      cache.set(code, hit);
    }
    return hit;
  };
}

/** The agencies a document names must be in the directory. */
export async function checkAgencies(doc: ProcedureDocument, lookup: AgencyLookup): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  const unknown = (path: string, code: string) => issues.push({ path, code: 'agency_unknown', message: `names agency ${code}, which is not in the directory`, params: { agency: code } });
  const variant = parseProcedureCode(doc.code)?.agencyCode;
  if (variant && !(await lookup(variant))) unknown('code', variant);
  if (!(await lookup(doc.competentAgency))) unknown('competentAgency', doc.competentAgency);
  for (const [i, code] of doc.receivingAgencies.entries()) {
    if (!(await lookup(code))) unknown(`receivingAgencies[${i}]`, code);
  }
  return issues;
}

/**
 * The document with its properties in the schema's order (jsonb stores keys sorted by length),
 * for exports and the API: a person reading the JSON sees code and name first.
 */
export function orderDocument(doc: ProcedureDocument): ProcedureDocument {
  return {
    code: doc.code,
    name: doc.name,
    field: { code: doc.field.code, name: doc.field.name },
    implementingLevel: doc.implementingLevel,
    applicantTypes: doc.applicantTypes,
    competentAgency: doc.competentAgency,
    receivingAgencies: doc.receivingAgencies,
    ...(doc.onlineLevel ? { onlineLevel: doc.onlineLevel } : {}),
    channels: doc.channels,
    cases: doc.cases.map((c) => ({
      code: c.code,
      name: c.name,
      processingTime: { value: c.processingTime.value, unit: c.processingTime.unit },
      fees: c.fees.map((f) => ({ name: f.name, amountVnd: f.amountVnd })),
      ...(c.minAssuranceLevel !== undefined && c.minAssuranceLevel > 1 ? { minAssuranceLevel: c.minAssuranceLevel } : {}),
    })),
    steps: doc.steps,
    components: doc.components.map((c) => ({
      name: c.name,
      kind: c.kind,
      copies: c.copies,
      requirement: c.requirement,
      ...(c.condition ? { condition: c.condition } : {}),
      ...(c.templateFile ? { templateFile: c.templateFile } : {}),
      ...(c.cases ? { cases: c.cases } : {}),
    })),
    results: doc.results,
    requirements: doc.requirements,
    legalBasis: doc.legalBasis,
  };
}
