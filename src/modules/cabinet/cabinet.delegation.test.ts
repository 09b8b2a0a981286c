import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { pdfText } from './cabinet.pdf-text.ts';
import { renderMinutesPdf } from './cabinet.pdf.ts';
import { member, outsider, secretariat, setUpCabinet } from './cabinet.test-support.ts';

type Setup = Awaited<ReturnType<typeof setUpCabinet>>;
let t: Setup;

beforeAll(async () => {
  t = await setUpCabinet('2026-12-07T01:00:00Z');
  await t.api.setDelegate(secretariat, 'acc-min5', { accountId: 'acc-deputy', fullName: 'Thứ trưởng Bộ 5' });
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const deputy = (secondFactorAt: string | null = new Date().toISOString()) => ({ ...outsider, accountId: 'acc-deputy', displayName: 'Thứ trưởng Bộ 5', roles: ['cabinet_invited'], secondFactorAt });

async function sessionWithVote(allowVoteDelegation: boolean) {
  const { id } = await t.api.createSession(secretariat, { kind: 'regular', title: 'Phiên họp', startsAt: '2026-12-09T08:00', positionsCutoff: '2026-12-08T17:00', allowVoteDelegation });
  const { id: itemId } = await t.api.addItem(secretariat, id, { title: 'Dự thảo Luật' });
  await t.api.publishSession(secretariat, id);
  const { id: voteId } = await t.api.openVote(secretariat, itemId, { question: 'Thông qua?' });
  return { id, voteId };
}

describe('delegation of a member’s ballot to their delegate', () => {
  it('is refused where the session’s rules do not allow it: the delegate neither reads the session nor votes', async () => {
    const { id, voteId } = await sessionWithVote(false);
    await expect(t.api.getSession(deputy(), id)).rejects.toMatchObject({ code: 'cabinet.no_access' });
    await expect(t.api.castBallot(deputy(), voteId, { choice: 'for', onBehalfOf: 'acc-min5' })).rejects.toMatchObject({ code: 'cabinet.vote_delegation_not_allowed' });
  });

  it('where allowed, the delegate votes for the member with step-up; recorded as such in the results, the audit and the minutes PDF', async () => {
    const { id, voteId } = await sessionWithVote(true);
    const seen = await t.api.getSession(deputy(), id);
    expect(seen.allowVoteDelegation).toBe(true);
    expect(seen.items[0]!.vote!.representing).toEqual([{ accountId: 'acc-min5', fullName: 'Bộ trưởng 5', choice: null }]);
    // Only for the member they stand in for, and only with a fresh second factor.
    await expect(t.api.castBallot(deputy(), voteId, { choice: 'for', onBehalfOf: 'acc-min4' })).rejects.toMatchObject({ code: 'cabinet.not_a_delegate' });
    await expect(t.api.castBallot(deputy(null), voteId, { choice: 'for', onBehalfOf: 'acc-min5' })).rejects.toMatchObject({ code: 'identity.step_up_required' });
    await expect(t.api.castBallot(deputy(), voteId, { choice: 'for' })).rejects.toMatchObject({ code: 'cabinet.not_a_member' });
    await t.api.castBallot(deputy(), voteId, { choice: 'against', onBehalfOf: 'acc-min5' });
    await expect(t.api.castBallot(member('min5'), voteId, { choice: 'for' })).rejects.toMatchObject({ code: 'cabinet.already_voted' });
    await expect(t.api.castBallot(deputy(), voteId, { choice: 'for', onBehalfOf: 'acc-min5' })).rejects.toMatchObject({ code: 'cabinet.already_voted' });
    for (const m of ['pm', 'dpm1', 'min1'] as const) await t.api.castBallot(member(m), voteId, { choice: 'for' });
    await t.api.closeVote(secretariat, voteId);
    const view = await t.api.getSession(member('pm'), id);
    const ballots = view.items[0]!.vote!.ballots;
    expect(ballots.find((b) => b.fullName === 'Bộ trưởng 5')).toMatchObject({ choice: 'against', castBy: 'Thứ trưởng Bộ 5' });
    expect(ballots.find((b) => b.fullName === 'Thủ tướng A')).toMatchObject({ choice: 'for', castBy: null });
    const audit = (await sql<{ actor: string; data: { member?: string; delegated?: boolean } }>`SELECT actor, data FROM audit_log WHERE action = 'cabinet.ballot_cast' AND entity_id = ${String(voteId)} ORDER BY seq`.execute(t.db)).rows;
    expect(audit[0]).toMatchObject({ actor: 'acc-deputy', data: { member: 'acc-min5', delegated: true } });
    expect(pdfText(await renderMinutesPdf(view, 'Thư ký', new Date())).replace(/\s+/g, ' ')).toContain('Bộ trưởng 5: không tán thành (do Thứ trưởng Bộ 5 biểu quyết thay theo ủy quyền)');
  });
});
