import type { ProcedureDocument } from './catalog.schemas.ts';
import type { ValidationIssue } from './catalog.validation.ts';

/**
 * The officials' procedure form: the main fields as inputs, lists as one item per line, and
 * the cases (with their fees) and dossier components as rows of ordinary fields — added and
 * removed with buttons that work without JavaScript. Field names carry the row: `cases.0.fees.1.amount`.
 * Numbers are read here (an amount may be written 650.000 or 650 000); what cannot be read
 * is reported against its field, never as a parser error.
 */
export interface FeeForm {
  name: string;
  amount: string;
}

export interface CaseForm {
  code: string;
  name: string;
  timeValue: string;
  timeUnit: string;
  /** '' (any account), '2' or '3': the assurance level the applicant's account needs. */
  minAssurance: string;
  fees: FeeForm[];
}

export interface ComponentForm {
  name: string;
  kind: string;
  copies: string;
  requirement: string;
  condition: string;
  templateFile: string;
  /** Case codes it applies to, as typed ("01, 02"); empty: every case. */
  cases: string;
}

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
  cases: CaseForm[];
  components: ComponentForm[];
}

/** Most rows a form may post (the document's own limits are checked afterwards). */
export const FORM_MAX_CASES = 50;
export const FORM_MAX_FEES = 20;
export const FORM_MAX_COMPONENTS = 100;

export const emptyFee = (): FeeForm => ({ name: '', amount: '' });
export const emptyCase = (code = '01'): CaseForm => ({ code, name: '', timeValue: '', timeUnit: 'working_days', minAssurance: '', fees: [] });
export const emptyComponent = (): ComponentForm => ({ name: '', kind: 'original', copies: '1', requirement: 'required', condition: '', templateFile: '', cases: '' });

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
  cases: [{ ...emptyCase(), timeValue: '5' }],
  components: [emptyComponent()],
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
    cases: d.cases.map((c) => ({
      code: c.code,
      name: c.name,
      timeValue: String(c.processingTime.value),
      timeUnit: c.processingTime.unit,
      minAssurance: c.minAssuranceLevel && c.minAssuranceLevel > 1 ? String(c.minAssuranceLevel) : '',
      fees: c.fees.map((f) => ({ name: f.name, amount: String(f.amountVnd) })),
    })),
    components: d.components.map((c) => ({
      name: c.name,
      kind: c.kind,
      copies: String(c.copies),
      requirement: c.requirement,
      condition: c.condition ?? '',
      templateFile: c.templateFile ?? '',
      cases: (c.cases ?? []).join(', '),
    })),
  };
}

/** The indexes of rows posted under `prefix` (`cases.3.name` → 3), in order, at most `max`. */
function rowIndexes(body: Record<string, unknown>, pattern: RegExp, max: number): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(body)) {
    const m = pattern.exec(key);
    if (m) found.add(Number(m[1]));
  }
  return [...found].filter((n) => Number.isSafeInteger(n)).sort((a, b) => a - b).slice(0, max);
}

/** The form as posted (strings, or arrays for the checkboxes), with missing fields empty. */
export function formFromBody(body: Record<string, unknown>): ProcedureForm {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const list = (key: string) => {
    const value = body[key];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
  };
  const cases = rowIndexes(body, /^cases\.(\d{1,3})\.(?:code|name|timeValue|timeUnit|minAssurance)$/, FORM_MAX_CASES).map((i) => ({
    code: text(`cases.${i}.code`),
    name: text(`cases.${i}.name`),
    timeValue: text(`cases.${i}.timeValue`),
    timeUnit: text(`cases.${i}.timeUnit`),
    minAssurance: text(`cases.${i}.minAssurance`),
    fees: rowIndexes(body, new RegExp(`^cases\\.${i}\\.fees\\.(\\d{1,3})\\.(?:name|amount)$`), FORM_MAX_FEES).map((j) => ({
      name: text(`cases.${i}.fees.${j}.name`),
      amount: text(`cases.${i}.fees.${j}.amount`),
    })),
  }));
  const components = rowIndexes(body, /^components\.(\d{1,3})\.(?:name|kind|copies|requirement)$/, FORM_MAX_COMPONENTS).map((i) => ({
    name: text(`components.${i}.name`),
    kind: text(`components.${i}.kind`),
    copies: text(`components.${i}.copies`),
    requirement: text(`components.${i}.requirement`),
    condition: text(`components.${i}.condition`),
    templateFile: text(`components.${i}.templateFile`),
    cases: text(`components.${i}.cases`),
  }));
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
    cases,
    components,
  };
}

/**
 * A row button pressed instead of saving: add or remove a case, a fee of a case, or a
 * component. Returns the form with the change, or undefined for an action it does not know.
 */
