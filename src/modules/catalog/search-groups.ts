import type { IndexedProcedure, ProcedureIndex, Variant } from './search-index.types.ts';
import type { SearchFilters } from './search.repository.ts';

/** Filters and the procedures published per province (one group per base code), on the index. */

export function matchesFilters(doc: IndexedProcedure, filters: SearchFilters): boolean {
  if (filters.agency && !doc.agencyCodes.includes(filters.agency)) return false;
  if (filters.province && !doc.provinceCodes.includes(filters.province)) return false;
  if (filters.field && doc.fieldCode !== filters.field) return false;
  if (filters.applicant && !doc.applicantTypes.includes(filters.applicant)) return false;
  if (filters.level && doc.onlineLevel !== filters.level) return false;
  return true;
}

/**
 * Which document of a group a result shows: the one of the citizen's province, else the one
 * without a variant agency (the central body's), else the first by code.
 */
export function preferred(index: ProcedureIndex, a: number, b: number, home: string | undefined): number {
  const x = index.docs[a] as IndexedProcedure;
  const y = index.docs[b] as IndexedProcedure;
  if (home) {
    const xh = x.provinceCodes.includes(home);
    if (xh !== y.provinceCodes.includes(home)) return xh ? a : b;
  }
  if ((x.variantAgency === null) !== (y.variantAgency === null)) return x.variantAgency === null ? a : b;
  return x.code <= y.code ? a : b;
}

/** The other documents of a document's group, for "also published by". */
export function variantsOf(index: ProcedureIndex, doc: number): Variant[] {
  const members = index.groups[index.group[doc] as number] ?? [];
  if (members.length <= 1) return [];
  return members.map((d) => {
    const v = index.docs[d] as IndexedProcedure;
    return { code: v.code, provinceCodes: v.provinceCodes };
  });
}
