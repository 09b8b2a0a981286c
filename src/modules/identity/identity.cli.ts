import { parseArgs } from 'node:util';
import { isDomainError } from '../../platform/errors/index.ts';
import { cliActor, UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import type { IdentityApi } from './identity.api.ts';
import { describeIdentityError } from './identity.present.ts';

/**
 * Creates a system administrator: the way into a fresh installation. Without --password a
 * strong one is generated and printed once (a password on the command line may stay in
 * the shell history; prefer the generated one and change it after logging in).
 */
export const createAdminCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    let values: { email?: string | undefined; name?: string | undefined; password?: string | undefined };
    try {
      ({ values } = parseArgs({
        args,
        options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
        allowPositionals: false,
        strict: true,
      }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (!values.email) throw new UsageError('--email is required');
    if (!values.name) throw new UsageError('--name is required');

    const identity = (await platform()).api<IdentityApi>('identity');
    try {
      const { account, generatedPassword } = await identity.createAdmin(cliActor(), {
        email: values.email,
        fullName: values.name,
        password: values.password,
      });
      process.stdout.write(`admin created: ${account.email} (${account.fullName})\n`);
      if (generatedPassword) {
        process.stdout.write(`password: ${generatedPassword}\n(shown only this once: store it safely or change it after logging in)\n`);
      }
      return 0;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      process.stderr.write(`egov create-admin: ${describeIdentityError(error)}\n`);
      // Bad input is a usage problem (2); an existing account is a refusal (1).
      return error.kind === 'invalid' ? 2 : 1;
    }
  },
};

/** `egov oidc rotate-keys`: running servers start signing with the new key within 30 seconds. */
export const rotateOidcKeysCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    if (args.length > 0) throw new UsageError(`unexpected arguments: ${args.join(' ')}`);
    const identity = (await platform()).api<IdentityApi>('identity');
    const { kid, published } = await identity.rotateOidcSigningKey(cliActor());
    process.stdout.write(`new signing key ${kid}; published keys (newest first): ${published.join(', ')}\n`);
    return 0;
  },
};
