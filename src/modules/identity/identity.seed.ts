import { appendAuditInTx } from '../../platform/audit/index.ts';
import { deriveKey, encryptSecret } from '../../platform/crypto/index.ts';
import type { AccountKind } from '../../platform/module/index.ts';
import { insertAccountInTx } from './accounts.repository.ts';
import type { IdentityContext } from './identity.context.ts';
import { hashPassword } from './passwords.ts';
import { SECOND_FACTOR_REQUIRED } from './sessions.service.ts';
import { confirmEnrolmentInTx, startEnrolmentInTx } from './two-factor.repository.ts';

/** Shared by every demo account (see the project README): demo data only, never production. */
export const DEMO_PASSWORD = 'Demo@2026egov';

/**
 * The authenticator secret of every demo official and admin (Base32, for an authenticator
 * app, see the README): officials and admins cannot sign in with a password alone, and a
 * demo must be usable at once. Demo data only: real officials enrol their own at first login.
 */
export const DEMO_TOTP_SECRET = 'EGOVDEMOTOTPSECRETFORDEMOONLY234';

const QUANG_NINH = '000.00.00.H49';
const HO_CHI_MINH_CITY = '000.00.00.H29';
const MINISTRY_OF_JUSTICE = '000.00.00.G15';
// The agencies seed decides the Justice department's number; we look for it rather than guess one.
const QUANG_NINH_JUSTICE_CANDIDATES = ['000.00.01.H49', '000.01.00.H49', '000.00.02.H49', '000.00.03.H49', '000.00.04.H49'];

interface DemoAccount {
  kind: AccountKind;
  login: string;
  email: string;
  fullName: string;
  personalId?: string;
  taxCode?: string;
  phone?: string;
  agencyCode?: string;
  roles?: string[];
}

/**
 * Idempotent: accounts whose e-mail or identifier already exists are left alone.
 * Officials are created only when their agency is in the directory.
 */
export async function seedDemoAccounts(ctx: IdentityContext, log: (line: string) => void): Promise<void> {
  const justice = await findJusticeDepartment(ctx);
  const official = (email: string, fullName: string, agencyCode: string, roles: string[]): DemoAccount => ({
    kind: 'official', login: email, email, fullName, agencyCode, roles,
  });
  const accounts: DemoAccount[] = [
    { kind: 'admin', login: 'admin@demo.egov.vn', email: 'admin@demo.egov.vn', fullName: 'Quản trị hệ thống' },
    official('lanhdao.h49@demo.egov.vn', 'Phạm Quốc Hưng', QUANG_NINH, ['leader']),
    official('motcua.h49@demo.egov.vn', 'Vũ Thị Lan', QUANG_NINH, ['clerk']),
    official('quantri.h49@demo.egov.vn', 'Đỗ Minh Tuấn', QUANG_NINH, ['agency_admin']),
    official('chuyenvien.h49@demo.egov.vn', 'Hoàng Thu Trang', justice, ['specialist']),
    official('lanhdao.h29@demo.egov.vn', 'Lê Hoàng Nam', HO_CHI_MINH_CITY, ['leader']),
    official('quantri.h29@demo.egov.vn', 'Ngô Thanh Tâm', HO_CHI_MINH_CITY, ['agency_admin']),
    official('chuyenvien.g15@demo.egov.vn', 'Bùi Đức Anh', MINISTRY_OF_JUSTICE, ['specialist']),
    official('vanthu.g15@demo.egov.vn', 'Trịnh Thị Mai', MINISTRY_OF_JUSTICE, ['clerk']),
    { kind: 'citizen', login: '001090000001', personalId: '001090000001', email: 'nguyenvanan@demo.egov.vn', fullName: 'Nguyễn Văn An', phone: '0912000001' },
    { kind: 'citizen', login: '022190000002', personalId: '022190000002', email: 'tranthibinh@demo.egov.vn', fullName: 'Trần Thị Bình', phone: '0983000002' },
    { kind: 'business', login: '5700100256', taxCode: '5700100256', email: 'halongxanh@demo.egov.vn', fullName: 'Công ty TNHH Hạ Long Xanh', phone: '0333000003' },
  ];

  // Argon2 is slow on purpose: one hash for all the demo accounts.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  const logins: string[] = [];
  for (const account of accounts) {
    if (account.agencyCode && !(await ctx.agencies.findAgency(account.agencyCode))) {
      log(`identity: skipped demo official ${account.email}: agency ${account.agencyCode} is not in the directory`);
      continue;
    }
    const inserted = await ctx.db.transaction().execute(async (tx) => {
      const row = await insertAccountInTx(tx, {
        kind: account.kind,
        personalId: account.personalId ?? null,
        taxCode: account.taxCode ?? null,
        email: account.email,
        phone: account.phone ?? null,
        fullName: account.fullName,
        passwordHash,
        agencyCode: account.agencyCode ?? null,
        roles: account.roles ?? [],
      });
      if (row && SECOND_FACTOR_REQUIRED.includes(row.kind)) {
        await startEnrolmentInTx(tx, row.id, encryptSecret(DEMO_TOTP_SECRET, deriveKey(ctx.config.secretKey, 'identity.totp')));
        await confirmEnrolmentInTx(tx, row.id, 0);
      }
      if (row) {
        await appendAuditInTx(tx, { actor: null, action: 'identity.demo_account_created', entityType: 'account', entityId: row.id, data: { kind: row.kind } });
      }
      return row !== undefined;
    });
    if (inserted) created++;
    const what = account.roles ? `${account.roles.join(', ')} at ${account.agencyCode}` : account.kind;
    logins.push(`  ${account.login.padEnd(30)} ${what}`);
  }
  log(`identity: ${created} demo account(s) created; demo logins (password ${DEMO_PASSWORD}; officials and admin: authenticator secret ${DEMO_TOTP_SECRET}):`);
  for (const line of logins) log(line);
}

async function findJusticeDepartment(ctx: IdentityContext): Promise<string> {
  for (const code of QUANG_NINH_JUSTICE_CANDIDATES) {
    const agency = await ctx.agencies.findAgency(code);
    if (agency && /tư pháp|justice/i.test(agency.name)) return agency.code;
  }
  return QUANG_NINH;
}
