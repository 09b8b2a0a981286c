import path from 'node:path';
import type { ModuleRegistration, PlatformContext } from './module/index.ts';
import { INTEGRATION_MIGRATIONS_DIR } from './integration/index.ts';
import { createMailHandler, createSmsHandler, MAIL_EVENT, SMS_EVENT, smsProviderFor } from './notify/index.ts';

/**
 * The platform's own tables and event handlers, registered before any module, in the order
 * their migrations apply: extensions first (modules' migrations use them). Each folder has
 * its own name, which prefixes its migration ids (`platform.audit/0001_audit.sql`).
 */
export function platformRegistrations(ctx: PlatformContext): ModuleRegistration[] {
  const dir = (...parts: string[]) => path.join(import.meta.dirname, ...parts);
  return [
    { name: 'platform', migrationsDir: dir('db', 'migrations') },
    { name: 'platform.events', migrationsDir: dir('events', 'migrations') },
    { name: 'platform.audit', migrationsDir: dir('audit', 'migrations') },
    { name: 'platform.integration', migrationsDir: INTEGRATION_MIGRATIONS_DIR },
    {
      name: 'platform.notify',
      commands: {
        [MAIL_EVENT]: createMailHandler({
          smtpUrl: ctx.config.smtpUrl,
          dataDir: ctx.config.dataDir,
          mailFrom: ctx.config.mailFrom,
          logger: ctx.logger,
        }),
        // SMS go to the HTTP gateway of SMS_GATEWAY_URL, or are written as files under DATA_DIR/sms.
        [SMS_EVENT]: createSmsHandler({ dataDir: ctx.config.dataDir, provider: smsProviderFor(ctx.config), logger: ctx.logger }),
      },
    },
  ];
}
