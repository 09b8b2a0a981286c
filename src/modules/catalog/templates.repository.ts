import { sql, type Executor } from '../../platform/db/index.ts';
import { tables } from './catalog.tables.ts';

// SQL of the procedures' form templates (0005).

export interface TemplateFile {
  procedureCode: string;
  fileName: string;
  sha256: string;
  size: number;
  contentType: string;
  uploadedBy: string | null;
  uploadedAt: Date;
}

const toTemplate = (r: { procedure_code: string; file_name: string; content_sha256: string; size_bytes: number; content_type: string; uploaded_by: string | null; uploaded_at: Date }): TemplateFile => ({
  procedureCode: r.procedure_code,
  fileName: r.file_name,
  sha256: r.content_sha256,
  size: Number(r.size_bytes),
  contentType: r.content_type,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
});

export async function findTemplate(ex: Executor, procedureCode: string, fileName: string): Promise<TemplateFile | undefined> {
  const row = await tables(ex).selectFrom('procedure_templates').selectAll().where('procedure_code', '=', procedureCode).where('file_name', '=', fileName).executeTakeFirst();
  return row && toTemplate(row);
}

export async function listTemplates(ex: Executor, procedureCode: string): Promise<TemplateFile[]> {
  const rows = await tables(ex).selectFrom('procedure_templates').selectAll().where('procedure_code', '=', procedureCode).orderBy('file_name').execute();
  return rows.map(toTemplate);
}

export async function saveTemplateInTx(tx: Executor, t: Omit<TemplateFile, 'uploadedAt'>): Promise<void> {
  const values = { procedure_code: t.procedureCode, file_name: t.fileName, content_sha256: t.sha256, size_bytes: t.size, content_type: t.contentType, uploaded_by: t.uploadedBy };
  await tables(tx)
    .insertInto('procedure_templates')
    .values(values)
    .onConflict((oc) => oc.columns(['procedure_code', 'file_name']).doUpdateSet({ ...values, uploaded_at: sql`now()` }))
    .execute();
}

/**
 * Gives every procedure whose current or draft version names a template in `files` the file
 * of that name, unless it has one already (the demo catalogue's generated forms): one statement.
 */
export async function attachTemplatesByName(ex: Executor, files: { fileName: string; sha256: string; size: number; contentType: string }[]): Promise<number> {
  if (files.length === 0) return 0;
  const result = await sql`
    INSERT INTO procedure_templates (procedure_code, file_name, content_sha256, size_bytes, content_type, uploaded_by)
    SELECT DISTINCT p.code, f.name, f.sha, f.size, f.type, NULL
    FROM procedures p
    JOIN procedure_versions v ON v.id IN (p.current_version_id, p.draft_version_id)
    CROSS JOIN LATERAL jsonb_array_elements(v.document -> 'components') AS c(component)
    JOIN unnest(${files.map((f) => f.fileName)}::text[], ${files.map((f) => f.sha256)}::text[], ${files.map((f) => f.size)}::int[], ${files.map((f) => f.contentType)}::text[])
      AS f(name, sha, size, type) ON f.name = c.component ->> 'templateFile'
    ON CONFLICT (procedure_code, file_name) DO NOTHING
  `.execute(ex);
  return Number(result.numAffectedRows ?? 0);
}

/** Which of these file hashes are templates (the file store's sweep keeps them). */
export async function templateFiles(ex: Executor, sha256s: readonly string[]): Promise<string[]> {
  if (sha256s.length === 0) return [];
  const rows = await tables(ex).selectFrom('procedure_templates').select('content_sha256').distinct().where('content_sha256', 'in', [...sha256s]).execute();
  return rows.map((r) => r.content_sha256);
}
