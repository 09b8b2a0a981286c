import type { ColumnType, Generated, GeneratedAlways, Kysely } from 'kysely';
import type { Db, Executor } from '../../platform/db/index.ts';
import type { WorkflowStep } from './backoffice.workflow.ts';

type Json<T> = ColumnType<T, string, string>;

/** The back office's tables, as Kysely sees them (migrations/). */
export type BackofficeTables = {
  backoffice_workflows: {
    procedure_code: string;
    case_code: string;
    steps: Json<WorkflowStep[]>;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
  backoffice_cases: {
    dossier_code: string;
    steps: Json<WorkflowStep[]>;
    step_index: Generated<number>;
    step_started_at: Generated<Date>;
    assignee_id: string | null;
    assignee_name: string | null;
    clock_from: Date | null;
    gaps: ColumnType<string[] | null, string | null, string | null>;
    updated_at: Generated<Date>;
    holder_unit: string | null;
    holder_role: string | null;
  };
  backoffice_documents: {
    id: GeneratedAlways<number>;
    dossier_code: string;
    kind: '01' | '02' | '03' | '04' | 'result';
    data: Json<Record<string, unknown>>;
    sha256: string | null;
    verify_token: string | null;
    issuer_agency: string;
    issuer_name: string;
    issued_at: Generated<Date>;
  };
  backoffice_handoffs: {
    id: GeneratedAlways<number>;
    dossier_code: string;
    receiving_unit: string;
    from_unit: string;
    to_unit: string;
    step_index: number;
    sent_at: Date;
    sent_by: string | null;
    due_at: Date | null;
    returned_at: Date | null;
  };
};

export function tables(ex: Executor): Kysely<BackofficeTables> {
  return (ex as Db).withTables<BackofficeTables>();
}