export function applyRowAction(form: ProcedureForm, action: string): ProcedureForm | undefined {
  const [verb, a, b] = action.split('.');
  const i = Number(a);
  const j = Number(b);
  const cases = form.cases.map((c) => ({ ...c, fees: [...c.fees] }));
  const components = [...form.components];
  switch (verb) {
    case 'addCase': {
      if (cases.length >= FORM_MAX_CASES) return form;
      const used = new Set(cases.map((c) => c.code));
      let n = cases.length + 1;
      while (used.has(String(n).padStart(2, '0')) && n < 99) n += 1;
      cases.push(emptyCase(String(n).padStart(2, '0')));
      break;
    }
    case 'removeCase':
      if (!(i >= 0 && i < cases.length)) return undefined;
      cases.splice(i, 1);
      break;
    case 'addFee':
      if (!(i >= 0 && i < cases.length)) return undefined;
      if ((cases[i]?.fees.length ?? 0) < FORM_MAX_FEES) cases[i]?.fees.push(emptyFee());
      break;
    case 'removeFee':
      if (!(i >= 0 && i < cases.length && j >= 0 && j < (cases[i]?.fees.length ?? 0))) return undefined;
      cases[i]?.fees.splice(j, 1);
      break;
    case 'addComponent':
      if (components.length < FORM_MAX_COMPONENTS) components.push(emptyComponent());
      break;
    case 'removeComponent':
      if (!(i >= 0 && i < components.length)) return undefined;
      components.splice(i, 1);
      break;
    default:
      return undefined;
  }
  return { ...form, cases, components };
}

/** A whole number of đồng as people write it: 650000, 650.000, 650,000 or 650 000. */
export function readAmount(text: string): number | undefined {
  const t = text.trim().replace(/\s*(?:₫|đ|đồng|VND)$/i, '');
  if (/^\d{1,13}$/.test(t)) return Number(t);
  if (/^\d{1,3}(?:[., \u00a0]\d{3})+$/.test(t)) return Number(t.replace(/[., \u00a0]/g, ''));
  return undefined;
}

/** A positive number of days or hours: 5, 1,5 or 1.5. */
function readNumber(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  return /^\d{1,5}(?:\.\d{1,2})?$/.test(t) ? Number(t) : undefined;
}

/**
 * The raw document the form describes, and the numbers that could not be read (each at its
 * document path: `cases[0].fees[1].amountVnd`). A number that cannot be read stands as 1 in
 * the raw document, so that the document's other rules are still checked and every problem is
 * shown at once; a form with such an issue is never saved.
 */
export function documentFromForm(form: ProcedureForm): { raw: unknown; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const UNREAD = 1;
  const number = (text: string, path: string, read: (t: string) => number | undefined, code: 'amount_invalid' | 'number_invalid'): number => {
    if (text.trim() === '') {
      issues.push({ path, code: 'required', message: 'is required' });
      return UNREAD;
    }
    const value = read(text);
    if (value === undefined) issues.push({ path, code, message: code === 'amount_invalid' ? 'write the amount in digits' : 'write a number' });
    return value ?? UNREAD;
  };
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
    cases: form.cases.map((c, i) => ({
      code: c.code.trim(),
      name: c.name,
      processingTime: { value: number(c.timeValue, `cases[${i}].processingTime.value`, readNumber, 'number_invalid'), unit: c.timeUnit },
      // Level 1 is every account: stored as no requirement.
      ...(c.minAssurance.trim() !== '' && c.minAssurance.trim() !== '1' ? { minAssuranceLevel: /^\d$/.test(c.minAssurance.trim()) ? Number(c.minAssurance.trim()) : c.minAssurance } : {}),
      fees: c.fees.map((f, j) => ({ name: f.name, amountVnd: number(f.amount, `cases[${i}].fees[${j}].amountVnd`, readAmount, 'amount_invalid') })),
    })),
    steps: lines(form.steps),
    components: form.components.map((c, i) => ({
      name: c.name,
      kind: c.kind,
      copies: number(c.copies, `components[${i}].copies`, (t) => (/^\d{1,2}$/.test(t.trim()) ? Number(t.trim()) : undefined), 'number_invalid'),
      requirement: c.requirement,
      condition: c.condition,
      templateFile: c.templateFile,
      cases: c.cases.split(/[\s,;]+/).filter((s) => s !== ''),
    })),
    results: lines(form.results),
    requirements: lines(form.requirements),
    legalBasis: lines(form.legalBasis),
  };
  return { raw, issues };
}

const TOP_LEVEL: Record<string, string> = { field: 'fieldCode' };
const CASE_FIELDS: Record<string, string> = { 'processingTime.value': 'timeValue', 'processingTime.unit': 'timeUnit', processingTime: 'timeValue', minAssuranceLevel: 'minAssurance' };

/**
 * The form field that shows a problem at a document path: `cases[0].fees[1].amountVnd` is
 * `cases.0.fees.1.amount`, `components[2].copies` is `components.2.copies`; a problem of a
 * whole list (`cases`, `cases[0].fees`) is shown at its first field or its add button.
 */
export function formFieldOf(path: string): string {
  if (path === 'field.name') return 'fieldName';
  let m = /^cases\[(\d+)\]\.fees\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) return `cases.${m[1]}.fees.${m[2]}.${m[3] === 'amountVnd' ? 'amount' : 'name'}`;
  m = /^cases\[(\d+)\]\.fees/.exec(path);
  if (m) return `cases.${m[1]}.name`;
  m = /^cases\[(\d+)\](?:\.([\w.]+))?/.exec(path);
  if (m) return `cases.${m[1]}.${CASE_FIELDS[m[2] ?? ''] ?? (m[2] === 'code' ? 'code' : 'name')}`;
  m = /^components\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) return `components.${m[1]}.${m[2] && m[2] !== '' ? m[2] : 'name'}`;
  if (path.startsWith('cases')) return 'cases.0.name';
  if (path.startsWith('components')) return 'components.0.name';
  const top = /^[A-Za-z]+/.exec(path)?.[0] ?? 'code';
  return TOP_LEVEL[top] ?? top;
}
