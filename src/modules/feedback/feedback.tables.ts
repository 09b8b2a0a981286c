import type { Generated, GeneratedAlways, Kysely } from 'kysely';
import type { Db, Executor } from '../../platform/db/index.ts';

/** The feedback module's tables, as Kysely sees them (migrations/). */
export type FeedbackTables = {
  feedback_items: FeedbackItemsTable;
  feedback_events: FeedbackEventsTable;
  satisfaction_ratings: SatisfactionRatingsTable;
};

export type FeedbackKind = 'feedback' | 'petition';
export type FeedbackStatus = 'received' | 'accepted' | 'answered' | 'rejected';

export type FeedbackItemsTable = {
  id: GeneratedAlways<number>;
  kind: FeedbackKind;
  category: string;
  title: string;
  content: string;
  submitter_account_id: string;
  submitter_kind: 'citizen' | 'business';
  submitter_name: string;
  dossier_code: string | null;
  procedure_code: string | null;
  agency_code: string;
  status: FeedbackStatus;
  received_at: Date;
  forward_due_at: Date;
  answer_due_at: Date;
  forward_count: Generated<number>;
  consent_to_publish: boolean;
  answer: string | null;
  answered_at: Date | null;
  answered_by_name: string | null;
  published_at: Date | null;
  search_text: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type FeedbackEventsTable = {
  id: GeneratedAlways<number>;
  item_id: number;
  action: string;
  agency_code: string;
  to_agency_code: string | null;
  note: string | null;
  by_account_id: string | null;
  by_name: string | null;
  at: Generated<Date>;
};

export type SatisfactionRatingsTable = {
  id: GeneratedAlways<number>;
  dossier_code: string;
  agency_code: string;
  procedure_code: string;
  procedure_name: string;
  account_id: string;
  q1: number;
  q2: number;
  q3: number;
  q4: number;
  q5: number;
  comment: string | null;
  created_at: Generated<Date>;
};

/** The caller's executor (the pool or its transaction) narrowed to the module's tables. */
export function tables(ex: Executor): Kysely<FeedbackTables> {
  return (ex as Db).withTables<FeedbackTables>();
}
