import os from 'node:os';
import type { Actor } from './actor.ts';

/** Bad arguments of an `egov` command: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** Whoever runs the CLI on the server is trusted as a system administrator; the audit trail names the OS user. */
export function cliActor(): Actor {
  return { accountId: `cli:${os.userInfo().username}`, kind: 'admin', displayName: 'egov CLI', agencyCode: null, roles: [] };
}
