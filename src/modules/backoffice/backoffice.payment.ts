import type { Tx } from '../../platform/db/index.ts';
import type { Fact, FactConsumer } from '../../platform/events/index.ts';
import { endOfVietnamDay, isIsoDate, vietnamDay } from '../../platform/calendar/index.ts';
import { formatDate, formatMoney } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { findDossierState } from '../dossiers/index.ts';
import type { OrderPaid } from '../payments/index.ts';
import type { DossierTransitioned } from './backoffice.facts.ts';
import { canAct } from './backoffice.access.ts';
import { atVersion, deadlineAfter, dossierFor, signature, transitionInTx, type BackofficeContext } from './backoffice.context.ts';
import { BackofficeErrors } from './backoffice.errors.ts';
import { paymentMessages } from './backoffice.payment.messages.ts';
import * as repo from './backoffice.repository.ts';
import { STATUS } from './backoffice.workflow.ts';

/**
 * Status 6 (DOMAIN §4): the back office requests the financial obligation. An official of
 * the unit who holds the current step's role (or its leader) enters or confirms the amount —
 * the case's fees in the catalogue are offered — and the dossier waits for payment ("Chờ
 * thực hiện nghĩa vụ tài chính"); the payment order is written through the payments door in
 * the same transaction. When the gateway confirms the payment, the fact payments.order_paid
 * moves the dossier on (paymentsReceivedConsumer).
 */
const FROM_STATUSES: readonly number[] = [STATUS.accepted, STATUS.processing, STATUS.processed];
const MAX_AMOUNT = 100_000_000_000;
const DEFAULT_DUE_WORKING_DAYS = 5;
const m = paymentMessages.for('vi');

/** Who the payments' confirmations act as in the progress and the audit (never a request's principal). */
export const PAYMENT_SYSTEM: Actor = Object.freeze({ accountId: '00000000-0000-0000-0000-000000000000', kind: 'admin', displayName: 'Hệ thống thanh toán', agencyCode: null, roles: [] });

export function createPaymentRequests(bo: BackofficeContext) {
  async function mayRequest(actor: Actor | undefined, code: string) {
    const dossier = await dossierFor(bo, actor, code);
    const found = await repo.findCase(bo.db, code);
    const role = found?.steps[found.stepIndex]?.role ?? 'clerk';
    const allowed = canAct(actor, dossier.receivingAgency, role) || canAct(actor, dossier.receivingAgency, 'leader');
    return { dossier, role: canAct(actor, dossier.receivingAgency, role) ? role : 'leader', allowed: allowed && FROM_STATUSES.includes(dossier.status) };
  }

  return {
    /** What the request form shows: the case's fees to confirm, the dossier's orders so far, whether the actor may ask. */
    async financialObligationView(actor: Actor | undefined, code: string) {
      const { dossier, allowed } = await mayRequest(actor, code);
      const [fees, orders] = await Promise.all([bo.payments.caseFees(dossier.procedureVersionId, dossier.caseCode ?? ''), bo.payments.ordersOfDossier(dossier.code)]);
      return { dossier, fees, orders, allowed };
    },

    /** The official requests the financial obligation: the order and status 6, in one transaction; the applicant is told by e-mail. */
    async requestFinancialObligation(actor: Actor | undefined, code: string, input: { version: number; amountVnd: string | number | undefined; description: string | undefined; dueDay?: string | undefined }, now = new Date()) {
      const { dossier, role, allowed } = await mayRequest(actor, code);
      if (!FROM_STATUSES.includes(dossier.status)) throw BackofficeErrors.actionNotAllowed('request_payment', dossier.status);
      if (!allowed) throw BackofficeErrors.actionForbidden('request_payment');
      atVersion(dossier, input.version);
      const amountText = String(input.amountVnd ?? '').replace(/[.\s₫đ]/g, '');
      const amountVnd = /^\d{1,12}$/.test(amountText) ? Number(amountText) : Number.NaN;
      const description = input.description?.trim().slice(0, 300) ?? '';
      const fields = [
        ...(!Number.isSafeInteger(amountVnd) || amountVnd <= 0 || amountVnd > MAX_AMOUNT ? [{ field: 'amountVnd', message: m('errorAmount') }] : []),
        ...(!description ? [{ field: 'description', message: m('errorDescription') }] : []),
        ...(input.dueDay && (!isIsoDate(input.dueDay) || input.dueDay < vietnamDay(now)) ? [{ field: 'dueDay', message: m('errorDueDay') }] : []),
      ];
      if (fields.length > 0) throw BackofficeErrors.invalidInput(fields.map((f) => f.message).join(' '), fields);
      const dueAt = input.dueDay ? endOfVietnamDay(input.dueDay) : await deadlineAfter(bo, bo.db, now, { value: DEFAULT_DUE_WORKING_DAYS, unit: 'working_days' });
      const who = await signature(bo, actor as Actor, role);
      return bo.db.transaction().execute(async (tx) => {
        const order = await bo.payments.createOrderInTx(tx, { dossierCode: dossier.code, kind: 'obligation', description, lines: [{ name: description, amountVnd }], dueAt, createdBy: (actor as Actor).accountId });
        const note = m('noteRequested', { amount: formatMoney(amountVnd), description, due: formatDate(vietnamDay(dueAt)) });
        const { version } = await transitionInTx(bo, tx, actor as Actor, { ...dossier, version: input.version }, { action: 'request_payment', change: { status: STATUS.paymentRequested, note, ...who, at: now }, auditData: { reference: order.reference, amountVnd }, notify: note });
        return { version, reference: order.reference, amountVnd, dueAt };
      });
    },
  };
}

