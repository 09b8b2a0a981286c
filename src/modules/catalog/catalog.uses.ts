import { sql, type Tx } from '../../platform/db/index.ts';
import type { Fact, FactConsumer } from '../../platform/events/index.ts';
import { parseProcedureCode } from './procedure-code.ts';
import { addUsesInTx } from './search.repository.ts';

/**
 * How much each procedure is used, for search ranking: dossiers received per base code (all
 * provinces together), read from the dossiers module's `dossier.submitted` facts. Only the
 * procedure code is read, by the fact's name: the catalog does not import the dossiers
 * module (which depends on it). Counts reach the search index when it is next rebuilt (a
 * publication or a dictionary change), not at every dossier: a rebuild per dossier would cost
 * more than the ranking gains.
 */
export const procedureUsesConsumer: FactConsumer = {
  name: 'catalog.procedure_uses',
  facts: ['dossier.submitted'],
  startFrom: 'beginning',
  async handleBatch(facts: Fact[], tx: Tx): Promise<void> {
    const counts = new Map<string, number>();
    for (const fact of facts) {
      const code = (fact.payload as { procedureCode?: unknown }).procedureCode;
      const base = typeof code === 'string' ? parseProcedureCode(code)?.baseCode : undefined;
      if (base) counts.set(base, (counts.get(base) ?? 0) + 1);
    }
    await addUsesInTx(tx, counts);
  },
  async reset(tx: Tx): Promise<void> {
    await sql`DELETE FROM procedure_uses`.execute(tx);
  },
};
