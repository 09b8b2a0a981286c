import path from 'node:path';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import { deriveKey } from '../../platform/crypto/index.ts';
import { createDbReplayStore } from '../../platform/integration/index.ts';
import { createOutboundGuard, type ResolveHost } from '../../platform/net/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import { DEFAULT_MAX_BYTES } from './edxml/index.ts';
import { cachedAgencyExists, type ExchangeDeps } from './exchange.access.ts';
import { createClerkService } from './exchange.clerk.ts';
import { createDeskService } from './exchange.desk.ts';
import { agencyNamer } from './exchange.names.ts';
import { registerExchangePages } from './exchange.pages.tsx';
import { registerExchangeApi } from './exchange.routes.ts';
import { registerVxpTransport } from './exchange.vxp.ts';
import { vxpClientResolver } from './exchange.vxp-auth.ts';
import { createExchangeService, type ExchangeService } from './exchange.service.ts';
import { packageFiles } from './exchange.file-references.ts';
import { seedExchangeDemo } from './exchange.seed.ts';
import { seedDemoClerks } from './exchange.seed-clerks.ts';
import { createRecipientListService } from './exchange.recipient-lists.ts';
import { registersConsumer } from './exchange.registers-consumer.ts';
import { createSignatureService } from './exchange.signature.ts';
import { createWebhookService, DELIVER_EVENT } from './exchange.webhooks.ts';
import { EXCHANGE_FACTS } from './exchange.facts.ts';
import { EXCHANGE_NAVIGATION, EXCHANGE_PERMISSIONS, EXCHANGE_ROLES } from './exchange.contributions.ts';

// The national document exchange (Trục liên thông văn bản quốc gia): the edXML
// (QCVN 102:2016) parser and builder, and the hub that stores, routes and delivers packages.
export * from './edxml/index.ts';
export type { AckResult, DeliveryState, DeliveryView, ExchangeCaller, ExchangeWarning, PackageRecord, SendResult, SignatureState, Withdrawal } from './exchange.types.ts';
export type { InboxItem, SentItem, StatusView } from './exchange.service.ts';

export type ExchangeApi = ExchangeService;
export { EXCHANGE_FACTS, ExchangeAcknowledged, ExchangeDelivered, ExchangeSent, ExchangeStatus } from './exchange.facts.ts';
export { verifyEnvelopedSignature } from './exchange.signature.ts';

export interface ExchangeModuleOptions {
  /** Largest package accepted, in bytes (default 50 MB, the limit). */
  maxPackageBytes?: number;
  /** For tests: the DNS of webhook host names (default the system's resolver). */
  resolveHost?: ResolveHost;
  /** For tests: the clock the VXP transport checks XroadVnpt-timestamp against (milliseconds since the epoch). */
  vxpClock?: () => number;
}

export function createExchangeModule(
  ctx: PlatformContext,
  deps: { agencies: AgenciesApi; identity: IdentityApi },
  options: ExchangeModuleOptions = {},
): { registration: ModuleRegistration; api: ExchangeApi } {
  const maxPackageBytes = options.maxPackageBytes ?? DEFAULT_MAX_BYTES;
  const serviceDeps: ExchangeDeps = {
    db: ctx.db,
    files: ctx.files,
    agencies: deps.agencies,
    agencyExists: cachedAgencyExists((code) => deps.agencies.findAgency(code)),
    maxPackageBytes,
    signatures: createSignatureService(ctx.db, deps.agencies.isWithin),
  };
  const api = createExchangeService(serviceDeps);
  const clerk = createClerkService({ ...serviceDeps, directory: deps.agencies }, api);
  const desk = createDeskService({ ...serviceDeps, directory: deps.agencies, identity: deps.identity }, clerk);
  const webhooks = createWebhookService({
    db: ctx.db,
    files: ctx.files,
    sealingKey: deriveKey(ctx.config.secretKey, 'exchange-webhooks'),
    allowHttp: ctx.config.nodeEnv !== 'production',
    outbound: createOutboundGuard({ allow: ctx.config.webhookAllowHosts, ...(options.resolveHost ? { resolve: options.resolveHost } : {}) }),
  });
  const registration: ModuleRegistration = {
    name: 'exchange',
    roles: EXCHANGE_ROLES,
    permissions: EXCHANGE_PERMISSIONS,
    navigation: EXCHANGE_NAVIGATION,
    facts: EXCHANGE_FACTS,
    consumers: [registersConsumer],
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    async registerRoutes(app) {
      registerExchangeApi(app, api, webhooks, { maxPackageBytes });
      await registerExchangePages(app, { exchange: api, clerk, desk, recipientLists: createRecipientListService(serviceDeps), names: agencyNamer(deps.agencies.findAgency), agencies: deps.agencies, maxPackageBytes });
      await registerVxpTransport(app, {
        exchange: api,
        agencies: deps.agencies,
        maxPackageBytes,
        auth: {
          clients: vxpClientResolver(deps.agencies),
          // The signed API's store (integration_request_nonces): a hash-header is accepted once
          // per client, across every process.
          replayStore: createDbReplayStore(ctx.db, { logger: ctx.logger }),
          ...(options.vxpClock ? { now: options.vxpClock } : {}),
        },
      });
    },
    commands: { [DELIVER_EVENT]: webhooks.push },
    fileReferences: (sha256s) => packageFiles(ctx.db, sha256s),
    // Needs the agencies' demo directory: register after the agencies module.
    seedDemo: async (log) => {
      await seedDemoClerks(deps.identity, log);
      await seedExchangeDemo(serviceDeps, log);
    },
  };
  return { registration, api };
}

export const exchangeModule: ModuleDefinition<{ agencies: AgenciesApi; identity: IdentityApi }, ExchangeApi, ExchangeModuleOptions> = {
  name: 'exchange',
  needs: ['agencies', 'identity'],
  create: (ctx, deps, options) => createExchangeModule(ctx, deps, options),
  commands: [
    {
      name: 'edxml',
      summary: 'check an edXML (QCVN 102:2016) package and print its model and warnings as JSON',
      usage: 'egov edxml validate FILE',
      load: async () => (await import('./exchange.cli.ts')).edxmlCommand,
    },
  ],
};
