import type { IdentityApi } from '../identity/index.ts';
import { paymentsPersonalData } from './payments.personal-data.ts';
import path from 'node:path';
import type { CatalogApi } from '../catalog/index.ts';
import type { DossiersApi } from '../dossiers/index.ts';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import type { PaymentsApi } from './payments.api.ts';
import { seedDemoPayments } from './payments.seed.ts';
import { vnpayConfig, type VnpayConfig } from './payments.config.ts';
import { SUBMISSION_FEES_COMMAND, submissionFeesConsumer, submissionFeesHandler } from './payments.consumers.ts';
import { PAYMENTS_NAVIGATION, PAYMENTS_PERMISSIONS } from './payments.contributions.ts';
import { PAYMENTS_FACTS } from './payments.facts.ts';
import { vnpayGateway } from './payments.gateway.ts';
import { registerLocalGateway } from './payments.local-gateway.tsx';
import { registerPaymentPages } from './payments.pages.tsx';
import { parseGatewayReport, reconcile } from './payments.reconcile.ts';
import { createPaymentsService, GATEWAY_REFUND_COMMAND } from './payments.service.ts';
import { parseBankStatement, vietQrAccount, type VietQrAccount } from './payments.vietqr.ts';

// The payments module's only door: fees, payment orders, gateways (VNPay and its local
// stand-in), receipts, refunds and reconciliation (issue #14, DOMAIN §11).
export type { PaymentsApi } from './payments.api.ts';
export type { FeeLine } from './payments.tables.ts';
export type { NewOrder, PaymentOrder, IpnAnswer, Refund } from './payments.service.ts';
export { PAYMENTS_FACTS, OrderPaid, RefundApproved } from './payments.facts.ts';
export { amountInWords } from './payments.words.ts';
/** The local gateway's signed answer for an outcome, and the VNPay settings it signs with: for the tests of modules that wait for a payment. */
export { gatewayResult as localGatewayResult, type LocalOutcome } from './payments.local-gateway.tsx';
export { vnpayConfig } from './payments.config.ts';

export interface PaymentsDependencies {
  catalog: Pick<CatalogApi, 'getProcedureVersion'>;
  dossiers: Pick<DossiersApi, 'getDossier' | 'submitApplication' | 'storeApplicationFile'>;
  /** For the person's data export (NĐ 13/2023) and the demo payer; absent in tests that compose payments alone. */
  identity?: Pick<IdentityApi, 'registerPersonalDataSource' | 'authenticate'>;
}

export interface PaymentsModuleOptions {
  /** VNPay settings (tests); read from the environment otherwise. */
  vnpay?: VnpayConfig;
  /** The VietQR collecting account (tests); from the environment otherwise; none: no QR. */
  vietQr?: VietQrAccount | null;
}

export function createPaymentsModule(ctx: PlatformContext, deps: PaymentsDependencies, options: PaymentsModuleOptions = {}): { registration: ModuleRegistration; api: PaymentsApi } {
  const vnpay = options.vnpay ?? vnpayConfig(ctx.config);
  const vietQr = options.vietQr === undefined ? vietQrAccount(ctx.config) : (options.vietQr ?? undefined);
  deps.identity?.registerPersonalDataSource(paymentsPersonalData(ctx.db));
  const service = createPaymentsService({ db: ctx.db, catalog: deps.catalog, gateway: vnpayGateway(vnpay), contributions: ctx.contributions, baseUrl: ctx.config.baseUrl, logger: ctx.logger });
  const api: PaymentsApi = {
    caseFees: service.caseFees,
    createOrderInTx: service.createOrderInTx,
    ordersOfDossier: service.ordersOfDossier,
    cancelPendingOrdersInTx: service.cancelPendingOrdersInTx,
    findOrder: service.findOrder,
    getOrder: service.getOrder,
    listMine: service.listMine,
    startPayment: service.startPayment,
    handleIpn: service.handleIpn,
    readReturn: service.readReturn,
    receiptPdf: service.receiptPdf,
    requestRefund: service.requestRefund,
    pendingRefunds: service.pendingRefunds,
    decideRefund: service.decideRefund,
    async reconcile(reportCsv, day) {
      const report = parseGatewayReport(reportCsv);
      const ours = await service.attemptsForReconciliation(day, report.map((r) => r.txnRef));
      return { rows: report.length, mismatches: reconcile(report, ours) };
    },
    applyBankStatement: (statementCsv) => service.applyBankStatement(parseBankStatement(statementCsv)),
  };
  const demoPayer = deps.identity;
  const registration: ModuleRegistration = {
    name: 'payments',
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    facts: PAYMENTS_FACTS,
    consumers: [submissionFeesConsumer],
    commands: {
      [SUBMISSION_FEES_COMMAND]: submissionFeesHandler(service),
      [GATEWAY_REFUND_COMMAND]: async (event) => {
        await service.executeGatewayRefund((event.payload as { refundId: number }).refundId);
      },
    },
    navigation: PAYMENTS_NAVIGATION,
    ...(demoPayer ? { seedDemo: (log: (line: string) => void) => seedDemoPayments({ db: ctx.db, dossiers: deps.dossiers, identity: demoPayer }, service, log) } : {}),
    permissions: PAYMENTS_PERMISSIONS,
    registerRoutes(app) {
      // Said when a server starts, not by every CLI command (whose stdout scripts read).
      if (vnpay.defaults && ctx.config.nodeEnv === 'development') {
        ctx.logger.warn(`payments: VNPay development settings (VNPAY_TMN_CODE=${vnpay.tmnCode}, VNPAY_HASH_SECRET=${vnpay.hashSecret}); ${vnpay.local ? 'payments go to the local gateway at /local-gateway/vnpay' : `gateway ${vnpay.host}`}`);
      }
      registerPaymentPages(app, service, vietQr);
      if (vnpay.local) registerLocalGateway(app, vnpay);
    },
  };
  return { registration, api };
}

export const paymentsModule: ModuleDefinition<PaymentsDependencies, PaymentsApi, PaymentsModuleOptions> = {
  name: 'payments',
  needs: ['catalog', 'dossiers', 'identity'],
  create: (ctx, deps, options) => createPaymentsModule(ctx, deps, options),
  commands: [
    { name: 'payments reconcile', summary: "compare a day's confirmed payments with the gateway's report (CSV), listing every mismatch", usage: 'egov payments reconcile --file report.csv [--day YYYY-MM-DD]', load: async () => (await import('./payments.cli.ts')).reconcileCommand },
    { name: 'payments bank-statement', summary: 'match VietQR transfers of a bank statement (CSV) to orders by their reference', usage: 'egov payments bank-statement --file statement.csv', load: async () => (await import('./payments.cli.ts')).bankStatementCommand },
  ],
};
