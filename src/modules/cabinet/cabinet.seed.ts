import type { Actor } from '../../platform/module/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, type IdentityApi } from '../identity/index.ts';
import { CABINET_ROLES_BY_NAME } from './cabinet.contributions.ts';
import type { CabinetService, Position } from './cabinet.service.ts';

/** The demo data acts as the CLI does: as a system administrator, through identity's door (audited there). */
const SEED_ACTOR: Actor = { accountId: 'seed:cabinet', kind: 'admin', displayName: 'egov seed (cabinet)', agencyCode: null, roles: [] };
const GOVERNMENT_OFFICE = '000.00.00.G22';
/** The exchange's clerk role (văn thư): the secretariat takes documents received by the Government Office into a session's dossiers. */
const EXCHANGE_CLERK = 'exchange_clerk';

/** A small demo Government (names are fictitious): the Prime Minister, two deputies, six ministers. */
export const DEMO_GOVERNMENT: readonly { email: string; fullName: string; position: Position; title: string; agencyCode: string }[] = [
  { email: 'thutuong@demo.egov.vn', fullName: 'Nguyễn Quốc Khánh', position: 'prime_minister', title: 'Thủ tướng Chính phủ', agencyCode: GOVERNMENT_OFFICE },
  { email: 'phothutuong1@demo.egov.vn', fullName: 'Trần Văn Đức', position: 'deputy_prime_minister', title: 'Phó Thủ tướng Chính phủ', agencyCode: GOVERNMENT_OFFICE },
  { email: 'phothutuong2@demo.egov.vn', fullName: 'Lê Thị Thu Hà', position: 'deputy_prime_minister', title: 'Phó Thủ tướng Chính phủ', agencyCode: GOVERNMENT_OFFICE },
  { email: 'botruong.g12@demo.egov.vn', fullName: 'Phạm Minh Tuấn', position: 'minister', title: 'Bộ trưởng Bộ Tài chính', agencyCode: '000.00.00.G12' },
  { email: 'botruong.g15@demo.egov.vn', fullName: 'Đặng Thị Ngọc', position: 'minister', title: 'Bộ trưởng Bộ Tư pháp', agencyCode: '000.00.00.G15' },
  { email: 'botruong.g09@demo.egov.vn', fullName: 'Hoàng Văn Sơn', position: 'minister', title: 'Bộ trưởng Bộ Nội vụ', agencyCode: '000.00.00.G09' },
  { email: 'botruong.g18@demo.egov.vn', fullName: 'Vũ Thị Mai Anh', position: 'minister', title: 'Bộ trưởng Bộ Y tế', agencyCode: '000.00.00.G18' },
  { email: 'botruong.g03@demo.egov.vn', fullName: 'Bùi Quang Vinh', position: 'minister', title: 'Bộ trưởng Bộ Giáo dục và Đào tạo', agencyCode: '000.00.00.G03' },
  { email: 'botruong.g08@demo.egov.vn', fullName: 'Ngô Thanh Bình', position: 'minister', title: 'Bộ trưởng Bộ Ngoại giao', agencyCode: '000.00.00.G08' },
];
export const DEMO_SECRETARIAT = { email: 'thuky.vpcp@demo.egov.vn', fullName: 'Đỗ Thị Phương Thảo', agencyCode: GOVERNMENT_OFFICE };

const ROLE_OF: Record<Position, string> = {
  prime_minister: CABINET_ROLES_BY_NAME.primeMinister,
  deputy_prime_minister: CABINET_ROLES_BY_NAME.deputyPrimeMinister,
  minister: CABINET_ROLES_BY_NAME.minister,
};

/**
 * Idempotent: the demo Government's officials (password and authenticator as identity's demo
 * officials) and their registration as members. Accounts that exist are looked up, not remade.
 */
export async function seedDemoGovernment(identity: Pick<IdentityApi, 'listOfficials' | 'createOfficial'>, cabinet: CabinetService, log: (line: string) => void): Promise<void> {
  const people = [...DEMO_GOVERNMENT.map((m) => ({ ...m, roles: [ROLE_OF[m.position]] })), { ...DEMO_SECRETARIAT, position: null, title: 'Thư ký', roles: [CABINET_ROLES_BY_NAME.secretariat, EXCHANGE_CLERK] }];
  const existing = new Map<string, string>();
  for (const code of new Set(people.map((p) => p.agencyCode))) {
    for (const o of await identity.listOfficials(SEED_ACTOR, { agencyCode: code })) existing.set(o.email, o.id);
  }
  const missing = people.filter((p) => !existing.has(p.email));
  // Each account hashes its password (argon2, slow on purpose): a few at a time.
  for (let i = 0; i < missing.length; i += 4) {
    const made = await Promise.all(
      missing.slice(i, i + 4).map((p) => identity.createOfficial(SEED_ACTOR, { email: p.email, fullName: p.fullName, agencyCode: p.agencyCode, roles: p.roles, password: DEMO_PASSWORD, demoAuthenticator: true })),
    );
    for (const m of made) existing.set(m.account.email, m.account.id);
  }
  const members = new Set((await cabinet.listMembers()).map((m) => m.accountId));
  let seat = 0;
  for (const m of DEMO_GOVERNMENT) {
    seat++;
    const id = existing.get(m.email);
    if (!id || members.has(id)) continue;
    await cabinet.registerMember(SEED_ACTOR, { accountId: id, fullName: m.fullName, email: m.email, position: m.position, title: m.title, agencyCode: m.agencyCode, seat });
  }
  log(`cabinet: demo Government of ${DEMO_GOVERNMENT.length} members (${missing.length} account(s) created): Prime Minister ${DEMO_GOVERNMENT[0]!.email}, secretariat ${DEMO_SECRETARIAT.email}, ministers botruong.<ministry code>@demo.egov.vn; password ${DEMO_PASSWORD}, authenticator secret ${DEMO_TOTP_SECRET}`);
}
