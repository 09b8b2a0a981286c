import type { WorkingCalendar } from '../../platform/calendar/index.ts';
import type { TaskRow } from './tasks.repository.ts';
import { OPEN_STATUSES, overdueWorkingDays, type DeadlineKind, type Evaluation, type Period, type Priority, type SourceKind, type TaskStatus } from './tasks.rules.ts';

/** A task as pages, the API and other modules see it. */
export interface TaskView {
  id: number;
  sourceKind: SourceKind;
  sourceRef: string;
  sourceTitle: string;
  cabinetItemId: number | null;
  cabinetSessionId: number | null;
  content: string;
  leadAgencyCode: string;
  coordinatingAgencies: string[];
  deadlineKind: DeadlineKind;
  deadline: string | null;
  period: Period | null;
  periodDay: number | null;
  periodicUntil: string | null;
  currentPeriod: string | null;
  dueOn: string | null;
  expectedProduct: string;
  priority: Priority;
  status: TaskStatus;
  progressPercent: number;
  completedOn: string | null;
  productDocumentId: string | null;
  productFileName: string | null;
  productFileSha256: string | null;
  productNote: string | null;
  evaluation: Evaluation | null;
  assignedOn: string;
  /** Open and past its due day; by how many working days. */
  overdue: boolean;
  overdueWorkingDays: number;
}

export function presentTask(row: TaskRow, calendar: WorkingCalendar, today: string): TaskView {
  const open = OPEN_STATUSES.includes(row.status);
  const late = open ? overdueWorkingDays(calendar, row.due_on, today) : { overdue: false, workingDays: 0 };
  return {
    id: row.id,
    sourceKind: row.source_kind,
    sourceRef: row.source_ref,
    sourceTitle: row.source_title,
    cabinetItemId: row.cabinet_item_id,
    cabinetSessionId: row.cabinet_session_id,
    content: row.content,
    leadAgencyCode: row.lead_agency_code,
    coordinatingAgencies: row.coordinating_agencies,
    deadlineKind: row.deadline_kind,
    deadline: row.deadline,
    period: row.period,
    periodDay: row.period_day,
    periodicUntil: row.periodic_until,
    currentPeriod: row.current_period,
    dueOn: row.due_on,
    expectedProduct: row.expected_product,
    priority: row.priority,
    status: row.status,
    progressPercent: row.progress_percent,
    completedOn: row.completed_on,
    productDocumentId: row.product_document_id,
    productFileName: row.product_file_name,
    productFileSha256: row.product_file_sha256,
    productNote: row.product_note,
    evaluation: row.evaluation,
    assignedOn: row.assigned_on,
    overdue: late.overdue,
    overdueWorkingDays: late.workingDays,
  };
}
