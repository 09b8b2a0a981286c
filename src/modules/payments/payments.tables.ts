import type { ColumnType, Generated, GeneratedAlways, Kysely } from 'kysely';
import type { Db, Executor } from '../../platform/db/index.ts';

type Json<T> = ColumnType<T, string, string>;
/** bigint columns come back as numbers (platform/db parses int8). */
type Money = ColumnType<number, number, number>;

export interface FeeLine {
  name: string;
  amountVnd: number;
}

export type OrderKind = 'submission' | 'obligation';
export type OrderStatus = 'pending' | 'paid' | 'cancelled' | 'refunded';
export type AttemptStatus = 'pending' | 'succeeded' | 'failed';

/** The payments module's tables, as Kysely sees them (migrations/). */
export type PaymentsTables = {
  payment_orders: {
    id: GeneratedAlways<number>;
    reference: string;
    dossier_code: string;
    receiving_agency: string;
    applicant_account_id: string | null;
    applicant_name: string;
    kind: OrderKind;
    description: string;
    lines: Json<FeeLine[]>;
    amount_vnd: Money;
    due_at: Date;
    status: Generated<OrderStatus>;
    created_at: Generated<Date>;
    created_by: string | null;
    paid_at: Date | null;
    paid_attempt_id: number | null;
    receipt_no: string | null;
  };
  payment_attempts: {
    id: GeneratedAlways<number>;
    order_id: number;
    gateway: string;
    txn_ref: string;
    amount_vnd: Money;
    status: Generated<AttemptStatus>;
    response_code: string | null;
    transaction_no: string | null;
    bank_code: string | null;
    pay_date: string | null;
    created_at: Generated<Date>;
    finished_at: Date | null;
  };
  payment_notifications: {
    id: GeneratedAlways<number>;
    gateway: string;
    txn_ref: string | null;
    rsp_code: string;
    applied: boolean;
    params: Json<Record<string, string>>;
    received_at: Generated<Date>;
  };
  payment_refunds: {
    id: GeneratedAlways<number>;
    order_id: number;
    amount_vnd: Money;
    reason: string;
    status: Generated<'requested' | 'approved' | 'rejected'>;
    requested_by: string;
    requested_at: Generated<Date>;
    decided_by: string | null;
    decided_at: Date | null;
    gateway_status: 'not_needed' | 'pending' | 'done' | 'failed' | null;
    gateway_response: string | null;
  };
};

export function tables(ex: Executor): Kysely<PaymentsTables> {
  return (ex as Db).withTables<PaymentsTables>();
}
