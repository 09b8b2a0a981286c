import { agencyName, type AgenciesApi, type Agency } from '../agencies/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';

/** Agency names by code, for what a page shows; a code the directory lacks maps to nothing. */
export type AgencyNames = ReadonlyMap<string, string>;

/**
 * Names of agencies from the directory, in the page's language (the directory's English name on
 * English pages when it holds one), remembered for five minutes: every list a clerk opens names
 * the same few dozen agencies, and the directory changes rarely (a renamed agency shows its new
 * name within five minutes).
 */
export function agencyNamer(findAgency: AgenciesApi['findAgency'], ttlMs = 5 * 60_000, maxEntries = 20_000) {
  const known = new Map<string, { agency: Pick<Agency, 'name' | 'nameEn'> | null; until: number }>();
  async function agencyOf(code: string): Promise<Pick<Agency, 'name' | 'nameEn'> | null> {
    const hit = known.get(code);
    if (hit && hit.until > Date.now()) return hit.agency;
    const found = await findAgency(code);
    const agency = found ? { name: found.name, nameEn: found.nameEn } : null;
    if (known.size >= maxEntries) known.clear();
    known.set(code, { agency, until: Date.now() + ttlMs });
    return agency;
  }
  return async function names(codes: Iterable<string>, locale: Locale = 'vi'): Promise<AgencyNames> {
    const unique = [...new Set(codes)].filter((c) => c !== '');
    const found = await Promise.all(unique.map(async (code) => [code, await agencyOf(code)] as const));
    return new Map(found.flatMap(([code, agency]) => (agency ? [[code, agencyName(agency, locale)] as const] : [])));
  };
}

export type AgencyNamer = ReturnType<typeof agencyNamer>;
