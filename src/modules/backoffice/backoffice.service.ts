import { createWorkflowAdmin } from './backoffice.admin.ts';
import type { BackofficeContext } from './backoffice.context.ts';
import { createProcessing } from './backoffice.processing.ts';
import { createPaymentRequests } from './backoffice.payment.ts';
import { createQueries } from './backoffice.queries.ts';
import { createReception } from './backoffice.reception.ts';

/** Every use case of the back office, over one context. */
export function createBackofficeService(bo: BackofficeContext) {
  return { ...createQueries(bo), ...createReception(bo), ...createProcessing(bo), ...createWorkflowAdmin(bo), ...createPaymentRequests(bo) };
}
export type BackofficeApi = ReturnType<typeof createBackofficeService>;
