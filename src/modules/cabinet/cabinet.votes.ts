import { sql } from '../../platform/db/index.ts';
import { type FieldError } from '../../platform/errors/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { requireRecentSecondFactor } from '../identity/index.ts';
import { CabinetErrors } from './cabinet.errors.ts';
import type { DecisionTaken } from './cabinet.facts.ts';
import { tallyVote, type Choice, type VoteTally } from './cabinet.rules.ts';
import type { Core } from './cabinet.core.ts';
import { representedBy, signedIn, official, requireSecretariat, activeMembers, requireMember, findSession, findItem, findVote, text, oneOf, check, CHOICES } from './cabinet.model.ts';

/** Named votes in session. */
export function voteUseCases(core: Core) {
  const { db, now, audit } = core;
  const api = {
    async openVote(actor: Actor | undefined, itemId: number, input: { question: string }): Promise<{ id: number }> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const question = text(input.question, 'question', problems, { max: 1000 });
      check(problems);
      const at = await now();
      return db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId, true);
        const session = await findSession(tx, item.session_id);
        if (session.status !== 'in_progress' && session.status !== 'published') throw CabinetErrors.stateConflict('Phiên họp chưa gửi hoặc đã kết thúc.');
        if (item.state !== 'pending') throw CabinetErrors.stateConflict('Nội dung đã được kết luận.');
        const open = (await sql<{ id: number }>`SELECT id FROM cabinet_votes WHERE item_id = ${itemId} AND closed_at IS NULL`.execute(tx)).rows;
        if (open.length > 0) throw CabinetErrors.stateConflict('Đang có cuộc biểu quyết về nội dung này.');
        const members = await activeMembers(tx);
        if (members.length === 0) throw CabinetErrors.stateConflict('Chưa có thành viên Chính phủ.');
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_votes (item_id, question, members_total, quorum_percent, opened_at) VALUES (${itemId}, ${question}, ${members.length}, ${session.quorum_percent}, ${at}) RETURNING id`.execute(tx);
        await audit(tx, who, 'cabinet.vote_opened', 'cabinet_vote', rows[0]!.id, { itemId, membersTotal: members.length, quorumPercent: session.quorum_percent });
        return { id: rows[0]!.id };
      });
    },

    /** A member's named ballot, confirmed with a recent second factor; once, while the vote is open. */
    /**
     * A member's named ballot, confirmed with a recent second factor; once, while the vote is
     * open. Where the session's rules allow it, a member's delegate casts it for them
     * (`onBehalfOf`: the member's account), with their own second factor; recorded as such.
     */
    async castBallot(actor: Actor | undefined, voteId: number, input: { choice: string; onBehalfOf?: string | undefined }): Promise<void> {
      official(actor);
      const delegated = input.onBehalfOf !== undefined && input.onBehalfOf !== '' && input.onBehalfOf !== actor?.accountId;
      const member = delegated ? (await representedBy(db, signedIn(actor))).find((m) => m.accountId === input.onBehalfOf) : await requireMember(db, actor);
      if (!member) throw CabinetErrors.notADelegate();
      // Step-up against the real time: the second factor was given on the real clock.
      requireRecentSecondFactor(actor!);
      const problems: FieldError[] = [];
      const choice = oneOf(input.choice, CHOICES, 'choice', problems);
      check(problems);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const vote = await findVote(tx, voteId, true);
        if (vote.closed_at) throw CabinetErrors.voteClosed();
        if (delegated) {
          const session = await findSession(tx, (await findItem(tx, vote.item_id)).session_id);
          if (!session.allow_vote_delegation) throw CabinetErrors.voteDelegationNotAllowed();
        }
        const by = delegated ? { id: actor!.accountId, name: actor!.displayName } : { id: null, name: null };
        const inserted = await sql<{ vote_id: number }>`INSERT INTO cabinet_ballots (vote_id, account_id, choice, cast_at, cast_by, cast_by_name) VALUES (${voteId}, ${member.accountId}, ${choice}, ${at}, ${by.id}, ${by.name}) ON CONFLICT DO NOTHING RETURNING vote_id`.execute(tx);
        if (inserted.rows.length === 0) throw CabinetErrors.alreadyVoted();
        await audit(tx, actor ?? null, 'cabinet.ballot_cast', 'cabinet_vote', voteId, { choice, secondFactorAt: actor?.secondFactorAt ?? null, ...(delegated ? { member: member.accountId, delegated: true } : {}) });
      });
    },

    async closeVote(actor: Actor | undefined, voteId: number): Promise<VoteTally> {
      const who = requireSecretariat(actor);
      const at = await now();
      return db.transaction().execute(async (tx) => {
        const vote = await findVote(tx, voteId, true);
        if (vote.closed_at) throw CabinetErrors.voteClosed();
        const members = await activeMembers(tx);
        const pmId = members.find((m) => m.position === 'prime_minister')?.accountId;
        const ballots = (await sql<{ account_id: string; choice: Choice }>`SELECT account_id, choice FROM cabinet_ballots WHERE vote_id = ${voteId}`.execute(tx)).rows;
        const tally = tallyVote({ membersTotal: vote.members_total, quorumPercent: vote.quorum_percent, ballots: ballots.map((b) => ({ choice: b.choice, primeMinister: b.account_id === pmId })) });
        await sql`UPDATE cabinet_votes SET closed_at = ${at}, result = ${tally.result}, tie_broken_by_pm = ${tally.tieBrokenByPm} WHERE id = ${voteId}`.execute(tx);
        await recordFactsInTx(tx, [{ type: 'cabinet.decision_taken', payload: { source: 'vote', id: String(voteId), result: tally.result, tieBrokenByPm: tally.tieBrokenByPm } satisfies DecisionTaken }]);
        await audit(tx, who, 'cabinet.vote_closed', 'cabinet_vote', voteId, { ...tally });
        return tally;
      });
    },

  };
  return api;
}
