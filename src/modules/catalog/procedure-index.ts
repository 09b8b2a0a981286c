import type { Agency } from '../agencies/index.ts';
import type { Channel, ProcedureDocument, ProcessingTime } from './catalog.schemas.ts';
import { scopeLevel1s } from './catalog.policy.ts';
import { parseProcedureCode } from './procedure-code.ts';
import { foldText } from './search-text.ts';

/** What a search result shows besides the name (stored as procedures.listing). */
export interface Listing {
  /** The shortest processing time among the cases. */
  processingTime: ProcessingTime;
  /** Lowest and highest total fee of a case. */
  feeVnd: { min: number; max: number };
  cases: number;
  channels: Channel[];
}

/** The columns of `procedures` derived from a document: what search, filters and lists read. */
export interface IndexRow {
  code: string;
  base_code: string;
  variant_agency: string | null;
  name: string;
  field_code: string;
  field_name: string;
  competent_agency: string;
  competent_agency_name: string;
  scope_level1: string[];
  agency_codes: string[];
  province_codes: string[];
  applicant_types: string[];
  online_level: string | null;
  listing: Listing;
  search_name: string;
  search_extra: string;
}

/** A working day counts as 8 office hours when cases in days and in hours are compared. */
const HOURS_PER_WORKING_DAY = 8;

export function inHours(time: ProcessingTime): number {
  return time.unit === 'hours' ? time.value : time.value * HOURS_PER_WORKING_DAY;
}

export function listingOf(doc: ProcedureDocument): Listing {
  const totals = doc.cases.map((c) => c.fees.reduce((sum, f) => sum + f.amountVnd, 0));
  const shortest = doc.cases.reduce((best, c) => (inHours(c.processingTime) < inHours(best.processingTime) ? c : best));
  return {
    processingTime: shortest.processingTime,
    feeVnd: { min: Math.min(...totals), max: Math.max(...totals) },
    cases: doc.cases.length,
    channels: doc.channels,
  };
}

/**
 * Derives the search and list columns. `agencies` must hold every agency the document names
 * (the caller looked them up in the directory while validating).
 */
export function indexRowOf(doc: ProcedureDocument, agencies: ReadonlyMap<string, Agency>): IndexRow {
  const competent = agencies.get(doc.competentAgency);
  const named = [doc.competentAgency, ...doc.receivingAgencies];
  const provinces = new Set<string>();
  for (const code of named) {
    const province = agencies.get(code)?.provinceCode;
    if (province) provinces.add(province);
  }
  const competentName = competent?.name ?? doc.competentAgency;
  const searchName = foldText(doc.name);
  // Case names count too ("Xe ô tô" finds vehicle registration), but less than the name.
  const searchExtra = foldText([doc.field.name, competentName, ...doc.cases.map((c) => c.name).filter((n) => n !== doc.name)].join(' '));
  return {
    code: doc.code,
    base_code: parseProcedureCode(doc.code)?.baseCode ?? doc.code.slice(0, 8),
    variant_agency: parseProcedureCode(doc.code)?.agencyCode ?? null,
    name: doc.name,
    field_code: doc.field.code,
    field_name: doc.field.name,
    competent_agency: doc.competentAgency,
    competent_agency_name: competentName,
    scope_level1: scopeLevel1s(doc.code, doc.competentAgency),
    agency_codes: [...new Set(named)],
    province_codes: [...provinces].sort(),
    applicant_types: [...doc.applicantTypes],
    online_level: doc.onlineLevel ?? null,
    listing: listingOf(doc),
    search_name: searchName,
    search_extra: searchExtra,
  };
}
