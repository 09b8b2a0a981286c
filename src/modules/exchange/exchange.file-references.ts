import { sql, type Executor } from '../../platform/db/index.ts';

/**
 * Which of these stored files a package names, for the file store's sweep (`egov files
 * sweep`): the hub keeps every package's original bytes.
 */
export async function packageFiles(db: Executor, sha256s: readonly string[]): Promise<string[]> {
  const result = await sql<{ sha256: string }>`
    SELECT DISTINCT content_sha256 AS sha256 FROM exchange_packages WHERE content_sha256 = ANY(${[...sha256s]}::text[])
  `.execute(db);
  return result.rows.map((r) => r.sha256);
}
