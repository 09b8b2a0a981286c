import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { bumpGenerationInTx } from './catalog.repository.ts';
import { CatalogErrors } from './catalog.errors.ts';
import { catalogScope } from './catalog.policy.ts';
import { deleteSynonymInTx, readSynonyms, upsertSynonymInTx, type SynonymRow } from './search.repository.ts';
import { checkSynonym } from './search-synonyms.ts';
import { foldText } from './search-text.ts';

/**
 * The synonym dictionary's use cases. One dictionary serves the whole country, so only a
 * system administrator (scope `all`) changes it. Each change bumps the catalogue generation in
 * its transaction: every process rebuilds its search index, as after a publication.
 */
export function createSearchWordsService(db: Db, onChange: () => void) {
  function administrator(actor: Actor | undefined): string {
    if (catalogScope(actor).kind !== 'all') throw CatalogErrors.forbidden();
    return (actor as Actor).accountId;
  }

  return {
    list(actor: Actor | undefined): Promise<SynonymRow[]> {
      administrator(actor);
      return readSynonyms(db);
    },

    /** Adds the phrase, or replaces what it means. Problems by field (message keys) when the entry is not acceptable. */
    async save(actor: Actor | undefined, input: { phrase: string; meaning: string }): Promise<{ ok: true } | { ok: false; problems: ReturnType<typeof checkSynonym> }> {
      const accountId = administrator(actor);
      const problems = checkSynonym(input);
      if (problems.phrase || problems.meaning) return { ok: false, problems };
      const phraseKey = foldText(input.phrase);
      const entry = { phraseKey, phrase: input.phrase.trim(), meaning: input.meaning.trim(), accountId };
      await db.transaction().execute(async (tx) => {
        await upsertSynonymInTx(tx, entry);
        await bumpGenerationInTx(tx);
        await appendAuditInTx(tx, { actor: accountId, action: 'search_synonym.saved', entityType: 'search_synonym', entityId: phraseKey, data: { meaning: entry.meaning } });
      });
      onChange();
      return { ok: true };
    },

    async remove(actor: Actor | undefined, phrase: string): Promise<boolean> {
      const accountId = administrator(actor);
      const phraseKey = foldText(phrase);
      const removed = await db.transaction().execute(async (tx) => {
        if (!(await deleteSynonymInTx(tx, phraseKey))) return false;
        await bumpGenerationInTx(tx);
        await appendAuditInTx(tx, { actor: accountId, action: 'search_synonym.deleted', entityType: 'search_synonym', entityId: phraseKey });
        return true;
      });
      if (removed) onChange();
      return removed;
    },
  };
}

export type SearchWordsService = ReturnType<typeof createSearchWordsService>;
