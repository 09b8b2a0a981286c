import type { Executor } from '../../platform/db/index.ts';
import { tables, textArray } from './exchange.tables.ts';

/**
 * Which of these stored files a package names, for the file store's sweep (`egov files
 * sweep`): the hub keeps every package's original bytes.
 */
export async function packageFiles(db: Executor, sha256s: readonly string[]): Promise<string[]> {
  const rows = await tables(db)
    .selectFrom('exchange_packages')
    .select('content_sha256 as sha256')
    .distinct()
    .where('content_sha256', '=', (eb) => eb.fn.any(textArray(sha256s)))
    .execute();
  return rows.map((r) => r.sha256);
}