/**
 * The payment of a requested obligation moves the dossier on: from 6 back to processing (4),
 * or to processed (9) when the current step is the issuance. A dossier no longer waiting
 * (withdrawn, stopped, already moved) is left as it is. Exactly once per fact (the consumer's
 * position moves in this transaction).
 */
export function paymentsReceivedConsumer(bo: BackofficeContext): FactConsumer {
  return {
    name: 'backoffice.payments_received',
    facts: ['payments.order_paid'],
    startFrom: 'now',
    async handle(fact: Fact, tx: Tx): Promise<void> {
      const paid = fact.payload as OrderPaid;
      if (paid.kind !== 'obligation') return;
      const dossier = await findDossierState(tx, paid.dossierCode);
      if (!dossier || dossier.status !== STATUS.paymentRequested) return;
      const kase = await repo.findCase(tx, dossier.code);
      const status = kase?.steps[kase.stepIndex]?.kind === 'issuance' ? STATUS.processed : STATUS.processing;
      const note = m('notePaid', { amount: formatMoney(paid.amountVnd), reference: paid.reference });
      await transitionInTx(bo, tx, PAYMENT_SYSTEM, dossier, { action: 'payment_received', change: { status, note, byName: PAYMENT_SYSTEM.displayName, at: new Date(paid.paidAt) }, auditData: { reference: paid.reference }, notify: note });
    },
  };
}

/** Refused (3), withdrawn (7) or stopped (8): what the dossier still owed is cancelled, once per fact. */
export function cancelFeesOfEndedDossiersConsumer(bo: BackofficeContext): FactConsumer {
  return {
    name: 'backoffice.cancel_fees_of_ended_dossiers',
    facts: ['backoffice.dossier_transitioned'],
    startFrom: 'now',
    async handle(fact: Fact, tx: Tx): Promise<void> {
      const t = fact.payload as DossierTransitioned;
      if (![STATUS.refused, STATUS.withdrawn, STATUS.stopped].includes(t.status as 3 | 7 | 8)) return;
      await bo.payments.cancelPendingOrdersInTx(tx, t.code, t.action);
    },
  };
}
