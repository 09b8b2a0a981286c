import type { Tx } from '../../platform/db/index.ts';
import { publishInTx, type CommandHandler, type Fact, type FactConsumer } from '../../platform/events/index.ts';
import type { DossierSubmitted } from '../dossiers/index.ts';
import type { PaymentsService } from './payments.service.ts';

export const SUBMISSION_FEES_COMMAND = 'payments.order_submission_fees';

/**
 * At submission, the case's fees become an order the applicant pays online (none for a
 * fee-free case). The consumer enqueues a command: reading the catalogue is another module's
 * door, which cannot join the consumer's transaction.
 */
export const submissionFeesConsumer: FactConsumer = {
  name: 'payments.submission_fees',
  facts: ['dossier.submitted'],
  startFrom: 'now',
  async handle(fact: Fact, tx: Tx): Promise<void> {
    const p = fact.payload as DossierSubmitted;
    await publishInTx(tx, { type: SUBMISSION_FEES_COMMAND, payload: { code: p.code, procedureVersionId: p.procedureVersionId, caseCode: p.caseCode, receivedAt: p.receivedAt } });
  },
};

export function submissionFeesHandler(service: PaymentsService): CommandHandler {
  return async (event) => {
    await service.createSubmissionOrder(event.payload as { code: string; procedureVersionId: number; caseCode: string; receivedAt: string });
  };
}
