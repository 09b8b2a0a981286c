import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/module/index.ts';
import { DEMO_PASSWORD } from '../identity/index.ts';
import type { FeedbackContext } from './feedback.context.ts';

/** The system acting for the demo seed (an administrator no one signs in as). */
const SEED_ACTOR: Actor = Object.freeze({ accountId: '00000000-0000-0000-0000-000000000000', kind: 'admin', displayName: 'feedback demo', agencyCode: null, roles: [] });

/** Feedback officers: the portal's operator, who classifies what names no agency, and a department. */
export const DEMO_FEEDBACK_OFFICERS = [
  { email: 'pakn.g22@demo.egov.vn', fullName: 'Nguyễn Thị Thu Hà', agencyCode: '000.00.00.G22' },
  { email: 'pakn.01h49@demo.egov.vn', fullName: 'Trần Văn Minh', agencyCode: '000.00.01.H49' },
] as const;

/** Finished dossiers (result returned) of the demo citizen Nguyễn Văn An, for satisfaction ratings. */
export const DEMO_FINISHED_DOSSIERS = ['000.00.51.H49-251110-0901', '000.00.51.H49-251112-0902'] as const;

/**
 * Demo data, idempotent: two feedback officers (each an argon2 hash, so only two), and two
 * dossiers of the demo citizen whose result was returned, pushed through the dossier store's
 * sync door as the ward's one-stop system would have reported them.
 */
export async function seedDemoFeedback(ctx: FeedbackContext, log: (line: string) => void): Promise<void> {
  const existing = new Set((await ctx.identity.listOfficials(SEED_ACTOR, {})).map((o) => o.email));
  let created = 0;
  for (const officer of DEMO_FEEDBACK_OFFICERS) {
    if (existing.has(officer.email) || !(await ctx.agencies.findAgency(officer.agencyCode))) continue;
    await ctx.identity.createOfficial(SEED_ACTOR, { ...officer, roles: ['feedback_officer'], password: DEMO_PASSWORD });
    created++;
  }
  const ward = '000.00.51.H49';
  if (await ctx.agencies.findAgency(ward)) {
    const items = DEMO_FINISHED_DOSSIERS.map((code, i) => {
      const receivedAt = new Date(Date.parse(`2025-11-${10 + 2 * i}T09:00:00+07:00`));
      const stateAt = new Date(receivedAt.getTime() + 3 * 86_400_000);
      const original = { MaHoSo: code, note: 'demo: finished dossier for satisfaction ratings (feedback module)' };
      return {
        code, procedureCode: '1.001193.000.00.00.H49', procedureName: 'Đăng ký khai sinh', applicantKind: 1, applicantIdentifier: '001090000001',
        applicantName: 'Nguyễn Văn An', applicantPhoneLast4: '0001', applicantEmail: 'nguyenvanan@demo.egov.vn', receivingAgency: ward, status: 10,
        receivedAt, dueAt: new Date(receivedAt.getTime() + 5 * 86_400_000), stateAt, handledBy: 'Ủy ban nhân dân phường Hồng Gai',
        original, contentHash: createHash('sha256').update(JSON.stringify(original)).digest('hex'),
      };
    });
    await ctx.dossiers.syncDossiers({ clientId: 'feedback-demo-seed', mayWrite: (agency) => agency === ward }, 'upsert', items);
  }
  log(`feedback: ${created} demo feedback officer(s) (${DEMO_FEEDBACK_OFFICERS.map((o) => o.email).join(', ')}; password ${DEMO_PASSWORD}); finished dossiers to rate for 001090000001: ${DEMO_FINISHED_DOSSIERS.join(', ')}`);
}
