import path from 'node:path';
import { sql, type Db } from '../db/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { appendAuditInTx } from './index.ts';

// What the audit tests share: a database with the platform's and the audit's migrations,
// the stored rows, tampering behind the guard's back, and entries to tamper with.

export const platformDir = path.join(import.meta.dirname, '..');

/** The platform's own migrations and the audit trail's, as `egov migrate` applies them. */
export const AUDIT_MIGRATIONS = [
  { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
  { module: 'platform.audit', dir: path.join(platformDir, 'audit', 'migrations') },
];

export interface AuditRow {
  seq: number;
  occurred_at: Date;
  actor: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: unknown;
  prev_hash: string;
  hash: string;
  chain: number;
  chain_pos: number;
}

export function openAuditDatabase(): Promise<TestDatabase> {
  return createTestDatabase(AUDIT_MIGRATIONS);
}

/** Helpers over the database `db()` returns (opened in the test file's beforeAll). */
export function auditHelpers(db: () => Db) {
  async function rows(): Promise<AuditRow[]> {
    return (await sql<AuditRow>`SELECT * FROM audit_log ORDER BY seq`.execute(db())).rows;
  }

  /** What an attacker with the owner's rights could do: switch the guard off, tamper, switch it back. */
  async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
    await db()
      .transaction()
      .execute(async (tx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tx);
        await statement.execute(tx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(tx);
      });
  }

  /** n entries about one entity, so all on one chain (position = seq on a fresh table). */
  async function appendMany(n: number, entityId = 'acc-1'): Promise<void> {
    for (let i = 1; i <= n; i++) {
      await db()
        .transaction()
        .execute((tx) =>
          appendAuditInTx(tx, {
            actor: `account-${i % 3}`,
            action: i % 2 ? 'account.created' : 'role.granted',
            entityType: 'account',
            entityId,
            data: { i, roles: ['clerk'], agency: { code: '000.00.00.H49', name: 'UBND tỉnh Quảng Ninh' } },
          }),
        );
    }
  }

  return { rows, tamper, appendMany };
}
