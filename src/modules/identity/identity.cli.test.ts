import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import { createAdminCommand } from './identity.cli.ts';
import { createIdentityTestEnv, type IdentityTestEnv } from './identity.testing.ts';

let env: IdentityTestEnv;

beforeAll(async () => {
  env = await createIdentityTestEnv();
});

afterAll(async () => {
  await env?.close();
});

// The command only needs the identity API of the composed platform.
const platform = async () => ({ api: () => env.api }) as unknown as CommandPlatform;

async function run(args: string[]): Promise<{ code: number | void; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const spyOut = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const spyErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await createAdminCommand.run(args, platform);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    spyOut.mockRestore();
    spyErr.mockRestore();
  }
}

describe('egov create-admin', () => {
  it('creates an admin with a generated password printed once, which then logs in', async () => {
    const result = await run(['--email', 'Root@Example.vn', '--name', 'Quản trị viên']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('admin created: root@example.vn (Quản trị viên)');
    const password = /password: (\S+)/.exec(result.out)?.[1] ?? '';
    expect(password.length).toBe(20);
    expect(await env.api.authenticate({ identifier: 'root@example.vn', password, ip: '127.0.0.1' })).toMatchObject({ kind: 'admin' });
    // The audit trail names the operator who ran the command.
    const audit = await sql<{ actor: string; action: string }>`SELECT actor, action FROM audit_log ORDER BY seq DESC LIMIT 1`.execute(env.db);
    expect(audit.rows[0]).toMatchObject({ action: 'identity.admin_created', actor: expect.stringMatching(/^cli:/) });
  });

  it('takes a given password and never prints it', async () => {
    const result = await run(['--email=second@example.vn', '--name=Second Admin', '--password=Second-Admin-2026']);
    expect(result.code).toBe(0);
    expect(result.out).not.toContain('Second-Admin-2026');
    expect(await env.api.authenticate({ identifier: 'second@example.vn', password: 'Second-Admin-2026', ip: '127.0.0.1' })).toMatchObject({ kind: 'admin' });
  });

  it('refuses an e-mail that already has an account (exit 1) and a weak password (exit 2)', async () => {
    const again = await run(['--email', 'root@example.vn', '--name', 'Again']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('email: This e-mail address is already used by another account.');
    const weak = await run(['--email', 'third@example.vn', '--name', 'Third', '--password', 'short']);
    expect(weak.code).toBe(2);
    expect(weak.err).toContain('password: The password needs at least 10 characters');
  });

  it('reports missing or unknown options as usage errors', async () => {
    await expect(run(['--name', 'No Email'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['--email', 'a@b.vn'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['--email', 'a@b.vn', '--name', 'X', '--role', 'god'])).rejects.toBeInstanceOf(UsageError);
  });
});
