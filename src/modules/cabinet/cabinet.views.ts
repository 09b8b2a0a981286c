import { sql, type Executor } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { proposedWithoutDebate, tallyVote, type Choice, type PollAnswer, type PollTally, type VoteTally } from './cabinet.rules.ts';
import type { Core } from './cabinet.core.ts';
import { loadDrafts, type DraftView } from './cabinet.drafts-view.ts';
import { type Position, type SessionKind, type Stance, type AttendanceMode, activeMembers, type SessionRow, type ItemRow, type DocumentRow, type VoteRow, ITEM_COLUMNS, requireSessionAccess } from './cabinet.model.ts';

// ——— views ———

export interface ItemView {
  id: number;
  ordinal: number;
  title: string;
  summary: string;
  presenter: string;
  slotMinutes: number;
  secret: boolean;
  state: ItemRow['state'];
  conclusion: string | null;
  tasks: { content: string; leadAgencyCode: string; deadline: string }[];
  comments: { author: string; body: string; at: Date }[];
  documents: { id: number; fileName: string; pages: number; sizeBytes: number }[];
  /** Draft documents in versions, with the changes members proposed. */
  drafts: DraftView[];
  positions: { agree: number; objection: number; wishToSpeak: number; mine: Stance | null; objectors: string[] };
  proposedWithoutDebate: boolean;
  vote: VoteView | null;
}

export interface VoteView {
  id: number;
  question: string;
  open: boolean;
  myChoice: Choice | null;
  cast: number;
  membersTotal: number;
  result: VoteRow['result'];
  tieBrokenByPm: boolean;
  tally: VoteTally | null;
  /** Named vote: every member's ballot, once the vote is closed. */
  ballots: { fullName: string; title: string; choice: Choice | null; castBy: string | null }[];
  /** Members the viewer may vote for as their delegate (when the session allows it), with their ballot if cast. */
  representing: { accountId: string; fullName: string; choice: Choice | null }[];
}

export interface SessionView {
  id: number;
  kind: SessionKind;
  title: string;
  startsAt: Date;
  location: string;
  positionsCutoff: Date;
  status: SessionRow['status'];
  quorumPercent: number;
  currentItemId: number | null;
  items: ItemView[];
  attendance: { accountId: string; fullName: string; mode: AttendanceMode | null; reason: string }[];
  viewer: { secretariat: boolean; member: boolean; position: Position | null };
  now: Date;
  minutesSigned: { at: Date; by: string } | null;
  allowVoteDelegation: boolean;
}

export interface PollView {
  id: number;
  title: string;
  question: string;
  secret: boolean;
  documentName: string | null;
  workingDays: number;
  silenceIsConsent: boolean;
  reminderHours: number[];
  issuedAt: Date;
  deadline: Date;
  closed: boolean;
  myAnswer: { answer: PollAnswer; comment: string } | null;
  replies: number;
  membersTotal: number;
  tally: PollTally | null;
  allowDelegation: boolean;
  /** Every member's answer, once the poll is closed (or to the secretariat); `answeredBy` names a delegate who replied for the member. */
  answers: { fullName: string; title: string; answer: PollAnswer | null; comment: string; deemed: boolean; answeredAt: Date | null; answeredBy: string | null }[];
  /** Members the viewer may reply for as their delegate (when the poll allows it), with whether they have a reply. */
  representing: { accountId: string; fullName: string; answered: boolean }[];
  viewer: { secretariat: boolean; member: boolean };
  drafts: DraftView[];
}

