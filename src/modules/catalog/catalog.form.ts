import type { ProcedureDocument } from './catalog.schemas.ts';
import type { ValidationIssue } from './catalog.validation.ts';

/**
 * The officials' procedure form: the main fields as inputs, lists as one item per line, and
 * the cases and dossier components as JSON (checked on the server, errors naming the JSON
 * path, e.g. `cases[1].processingTime.value`).
 */
export interface ProcedureForm {
  code: string;
  name: string;
  fieldCode: string;
  fieldName: string;
  implementingLevel: string;
  applicantTypes: string[];
  competentAgency: string;
  receivingAgencies: string;
  onlineLevel: string;
  channels: string[];
  steps: string;
  results: string;
  requirements: string;
  legalBasis: string;
  cases: string;
  components: string;
}

export const FORM_TEXT_FIELDS = ['code', 'name', 'fieldCode', 'fieldName', 'implementingLevel', 'competentAgency', 'receivingAgencies', 'onlineLevel', 'steps', 'results', 'requirements', 'legalBasis', 'cases', 'components'] as const;

export const EMPTY_FORM: ProcedureForm = {
  code: '',
  name: '',
  fieldCode: '',
  fieldName: '',
  implementingLevel: 'province',
  applicantTypes: ['citizen'],
  competentAgency: '',
  receivingAgencies: '',
  onlineLevel: 'mot_phan',
  channels: ['in_person', 'online', 'postal'],
  steps: '',
  results: '',
  requirements: '',
  legalBasis: '',
  cases: JSON.stringify([{ code: '01', name: '', processingTime: { value: 5, unit: 'working_days' }, fees: [] }], null, 2),
  components: JSON.stringify([{ name: '', kind: 'original', copies: 1, requirement: 'required' }], null, 2),
};

const lines = (text: string) => text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');

export function formFromDocument(d: ProcedureDocument): ProcedureForm {
  return {
    code: d.code,
    name: d.name,
    fieldCode: d.field.code,
    fieldName: d.field.name,
    implementingLevel: d.implementingLevel,
    applicantTypes: [...d.applicantTypes],
    competentAgency: d.competentAgency,
    receivingAgencies: d.receivingAgencies.join('\n'),
    onlineLevel: d.onlineLevel ?? '',
    channels: [...d.channels],
    steps: d.steps.join('\n'),
    results: d.results.join('\n'),
    requirements: d.requirements.join('\n'),
    legalBasis: d.legalBasis.join('\n'),
    cases: JSON.stringify(d.cases, null, 2),
    components: JSON.stringify(d.components, null, 2),
  };
}

/** The form as posted (strings, or arrays for the checkboxes), with missing fields empty. */
export function formFromBody(body: Record<string, unknown>): ProcedureForm {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const list = (key: string) => {
    const value = body[key];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
  };
  return {
    code: text('code'),
    name: text('name'),
    fieldCode: text('fieldCode'),
    fieldName: text('fieldName'),
    implementingLevel: text('implementingLevel'),
    applicantTypes: list('applicantTypes'),
    competentAgency: text('competentAgency'),
    receivingAgencies: text('receivingAgencies'),
    onlineLevel: text('onlineLevel'),
    channels: list('channels'),
    steps: text('steps'),
    results: text('results'),
    requirements: text('requirements'),
    legalBasis: text('legalBasis'),
    cases: text('cases'),
    components: text('components'),
  };
}

function parseJson(text: string, path: 'cases' | 'components', issues: ValidationIssue[]): unknown {
  try {
    return JSON.parse(text || '[]');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    issues.push({ path, code: 'json_invalid', message: `is not valid JSON (${detail})`, params: { detail } });
    return undefined;
  }
}

/** The raw document the form describes, and the JSON syntax errors found on the way. */
export function documentFromForm(form: ProcedureForm): { raw: unknown; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const cases = parseJson(form.cases, 'cases', issues);
  const components = parseJson(form.components, 'components', issues);
  const raw = {
    code: form.code.trim().toUpperCase(),
    name: form.name,
    field: { code: form.fieldCode.trim().toUpperCase(), name: form.fieldName },
    implementingLevel: form.implementingLevel,
    applicantTypes: form.applicantTypes,
    competentAgency: form.competentAgency.trim().toUpperCase(),
    receivingAgencies: lines(form.receivingAgencies).map((c) => c.toUpperCase()),
    onlineLevel: form.onlineLevel,
    channels: form.channels,
    cases,
    steps: lines(form.steps),
    components,
    results: lines(form.results),
    requirements: lines(form.requirements),
    legalBasis: lines(form.legalBasis),
  };
  return { raw, issues };
}

const TOP_LEVEL: Record<string, keyof ProcedureForm> = {
  code: 'code',
  name: 'name',
  field: 'fieldCode',
  implementingLevel: 'implementingLevel',
  applicantTypes: 'applicantTypes',
  competentAgency: 'competentAgency',
  receivingAgencies: 'receivingAgencies',
  onlineLevel: 'onlineLevel',
  channels: 'channels',
  cases: 'cases',
  steps: 'steps',
  components: 'components',
  results: 'results',
  requirements: 'requirements',
  legalBasis: 'legalBasis',
};

/** The form field that shows a problem at a document path. */
export function formFieldOf(path: string): keyof ProcedureForm {
  if (path === 'field.name') return 'fieldName';
  const top = /^[A-Za-z]+/.exec(path)?.[0] ?? 'code';
  return TOP_LEVEL[top] ?? 'code';
}
