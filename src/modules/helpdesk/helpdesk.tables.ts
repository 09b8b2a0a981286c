import type { Generated, GeneratedAlways, Kysely } from 'kysely';
import type { Db, Executor } from '../../platform/db/index.ts';

export type TicketChannel = 'web' | 'phone' | 'email';
export type TicketStatus = 'open' | 'answered' | 'closed';

/** The helpdesk's tables, as Kysely sees them (migrations/). */
export type HelpdeskTables = {
  helpdesk_tickets: {
    id: GeneratedAlways<number>;
    channel: TicketChannel;
    category: string;
    subject: string;
    body: string;
    requester_name: string;
    requester_contact: string;
    requester_account_id: string | null;
    status: TicketStatus;
    assignee_account_id: string | null;
    assignee_name: string | null;
    due_at: Date;
    answer: string | null;
    answered_at: Date | null;
    answered_by_name: string | null;
    created_by_account_id: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  helpdesk_canned_answers: { id: GeneratedAlways<number>; title: string; body: string; created_at: Generated<Date> };
  helpdesk_articles: {
    id: GeneratedAlways<number>;
    title: string;
    body: string;
    category: string;
    published: Generated<boolean>;
    search_text: string;
    updated_by_name: string | null;
    updated_at: Generated<Date>;
  };
};

export function tables(ex: Executor): Kysely<HelpdeskTables> {
  return (ex as Db).withTables<HelpdeskTables>();
}
