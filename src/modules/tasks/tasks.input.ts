import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import { isValidAgencyCode, level1Of } from '../agencies/index.ts';
import type { NewTaskRow } from './tasks.repository.ts';
import { DEADLINE_KINDS, effectiveDue, firstPeriod, PERIODS, PRIORITIES, SOURCE_KINDS, type DeadlineKind, type Period, type Priority, type SourceKind } from './tasks.rules.ts';

/** A task as someone assigns it (a form, an import row, a cabinet conclusion). Strings as typed. */
export interface NewTaskInput {
  sourceKind?: string | undefined;
  sourceRef?: string | undefined;
  sourceTitle?: string | undefined;
  content?: string | undefined;
  leadAgencyCode?: string | undefined;
  /** Codes separated by commas, semicolons or spaces, or a list. */
  coordinatingAgencies?: string | readonly string[] | undefined;
  deadlineKind?: string | undefined;
  deadline?: string | undefined;
  period?: string | undefined;
  periodDay?: string | number | undefined;
  periodicUntil?: string | undefined;
  expectedProduct?: string | undefined;
  priority?: string | undefined;
}

export const CONTENT_MAX = 4000;
export const NOTE_MAX = 4000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** QCVN 102:2016 DocumentId: `<issuer OrganId>,<yyyy/MM/dd>,<number/notation>`. */
const DOCUMENT_ID = /^[A-Z0-9.]{3,35},\d{4}\/\d{2}\/\d{2},[^,\s][^,]{0,99}$/;

export const clean = (text: string | undefined | null) => (typeof text === 'string' ? text.replace(/\r\n/g, '\n').trim() : '');

export function isIsoDay(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

export function isDocumentId(value: string): boolean {
  return DOCUMENT_ID.test(value);
}

/** The issuer's agency code of a DocumentId. */
export const documentIssuer = (documentId: string) => documentId.split(',')[0] ?? '';

function agencyList(value: NewTaskInput['coordinatingAgencies']): string[] {
  const list = typeof value === 'string' ? value.split(/[\s,;]+/) : [...(value ?? [])];
  return [...new Set(list.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
}

/**
 * Checks a new task and computes its deadlines on the working calendar; problems are named by
 * field (with `prefix`, e.g. a spreadsheet cell's row). Returns undefined when anything is wrong.
 */
export function readNewTask(input: NewTaskInput, calendar: WorkingCalendar, assignedOn: string, problems: FieldError[], prefix = '', options: { allowPastDeadline?: boolean } = {}): Omit<NewTaskRow, 'cabinet_item_id' | 'cabinet_session_id' | 'source_ordinal'> | undefined {
  const before = problems.length;
  const field = (name: string) => `${prefix}${name}`;
  const sourceKind = clean(input.sourceKind) as SourceKind;
  if (!SOURCE_KINDS.includes(sourceKind)) problems.push({ field: field('sourceKind'), message: 'tasks.invalid_choice' });
  const sourceRef = clean(input.sourceRef);
  if (sourceRef === '') problems.push({ field: field('sourceRef'), message: 'tasks.required' });
  else if (sourceKind !== 'cabinet_conclusion' && !isDocumentId(sourceRef)) problems.push({ field: field('sourceRef'), message: 'tasks.invalid_document_id' });
  const content = clean(input.content);
  if (content === '') problems.push({ field: field('content'), message: 'tasks.required' });
  else if (content.length > CONTENT_MAX) problems.push({ field: field('content'), message: 'tasks.too_long' });
  const lead = clean(input.leadAgencyCode).toUpperCase();
  if (!isValidAgencyCode(lead)) problems.push({ field: field('leadAgencyCode'), message: 'tasks.invalid_agency' });
  const coordinating = agencyList(input.coordinatingAgencies);
  if (coordinating.some((c) => !isValidAgencyCode(c))) problems.push({ field: field('coordinatingAgencies'), message: 'tasks.invalid_agency' });
  const kind = (clean(input.deadlineKind) || 'date') as DeadlineKind;
  if (!DEADLINE_KINDS.includes(kind)) problems.push({ field: field('deadlineKind'), message: 'tasks.invalid_choice' });
  const priority = (clean(input.priority) || 'normal') as Priority;
  if (!PRIORITIES.includes(priority)) problems.push({ field: field('priority'), message: 'tasks.invalid_choice' });
  const expectedProduct = clean(input.expectedProduct);
  if (expectedProduct.length > 1000) problems.push({ field: field('expectedProduct'), message: 'tasks.too_long' });

  let deadline: string | null = null;
  let period: Period | null = null;
  let periodDay: number | null = null;
  let until: string | null = null;
  let currentPeriod: string | null = null;
  let dueOn: string | null = null;
  if (kind === 'date') {
    deadline = clean(input.deadline);
    if (!isIsoDay(deadline)) problems.push({ field: field('deadline'), message: 'tasks.invalid_date' });
    else if (deadline < assignedOn && !options.allowPastDeadline) problems.push({ field: field('deadline'), message: 'tasks.deadline_past' });
    else dueOn = effectiveDue(calendar, deadline);
  } else if (kind === 'periodic') {
    period = clean(input.period) as Period;
    if (!PERIODS.includes(period)) problems.push({ field: field('period'), message: 'tasks.invalid_choice' });
    periodDay = Number(typeof input.periodDay === 'number' ? input.periodDay : clean(input.periodDay) || '0');
    if (!Number.isInteger(periodDay) || periodDay < 1 || periodDay > 31) problems.push({ field: field('periodDay'), message: 'tasks.invalid_period_day' });
    until = clean(input.periodicUntil) || null;
    if (until !== null && !isIsoDay(until)) problems.push({ field: field('periodicUntil'), message: 'tasks.invalid_date' });
    if (problems.length === before) {
      const first = firstPeriod(period, periodDay, assignedOn);
      if (until !== null && first.deadline > until) problems.push({ field: field('periodicUntil'), message: 'tasks.deadline_past' });
      currentPeriod = first.key;
      dueOn = effectiveDue(calendar, first.deadline);
    }
  }
  if (problems.length > before) return undefined;
  const leadLevel1 = level1Of(lead) ?? lead;
  return {
    source_kind: sourceKind,
    source_ref: sourceRef,
    source_title: clean(input.sourceTitle).slice(0, 500),
    content,
    lead_agency_code: lead,
    lead_level1: leadLevel1,
    coordinating_agencies: coordinating.filter((c) => c !== lead),
    coordinating_level1: [...new Set(coordinating.filter((c) => c !== lead).map((c) => level1Of(c) ?? c))],
    deadline_kind: kind,
    deadline,
    period,
    period_day: periodDay,
    periodic_until: until,
    current_period: currentPeriod,
    due_on: dueOn,
    expected_product: expectedProduct,
    priority,
    assigned_on: assignedOn,
  };
}
