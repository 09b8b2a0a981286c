import type { Tx } from '../../platform/db/index.ts';
import type { Fact, FactConsumer } from '../../platform/events/index.ts';
import type { DossierSubmitted } from '../dossiers/index.ts';
import type { PaymentsService } from './payments.service.ts';

/** At submission, the case's fees become an order the applicant pays online (none for a fee-free case). */
export function submissionFeesConsumer(service: PaymentsService): FactConsumer {
  return {
    name: 'payments.submission_fees',
    facts: ['dossier.submitted'],
    startFrom: 'now',
    async handle(fact: Fact, tx: Tx): Promise<void> {
      const payload = fact.payload as DossierSubmitted;
      await service.createSubmissionOrderInTx(tx, payload);
    },
  };
}
