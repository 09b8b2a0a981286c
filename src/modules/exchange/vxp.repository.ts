import { sql, type Executor } from '../../platform/db/index.ts';

/**
 * How many deliveries wait in an agency's inbox (not acknowledged): the VXP SDK's
 * countReceiveEdoc. Same predicate as exchange_inbox_page, answered from the partial index
 * exchange_deliveries_inbox_idx.
 */
export async function countInbox(ex: Executor, recipient: string): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM exchange_deliveries WHERE recipient_agency = ${recipient} AND state <> 'acknowledged'
  `.execute(ex);
  return Number(result.rows[0]?.n ?? 0);
}
