import type { Executor } from '../../platform/db/index.ts';

/**
 * Personal-data rights (NĐ 13/2023) beyond identity's own tables. Identity sits below the
 * modules that hold a person's other data (dossiers, files, who opened them), so it cannot
 * import them: each registers a source through identity's door when it is created, and
 * identity calls the sources for the export, the PDF summary and an erasure.
 */
export interface PersonalDataSource {
  /** The key of the source's section in the export (`dossiers`). */
  name: string;
  /** Everything the module holds about the account, and who opened it (audit entries). */
  collect(accountId: string): Promise<PersonalDataSection>;
  /**
   * The owner asked for erasure: the module erases what it may, in the caller's transaction,
   * and says what it keeps and under which rule.
   */
  erase(tx: Executor, accountId: string): Promise<ErasureOutcome>;
}

export interface PersonalDataSection {
  data: unknown;
  /** Who opened or acted on the person's records: account ids are named by identity. */
  accessLog: { at: Date; actorId: string | null; action: string; about: string }[];
  /** Lines for the PDF summary, in Vietnamese (the summary's language). */
  summary: { heading: string; lines: string[] };
}

export interface ErasureOutcome {
  erased: { what: string; count: number }[];
  kept: { what: string; count: number; rule: string }[];
}

export function createPersonalDataSources() {
  const sources: PersonalDataSource[] = [];
  return {
    register(source: PersonalDataSource): void {
      if (sources.some((s) => s.name === source.name)) throw new Error(`personal data source "${source.name}" registered twice`);
      sources.push(source);
    },
    list: (): readonly PersonalDataSource[] => sources,
  };
}

export type PersonalDataSources = ReturnType<typeof createPersonalDataSources>;
