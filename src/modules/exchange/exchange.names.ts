import type { AgenciesApi } from '../agencies/index.ts';

/** Agency names by code, for what a page shows; a code the directory lacks maps to nothing. */
export type AgencyNames = ReadonlyMap<string, string>;

/**
 * Names of agencies from the directory, remembered for five minutes: every list a clerk opens
 * names the same few dozen agencies, and the directory changes rarely (a renamed agency shows
 * its new name within five minutes).
 */
export function agencyNamer(findAgency: AgenciesApi['findAgency'], ttlMs = 5 * 60_000, maxEntries = 20_000) {
  const known = new Map<string, { name: string | null; until: number }>();
  async function nameOf(code: string): Promise<string | null> {
    const hit = known.get(code);
    if (hit && hit.until > Date.now()) return hit.name;
    const name = (await findAgency(code))?.name ?? null;
    if (known.size >= maxEntries) known.clear();
    known.set(code, { name, until: Date.now() + ttlMs });
    return name;
  }
  return async function names(codes: Iterable<string>): Promise<AgencyNames> {
    const unique = [...new Set(codes)].filter((c) => c !== '');
    const found = await Promise.all(unique.map(async (code) => [code, await nameOf(code)] as const));
    return new Map(found.filter((e): e is readonly [string, string] => e[1] !== null));
  };
}

export type AgencyNamer = ReturnType<typeof agencyNamer>;