/** A session as the actor may see it (throws `cabinet.no_access` otherwise). */
export async function buildSessionView(core: Core, tx: Executor, actor: Actor | undefined, session: SessionRow): Promise<SessionView> {
  const { now } = core;
  const access = await requireSessionAccess(tx, actor, session);
  const at = await now();
  const members = await activeMembers(tx);
  const nameOf = new Map(members.map((m) => [m.accountId, m]));
  const items = (await sql<ItemRow>`SELECT ${ITEM_COLUMNS} FROM cabinet_items WHERE session_id = ${session.id} ORDER BY ordinal`.execute(tx)).rows;
  const ids = items.map((i) => i.id);
  const docs = ids.length ? (await sql<DocumentRow>`SELECT id, item_id, file_name, sha256, content_type, size_bytes, pages FROM cabinet_documents WHERE item_id = ANY(${ids}::bigint[]) ORDER BY id`.execute(tx)).rows : [];
  const positions = ids.length ? (await sql<{ item_id: number; account_id: string; stance: Stance }>`SELECT item_id, account_id, stance FROM cabinet_positions WHERE item_id = ANY(${ids}::bigint[])`.execute(tx)).rows : [];
  const votes = ids.length ? (await sql<VoteRow>`SELECT DISTINCT ON (item_id) id, item_id, question, members_total, quorum_percent, opened_at, closed_at, result, tie_broken_by_pm FROM cabinet_votes WHERE item_id = ANY(${ids}::bigint[]) ORDER BY item_id, id DESC`.execute(tx)).rows : [];
  const voteIds = votes.map((v) => v.id);
  const ballots = voteIds.length ? (await sql<{ vote_id: number; account_id: string; choice: Choice; cast_by_name: string | null }>`SELECT vote_id, account_id, choice, cast_by_name FROM cabinet_ballots WHERE vote_id = ANY(${voteIds}::bigint[])`.execute(tx)).rows : [];
  const attendance = (await sql<{ account_id: string; mode: AttendanceMode; reason: string }>`SELECT account_id, mode, reason FROM cabinet_attendance WHERE session_id = ${session.id}`.execute(tx)).rows;
  const comments = ids.length ? (await sql<{ item_id: number; author_name: string; body: string; created_at: Date }>`SELECT item_id, author_name, body, created_at FROM cabinet_comments WHERE item_id = ANY(${ids}::bigint[]) ORDER BY id`.execute(tx)).rows : [];
  const drafts = await loadDrafts(tx, { itemIds: ids }, actor?.accountId);
  const tasks = ids.length ? (await sql<{ item_id: number; content: string; lead_agency_code: string; deadline: string }>`SELECT item_id, content, lead_agency_code, deadline FROM cabinet_conclusion_tasks WHERE item_id = ANY(${ids}::bigint[]) ORDER BY id`.execute(tx)).rows : [];
  const me = actor?.accountId;
  const pmId = members.find((m) => m.position === 'prime_minister')?.accountId;
  return {
    id: session.id,
    kind: session.kind,
    title: session.title,
    startsAt: session.starts_at,
    location: session.location,
    positionsCutoff: session.positions_cutoff,
    status: session.status,
    quorumPercent: session.quorum_percent,
    currentItemId: session.current_item_id,
    now: at,
    allowVoteDelegation: session.allow_vote_delegation,
    minutesSigned: session.minutes_signed_at ? { at: session.minutes_signed_at, by: session.minutes_signed_name ?? '' } : null,
    viewer: { secretariat: access.secretariat, member: Boolean(access.member), position: access.member?.position ?? null },
    attendance: members.map((m) => {
      const a = attendance.find((x) => x.account_id === m.accountId);
      return { accountId: m.accountId, fullName: m.fullName, mode: a?.mode ?? null, reason: a?.reason ?? '' };
    }),
    items: items.map((item) => {
      const mine = positions.filter((p) => p.item_id === item.id);
      const vote = votes.find((v) => v.item_id === item.id);
      const voteBallots = vote ? ballots.filter((b) => b.vote_id === vote.id) : [];
      const closed = Boolean(vote?.closed_at);
      return {
        id: item.id,
        ordinal: item.ordinal,
        title: item.title,
        summary: item.summary,
        presenter: item.presenter,
        slotMinutes: item.slot_minutes,
        secret: item.secret,
        state: item.state,
        conclusion: item.conclusion,
        comments: comments.filter((c) => c.item_id === item.id).map((c) => ({ author: c.author_name, body: c.body, at: c.created_at })),
        tasks: tasks.filter((x) => x.item_id === item.id).map((x) => ({ content: x.content, leadAgencyCode: x.lead_agency_code, deadline: x.deadline })),
        documents: docs.filter((d) => d.item_id === item.id).map((d) => ({ id: d.id, fileName: d.file_name, pages: d.pages, sizeBytes: d.size_bytes })),
        drafts: drafts.filter((d) => d.itemId === item.id),
        positions: {
          agree: mine.filter((p) => p.stance === 'agree').length,
          objection: mine.filter((p) => p.stance === 'objection').length,
          wishToSpeak: mine.filter((p) => p.stance === 'wish_to_speak').length,
          mine: mine.find((p) => p.account_id === me)?.stance ?? null,
          objectors: mine.filter((p) => p.stance === 'objection').map((p) => nameOf.get(p.account_id)?.fullName ?? p.account_id),
        },
        proposedWithoutDebate: session.status !== 'draft' && proposedWithoutDebate(item, mine.map((p) => p.stance), session.positions_cutoff, at),
        vote: vote
          ? {
              id: vote.id,
              question: vote.question,
              open: !closed,
              myChoice: voteBallots.find((b) => b.account_id === me)?.choice ?? null,
              cast: voteBallots.length,
              membersTotal: vote.members_total,
              result: vote.result,
              tieBrokenByPm: vote.tie_broken_by_pm,
              tally: closed ? tallyVote({ membersTotal: vote.members_total, quorumPercent: vote.quorum_percent, ballots: voteBallots.map((b) => ({ choice: b.choice, primeMinister: b.account_id === pmId })) }) : null,
              ballots: closed ? members.map((m) => ({ fullName: m.fullName, title: m.title, choice: voteBallots.find((b) => b.account_id === m.accountId)?.choice ?? null, castBy: voteBallots.find((b) => b.account_id === m.accountId)?.cast_by_name ?? null })) : [],
              representing: access.representing.map((m) => ({ accountId: m.accountId, fullName: m.fullName, choice: voteBallots.find((b) => b.account_id === m.accountId)?.choice ?? null })),
            }
          : null,
      };
    }),
  };
}
