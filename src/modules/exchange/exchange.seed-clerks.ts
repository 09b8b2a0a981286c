import type { Actor } from '../../platform/module/index.ts';
import { DEMO_PASSWORD, type IdentityApi } from '../identity/index.ts';
import { EXCHANGE_CLERK_ROLE } from './exchange.contributions.ts';

/** The demo data acts as the CLI does: as a system administrator, through identity's door (audited there). */
const SEED_ACTOR: Actor = { accountId: 'seed:exchange', kind: 'admin', displayName: 'egov seed (exchange)', agencyCode: null, roles: [] };

const DEMO_CLERKS = [
  { email: 'vanthu.h49@demo.egov.vn', fullName: 'Nguyễn Thị Hoa', agencyCode: '000.00.00.H49' },
  { email: 'vanthu.g15@demo.egov.vn', fullName: 'Trịnh Thị Mai', agencyCode: '000.00.00.G15' },
] as const;

/**
 * The demo clerks (văn thư) of Quảng Ninh and the Ministry of Justice hold the exchange's own
 * role. Idempotent: a clerk that exists gets the role added (a demo database made before the
 * role existed gave the Justice clerk the one-stop `clerk` role instead, which is replaced).
 */
export async function seedDemoClerks(identity: Pick<IdentityApi, 'listOfficials' | 'createOfficial' | 'updateOfficial'>, log: (line: string) => void): Promise<void> {
  for (const clerk of DEMO_CLERKS) {
    const officials = await identity.listOfficials(SEED_ACTOR, { agencyCode: clerk.agencyCode });
    const existing = officials.find((o) => o.email === clerk.email);
    if (!existing) {
      await identity.createOfficial(SEED_ACTOR, { ...clerk, roles: [EXCHANGE_CLERK_ROLE], password: DEMO_PASSWORD });
      log(`exchange: demo clerk ${clerk.email} (${EXCHANGE_CLERK_ROLE}) at ${clerk.agencyCode}`);
    } else if (!existing.roles.includes(EXCHANGE_CLERK_ROLE)) {
      const roles = [...existing.roles.filter((r) => r !== 'clerk'), EXCHANGE_CLERK_ROLE];
      await identity.updateOfficial(SEED_ACTOR, existing.id, { roles });
      log(`exchange: demo clerk ${clerk.email} now holds ${EXCHANGE_CLERK_ROLE}`);
    }
  }
}
