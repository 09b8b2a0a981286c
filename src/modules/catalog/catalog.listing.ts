import type { Executor } from '../../platform/db/index.ts';
import { tables } from './catalog.tables.ts';

export interface ProcedureListItem {
  code: string;
  name: string;
  fieldCode: string;
  fieldName: string;
}

/**
 * Every published procedure, code and name only, in code order: the whole list that
 * integrations mirror (the status sync's LayDanhSachTTHC and LayDanhMucLinhVuc). From the
 * procedures table's copied index columns, without reading a version document.
 */
export async function listPublishedProcedures(db: Executor): Promise<ProcedureListItem[]> {
  return tables(db)
    .selectFrom('procedures')
    .select(['code', 'name', 'field_code as fieldCode', 'field_name as fieldName'])
    .where('status', '=', 'published')
    .orderBy('code')
    .execute();
}
