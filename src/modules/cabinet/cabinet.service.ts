import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Config } from '../../platform/config/index.ts';
import { sql, type Db, type Executor } from '../../platform/db/index.ts';
import { isDomainError, type FieldError } from '../../platform/errors/index.ts';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import { requireRecentSecondFactor } from '../identity/index.ts';
import { CABINET_ROLES_BY_NAME, MEMBER_ROLES } from './cabinet.contributions.ts';
import { watermarkPdf } from './cabinet.watermark.ts';
import { CabinetErrors } from './cabinet.errors.ts';
import type { ConclusionRecorded, DecisionTaken, PaperSaved } from './cabinet.facts.ts';
import {
  countPdfPages,
  dueReminders,
  formatDeadline,
  pagesSaved,
  pollDeadline,
  POLL_MAX_WORKING_DAYS,
  POLL_MIN_WORKING_DAYS,
  proposedWithoutDebate,
  tallyPoll,
  tallyVote,
  type Choice,
  type PollAnswer,
  type PollTally,
  type VoteTally,
} from './cabinet.rules.ts';

export type Position = 'prime_minister' | 'deputy_prime_minister' | 'minister';
export type SessionKind = 'regular' | 'thematic' | 'extraordinary';
export type Stance = 'agree' | 'objection' | 'wish_to_speak';
export type AttendanceMode = 'room' | 'remote' | 'absent';

export interface Member {
  accountId: string;
  fullName: string;
  email: string;
  position: Position;
  title: string;
  agencyCode: string;
  seat: number;
}

/** The part of the document exchange the cabinet uses: a package's model, read as the actor (a clerk or leader of a recipient agency). */
export interface ExchangeReader {
  readModel(caller: { kind: 'official'; actor: Actor | undefined }, id: string): Promise<{ package: { id: string; documentId: string; subject: string | null }; model: { kind: string; attachments?: { attachmentName: string | null; contentType: string | null; content: string }[] } }>;
}

export interface CabinetDeps {
  exchange: ExchangeReader;
  /** Active officials of an agency (identity's door, read after the cabinet has authorised the actor). */
  officialsOf(agencyCode: string): Promise<{ id: string; email: string; fullName: string; status: string }[]>;
  db: Db;
  files: FileStore;
  config: Config;
  calendar: CalendarApi;
  /** Tests: a fake clock. Otherwise the real time, moved by the stored offset outside production. */
  now?: (() => Date) | undefined;
}

const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const DEFAULT_REMINDER_HOURS = [24, 4];

// ——— who is asking ———

function signedIn(actor: Actor | undefined): Actor {
  if (!actor) throw CabinetErrors.unauthenticated();
  return actor;
}

/**
 * The e-Cabinet concerns officials only (members, the secretariat, invitees are all officials):
 * a visitor is asked to sign in and a citizen refused before any session, item, document or
 * poll is looked up, so that neither learns which exist.
 */
function official(actor: Actor | undefined): Actor {
  const who = signedIn(actor);
  if (who.kind !== 'official') throw CabinetErrors.officialsOnly();
  return who;
}

const isSecretariat = (actor: Actor | undefined) => actor?.kind === 'official' && actor.roles.includes(CABINET_ROLES_BY_NAME.secretariat);

function requireSecretariat(actor: Actor | undefined): Actor {
  const who = signedIn(actor);
  if (!isSecretariat(who)) throw CabinetErrors.secretariatOnly();
  return who;
}

interface MemberRow {
  account_id: string;
  full_name: string;
  email: string;
  position: Position;
  title: string;
  agency_code: string;
  seat: number;
}

const toMember = (r: MemberRow): Member => ({ accountId: r.account_id, fullName: r.full_name, email: r.email, position: r.position, title: r.title, agencyCode: r.agency_code, seat: r.seat });

async function activeMembers(db: Executor): Promise<Member[]> {
  const { rows } = await sql<MemberRow>`SELECT account_id, full_name, email, position, title, agency_code, seat FROM cabinet_members WHERE active ORDER BY seat, full_name`.execute(db);
  return rows.map(toMember);
}

/** The member behind the actor: an official holding a member role and registered as an active member. */
async function memberOf(db: Executor, actor: Actor | undefined): Promise<Member | undefined> {
  if (actor?.kind !== 'official' || !actor.roles.some((r) => (MEMBER_ROLES as readonly string[]).includes(r))) return undefined;
  const { rows } = await sql<MemberRow>`SELECT account_id, full_name, email, position, title, agency_code, seat FROM cabinet_members WHERE account_id = ${actor.accountId} AND active`.execute(db);
  return rows[0] ? toMember(rows[0]) : undefined;
}

async function requireMember(db: Executor, actor: Actor | undefined): Promise<Member> {
  const member = await memberOf(db, signedIn(actor));
  if (!member) throw CabinetErrors.notAMember();
  return member;
}

// ——— rows ———

interface SessionRow {
  id: number;
  kind: SessionKind;
  title: string;
  starts_at: Date;
  location: string;
  positions_cutoff: Date;
  status: 'draft' | 'published' | 'in_progress' | 'closed';
  quorum_percent: number;
  current_item_id: number | null;
  published_at: Date | null;
  minutes_signed_at: Date | null;
  minutes_signed_name: string | null;
}

interface ItemRow {
  id: number;
  session_id: number;
  ordinal: number;
  title: string;
  summary: string;
  presenter: string;
  slot_minutes: number;
  secret: boolean;
  state: 'pending' | 'adopted_without_debate' | 'concluded';
  conclusion: string | null;
}

interface DocumentRow {
  id: number;
  item_id: number;
  file_name: string;
  sha256: string;
  content_type: string;
  size_bytes: number;
  pages: number;
}

interface VoteRow {
  id: number;
  item_id: number;
  question: string;
  members_total: number;
  quorum_percent: number;
  opened_at: Date;
  closed_at: Date | null;
  result: 'passed' | 'rejected' | 'no_quorum' | null;
  tie_broken_by_pm: boolean;
}

interface PollRow {
  id: number;
  title: string;
  question: string;
  secret: boolean;
  document_sha256: string | null;
  document_name: string | null;
  working_days: number;
  silence_is_consent: boolean;
  allow_delegation: boolean;
  reminder_hours: number[];
  issued_at: Date;
  deadline: Date;
  members_total: number;
  closed_at: Date | null;
  result: 'passed' | 'rejected' | null;
  tie_broken_by_pm: boolean;
}

const SESSION_COLUMNS = sql.raw('id, kind, title, starts_at, location, positions_cutoff, status, quorum_percent, current_item_id, published_at, minutes_signed_at, minutes_signed_name');
const ITEM_COLUMNS = sql.raw('id, session_id, ordinal, title, summary, presenter, slot_minutes, secret, state, conclusion');
const POLL_COLUMNS = sql.raw('id, title, question, secret, document_sha256, document_name, working_days, silence_is_consent, allow_delegation, reminder_hours, issued_at, deadline, members_total, closed_at, result, tie_broken_by_pm');

async function findSession(db: Executor, id: number, lock = false): Promise<SessionRow> {
  if (!Number.isSafeInteger(id)) throw CabinetErrors.sessionNotFound();
  const { rows } = await sql<SessionRow>`SELECT ${SESSION_COLUMNS} FROM cabinet_sessions WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  if (!rows[0]) throw CabinetErrors.sessionNotFound();
  return rows[0];
}

async function findItem(db: Executor, id: number, lock = false): Promise<ItemRow> {
  if (!Number.isSafeInteger(id)) throw CabinetErrors.itemNotFound();
  const { rows } = await sql<ItemRow>`SELECT ${ITEM_COLUMNS} FROM cabinet_items WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  if (!rows[0]) throw CabinetErrors.itemNotFound();
  return rows[0];
}

async function findVote(db: Executor, id: number, lock = false): Promise<VoteRow> {
  if (!Number.isSafeInteger(id)) throw CabinetErrors.voteNotFound();
  const { rows } = await sql<VoteRow>`SELECT id, item_id, question, members_total, quorum_percent, opened_at, closed_at, result, tie_broken_by_pm FROM cabinet_votes WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  if (!rows[0]) throw CabinetErrors.voteNotFound();
  return rows[0];
}

async function findPoll(db: Executor, id: number, lock = false): Promise<PollRow> {
  if (!Number.isSafeInteger(id)) throw CabinetErrors.pollNotFound();
  const { rows } = await sql<PollRow>`SELECT ${POLL_COLUMNS} FROM cabinet_polls WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  if (!rows[0]) throw CabinetErrors.pollNotFound();
  return rows[0];
}

/** The members whose active delegate the actor is. */
async function representedBy(db: Executor, actor: Actor | undefined): Promise<Member[]> {
  if (actor?.kind !== 'official') return [];
  const { rows } = await sql<MemberRow>`SELECT m.account_id, m.full_name, m.email, m.position, m.title, m.agency_code, m.seat FROM cabinet_delegations d
    JOIN cabinet_members m ON m.account_id = d.member_account_id AND m.active WHERE d.delegate_account_id = ${actor.accountId} AND d.revoked_at IS NULL ORDER BY m.seat`.execute(db);
  return rows.map(toMember);
}

/** Who may read a session and its documents: the secretariat; members and invitees once published. */
async function requireSessionAccess(db: Executor, actor: Actor | undefined, session: SessionRow): Promise<{ member: Member | undefined; secretariat: boolean }> {
  const who = signedIn(actor);
  if (isSecretariat(who)) return { member: await memberOf(db, who), secretariat: true };
  if (session.status === 'draft') throw CabinetErrors.noAccess();
  const member = await memberOf(db, who);
  if (member) return { member, secretariat: false };
  if (who.kind === 'official' && who.roles.includes(CABINET_ROLES_BY_NAME.invited)) {
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one FROM cabinet_invitees WHERE session_id = ${session.id} AND account_id = ${who.accountId}`.execute(db);
    if (rows.length > 0) return { member: undefined, secretariat: false };
  }
  throw CabinetErrors.noAccess();
}

// ——— input checks ———

function text(value: unknown, field: string, problems: FieldError[], options: { max: number; required?: boolean }): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (options.required !== false && s === '') problems.push({ field, message: 'cabinet.required' });
  if (s.length > options.max) problems.push({ field, message: 'cabinet.too_long' });
  return s.slice(0, options.max);
}

function instant(value: unknown, field: string, problems: FieldError[]): Date {
  const d = value instanceof Date ? value : typeof value === 'string' ? new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}+07:00`) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) problems.push({ field, message: 'cabinet.invalid_time' });
  return d;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, problems: FieldError[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push({ field, message: 'cabinet.invalid_choice' });
  return allowed[0] as T;
}

function check(problems: FieldError[]): void {
  if (problems.length > 0) throw CabinetErrors.invalidInput(problems);
}

const SESSION_KINDS: readonly SessionKind[] = ['regular', 'thematic', 'extraordinary'];
const STANCES: readonly Stance[] = ['agree', 'objection', 'wish_to_speak'];
const CHOICES: readonly Choice[] = ['for', 'against', 'abstain'];
const ANSWERS = ['agree', 'disagree', 'other'] as const;
const MODES: readonly AttendanceMode[] = ['room', 'remote', 'absent'];

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
  ballots: { fullName: string; title: string; choice: Choice | null }[];
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
}

export function createCabinetService(deps: CabinetDeps) {
  const { db } = deps;

  async function now(): Promise<Date> {
    if (deps.now) return deps.now();
    if (deps.config.nodeEnv === 'production') return new Date();
    const { rows } = await sql<{ s: number }>`SELECT clock_offset_seconds AS s FROM cabinet_settings WHERE id = 1`.execute(db);
    return new Date(Date.now() + Number(rows[0]?.s ?? 0) * 1000);
  }

  async function audit(tx: Executor, actor: Actor | null, action: string, entityType: string, entityId: number | string, data: object = {}): Promise<void> {
    await appendAuditInTx(tx, { actor: actor?.accountId ?? null, action, entityType, entityId: String(entityId), data });
  }

  async function mailMembers(tx: Executor, members: readonly Member[], message: { subject: string; text: string }): Promise<number> {
    let sent = 0;
    for (const m of members) {
      if (!m.email) continue;
      await sendMailInTx(tx, { to: `${m.fullName} <${m.email}>`, ...message });
      sent++;
    }
    return sent;
  }

  const link = (path: string) => `${deps.config.baseUrl}${path}`;

  async function sessionView(tx: Executor, actor: Actor | undefined, session: SessionRow): Promise<SessionView> {
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
    const ballots = voteIds.length ? (await sql<{ vote_id: number; account_id: string; choice: Choice }>`SELECT vote_id, account_id, choice FROM cabinet_ballots WHERE vote_id = ANY(${voteIds}::bigint[])`.execute(tx)).rows : [];
    const attendance = (await sql<{ account_id: string; mode: AttendanceMode; reason: string }>`SELECT account_id, mode, reason FROM cabinet_attendance WHERE session_id = ${session.id}`.execute(tx)).rows;
    const comments = ids.length ? (await sql<{ item_id: number; author_name: string; body: string; created_at: Date }>`SELECT item_id, author_name, body, created_at FROM cabinet_comments WHERE item_id = ANY(${ids}::bigint[]) ORDER BY id`.execute(tx)).rows : [];
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
                ballots: closed ? members.map((m) => ({ fullName: m.fullName, title: m.title, choice: voteBallots.find((b) => b.account_id === m.accountId)?.choice ?? null })) : [],
              }
            : null,
        };
      }),
    };
  }

  async function closePollInTx(tx: Executor, poll: PollRow, at: Date): Promise<void> {
    const members = await activeMembers(tx);
    const answered = new Set((await sql<{ account_id: string }>`SELECT account_id FROM cabinet_poll_answers WHERE poll_id = ${poll.id}`.execute(tx)).rows.map((r) => r.account_id));
    const silent = members.filter((m) => !answered.has(m.accountId));
    for (const m of silent) {
      await sql`INSERT INTO cabinet_poll_answers (poll_id, account_id, answer, deemed, answered_at) VALUES (${poll.id}, ${m.accountId}, ${poll.silence_is_consent ? 'agree' : 'no_reply'}, true, ${poll.deadline})`.execute(tx);
    }
    const pmId = members.find((m) => m.position === 'prime_minister')?.accountId;
    const rows = (await sql<{ account_id: string; answer: PollAnswer; deemed: boolean }>`SELECT account_id, answer, deemed FROM cabinet_poll_answers WHERE poll_id = ${poll.id}`.execute(tx)).rows;
    const tally = tallyPoll(poll.members_total, rows.map((r) => ({ answer: r.answer, deemed: r.deemed, primeMinister: r.account_id === pmId })));
    await sql`UPDATE cabinet_polls SET closed_at = ${at}, result = ${tally.result}, tie_broken_by_pm = ${tally.tieBrokenByPm} WHERE id = ${poll.id}`.execute(tx);
    await audit(tx, null, 'cabinet.poll_closed', 'cabinet_poll', poll.id, { result: tally.result, agree: tally.agree, deemedAgree: tally.deemedAgree, disagree: tally.disagree, other: tally.other, noReply: tally.noReply });
    await recordFactsInTx(tx, [{ type: 'cabinet.decision_taken', payload: { source: 'poll', id: String(poll.id), result: tally.result, tieBrokenByPm: tally.tieBrokenByPm } satisfies DecisionTaken }]);
  }

  /** Closes the poll if its deadline has passed (whoever reads it first after the deadline). */
  async function closeIfDue(pollId: number): Promise<void> {
    const at = await now();
    await db.transaction().execute(async (tx) => {
      const poll = await findPoll(tx, pollId, true);
      if (!poll.closed_at && at.getTime() >= poll.deadline.getTime()) await closePollInTx(tx, poll, at);
    });
  }

  async function pollView(tx: Executor, actor: Actor | undefined, poll: PollRow): Promise<PollView> {
    const who = signedIn(actor);
    const secretariat = isSecretariat(who);
    const member = await memberOf(tx, who);
    const represented = poll.allow_delegation ? await representedBy(tx, who) : [];
    if (!secretariat && !member && represented.length === 0) throw CabinetErrors.noAccess();
    const members = await activeMembers(tx);
    const pmId = members.find((m) => m.position === 'prime_minister')?.accountId;
    const rows = (await sql<{ account_id: string; answer: PollAnswer; comment: string; deemed: boolean; answered_at: Date; answered_by_name: string | null }>`SELECT account_id, answer, comment, deemed, answered_at, answered_by_name FROM cabinet_poll_answers WHERE poll_id = ${poll.id}`.execute(tx)).rows;
    const closed = Boolean(poll.closed_at);
    const mine = rows.find((r) => r.account_id === who.accountId);
    const listed = closed || secretariat;
    return {
      id: poll.id,
      title: poll.title,
      question: poll.question,
      secret: poll.secret,
      documentName: poll.document_name,
      workingDays: poll.working_days,
      silenceIsConsent: poll.silence_is_consent,
      reminderHours: poll.reminder_hours,
      issuedAt: poll.issued_at,
      deadline: poll.deadline,
      closed,
      myAnswer: mine ? { answer: mine.answer, comment: mine.comment } : null,
      replies: rows.filter((r) => !r.deemed).length,
      membersTotal: poll.members_total,
      tally: closed ? tallyPoll(poll.members_total, rows.map((r) => ({ answer: r.answer, deemed: r.deemed, primeMinister: r.account_id === pmId }))) : null,
      answers: listed
        ? members.map((m) => {
            const r = rows.find((x) => x.account_id === m.accountId);
            return { fullName: m.fullName, title: m.title, answer: r?.answer ?? null, comment: r?.comment ?? '', deemed: r?.deemed ?? false, answeredAt: r?.answered_at ?? null, answeredBy: r?.answered_by_name ?? null };
          })
        : [],
      allowDelegation: poll.allow_delegation,
      representing: represented.map((m) => ({ accountId: m.accountId, fullName: m.fullName, answered: rows.some((r) => r.account_id === m.accountId) })),
      viewer: { secretariat, member: Boolean(member) },
    };
  }

  const api = {
    now,

    // ——— members ———

    listMembers: () => activeMembers(db),

    /** The secretariat (or a system administrator, for the demo data) registers a member of the Government. */
    async registerMember(actor: Actor | undefined, input: { accountId: string; fullName: string; email: string; position: string; title: string; agencyCode: string; seat: number }): Promise<Member> {
      const who = signedIn(actor);
      if (!isSecretariat(who) && who.kind !== 'admin') throw CabinetErrors.secretariatOnly();
      const problems: FieldError[] = [];
      const fullName = text(input.fullName, 'fullName', problems, { max: 100 });
      const title = text(input.title, 'title', problems, { max: 200 });
      const position = oneOf<Position>(input.position, ['prime_minister', 'deputy_prime_minister', 'minister'], 'position', problems);
      check(problems);
      return db.transaction().execute(async (tx) => {
        await sql`INSERT INTO cabinet_members (account_id, full_name, email, position, title, agency_code, seat) VALUES (${input.accountId}, ${fullName}, ${input.email}, ${position}, ${title}, ${input.agencyCode}, ${input.seat})
          ON CONFLICT (account_id) DO UPDATE SET full_name = EXCLUDED.full_name, email = EXCLUDED.email, position = EXCLUDED.position, title = EXCLUDED.title, agency_code = EXCLUDED.agency_code, seat = EXCLUDED.seat, active = true`.execute(tx);
        await audit(tx, who, 'cabinet.member_registered', 'cabinet_member', input.accountId, { position, title });
        return { accountId: input.accountId, fullName, email: input.email, position, title, agencyCode: input.agencyCode, seat: input.seat };
      });
    },

    /** The secretariat names a member's delegate (one at a time; the former one is revoked); audited. */
    async setDelegate(actor: Actor | undefined, memberAccountId: string, delegate: { accountId: string; fullName: string } | null): Promise<void> {
      const who = requireSecretariat(actor);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ account_id: string }>`SELECT account_id FROM cabinet_members WHERE account_id = ${memberAccountId} AND active FOR UPDATE`.execute(tx);
        if (rows.length === 0) throw CabinetErrors.invalidInput([{ field: 'member', message: 'cabinet.not_a_member' }]);
        if (delegate && (delegate.accountId === memberAccountId || delegate.fullName.trim() === '')) throw CabinetErrors.invalidInput([{ field: 'delegate', message: 'cabinet.invalid_choice' }]);
        await sql`UPDATE cabinet_delegations SET revoked_at = ${at} WHERE member_account_id = ${memberAccountId} AND revoked_at IS NULL`.execute(tx);
        if (delegate) await sql`INSERT INTO cabinet_delegations (member_account_id, delegate_account_id, delegate_name, created_by, created_at) VALUES (${memberAccountId}, ${delegate.accountId}, ${delegate.fullName.trim()}, ${who.accountId}, ${at})`.execute(tx);
        await audit(tx, who, delegate ? 'cabinet.delegate_named' : 'cabinet.delegate_revoked', 'cabinet_member', memberAccountId, delegate ? { delegate: delegate.accountId } : {});
      });
    },

    /** The secretariat names a member's delegate by e-mail: an official of the member's own agency. */
    async setDelegateByEmail(actor: Actor | undefined, memberAccountId: string, email: string): Promise<void> {
      requireSecretariat(actor);
      const member = (await activeMembers(db)).find((m) => m.accountId === memberAccountId);
      if (!member) throw CabinetErrors.invalidInput([{ field: 'member', message: 'cabinet.not_a_member' }]);
      const wanted = email.trim().toLowerCase();
      if (wanted === '') return api.setDelegate(actor, memberAccountId, null);
      const official = (await deps.officialsOf(member.agencyCode)).find((o) => o.email.toLowerCase() === wanted && o.status === 'active');
      if (!official) throw CabinetErrors.invalidInput([{ field: `delegate.${memberAccountId}`, message: 'cabinet.delegate_not_found' }]);
      return api.setDelegate(actor, memberAccountId, { accountId: official.id, fullName: official.fullName });
    },

    /** Members with their current delegate (the secretariat's page). */
    async membersWithDelegates(actor: Actor | undefined): Promise<(Member & { delegate: string | null })[]> {
      requireSecretariat(actor);
      const { rows } = await sql<{ member_account_id: string; delegate_name: string }>`SELECT member_account_id, delegate_name FROM cabinet_delegations WHERE revoked_at IS NULL`.execute(db);
      return (await activeMembers(db)).map((m) => ({ ...m, delegate: rows.find((r) => r.member_account_id === m.accountId)?.delegate_name ?? null }));
    },

    // ——— sessions ———

    async createSession(actor: Actor | undefined, input: { kind: string; title: string; startsAt: string | Date; location?: string; positionsCutoff: string | Date; quorumPercent?: number | undefined }): Promise<{ id: number }> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const kind = oneOf(input.kind, SESSION_KINDS, 'kind', problems);
      const title = text(input.title, 'title', problems, { max: 300 });
      const startsAt = instant(input.startsAt, 'startsAt', problems);
      const cutoff = instant(input.positionsCutoff, 'positionsCutoff', problems);
      const location = text(input.location ?? '', 'location', problems, { max: 200, required: false });
      if (problems.length === 0 && cutoff.getTime() > startsAt.getTime()) problems.push({ field: 'positionsCutoff', message: 'cabinet.cutoff_after_start' });
      const quorum = input.quorumPercent;
      if (quorum !== undefined && (!Number.isInteger(quorum) || quorum < 1 || quorum > 100)) problems.push({ field: 'quorumPercent', message: 'cabinet.invalid_quorum' });
      check(problems);
      return db.transaction().execute(async (tx) => {
        const settings = (await sql<{ q: number }>`SELECT quorum_percent AS q FROM cabinet_settings WHERE id = 1`.execute(tx)).rows[0];
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_sessions (kind, title, starts_at, location, positions_cutoff, quorum_percent, created_by)
          VALUES (${kind}, ${title}, ${startsAt}, ${location}, ${cutoff}, ${quorum ?? settings?.q ?? 50}, ${who.accountId}) RETURNING id`.execute(tx);
        const id = rows[0]!.id;
        await audit(tx, who, 'cabinet.session_created', 'cabinet_session', id, { kind, title });
        return { id };
      });
    },

    async addItem(actor: Actor | undefined, sessionId: number, input: { title: string; summary?: string; presenter?: string; slotMinutes?: number; secret?: boolean }): Promise<{ id: number }> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const title = text(input.title, 'title', problems, { max: 500 });
      const summary = text(input.summary ?? '', 'summary', problems, { max: 4000, required: false });
      const presenter = text(input.presenter ?? '', 'presenter', problems, { max: 200, required: false });
      const slot = input.slotMinutes ?? 30;
      if (!Number.isInteger(slot) || slot < 1 || slot > 600) problems.push({ field: 'slotMinutes', message: 'cabinet.invalid_minutes' });
      check(problems);
      return db.transaction().execute(async (tx) => {
        const session = await findSession(tx, sessionId, true);
        if (session.status === 'closed') throw CabinetErrors.stateConflict('Phiên họp đã kết thúc.');
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_items (session_id, ordinal, title, summary, presenter, slot_minutes, secret)
          VALUES (${sessionId}, (SELECT coalesce(max(ordinal), 0) + 1 FROM cabinet_items WHERE session_id = ${sessionId}), ${title}, ${summary}, ${presenter}, ${slot}, ${input.secret ?? false}) RETURNING id`.execute(tx);
        await audit(tx, who, 'cabinet.item_added', 'cabinet_item', rows[0]!.id, { sessionId, title });
        return { id: rows[0]!.id };
      });
    },

    async addDocument(actor: Actor | undefined, itemId: number, input: { fileName: string; contentType: string; content: Buffer }): Promise<{ id: number; pages: number }> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const fileName = text(input.fileName, 'file', problems, { max: 200 });
      if (input.content.length === 0) problems.push({ field: 'file', message: 'cabinet.required' });
      if (input.content.length > MAX_DOCUMENT_BYTES) problems.push({ field: 'file', message: 'cabinet.file_too_large' });
      check(problems);
      await findItem(db, itemId);
      const stored = await deps.files.put(input.content, { maxBytes: MAX_DOCUMENT_BYTES });
      const pages = countPdfPages(input.content);
      return db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId, true);
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_documents (item_id, file_name, sha256, content_type, size_bytes, pages, uploaded_by)
          VALUES (${item.id}, ${fileName}, ${stored.sha256}, ${input.contentType || 'application/octet-stream'}, ${input.content.length}, ${pages}, ${who.accountId}) RETURNING id`.execute(tx);
        await audit(tx, who, 'cabinet.document_added', 'cabinet_document', rows[0]!.id, { itemId, fileName, sha256: stored.sha256, pages });
        return { id: rows[0]!.id, pages };
      });
    },

    /**
     * Adds the attachments of a document received through the exchange (by its package id) to an
     * item's dossier. The exchange decides whether the actor may read the package: a clerk or
     * leader of the receiving agency.
     */
    async addDocumentsFromExchange(actor: Actor | undefined, itemId: number, packageId: string): Promise<{ ids: number[]; documentId: string }> {
      requireSecretariat(actor);
      const id = packageId.trim();
      if (id === '' || id.length > 100) throw CabinetErrors.invalidInput([{ field: 'packageId', message: 'cabinet.required' }]);
      await findItem(db, itemId);
      const { package: pkg, model } = await deps.exchange.readModel({ kind: 'official', actor }, id);
      const attachments = model.kind === 'document' ? (model.attachments ?? []) : [];
      if (attachments.length === 0) throw CabinetErrors.stateConflict('Văn bản này không có tệp đính kèm.');
      const ids: number[] = [];
      for (const [i, a] of attachments.entries()) {
        const content = Buffer.from(a.content, 'base64');
        const { id: docId } = await api.addDocument(actor, itemId, { fileName: a.attachmentName ?? `${pkg.documentId}-${i + 1}`, contentType: a.contentType ?? 'application/octet-stream', content });
        ids.push(docId);
      }
      await db.transaction().execute((tx) => audit(tx, actor ?? null, 'cabinet.documents_pulled', 'cabinet_item', itemId, { packageId: pkg.id, documentId: pkg.documentId, documents: ids }));
      return { ids, documentId: pkg.documentId };
    },

    /** Invites an official (found by e-mail among their agency's officials) to a session; they need the role `cabinet_invited` to read it. */
    async inviteAttendeeByEmail(actor: Actor | undefined, sessionId: number, input: { email: string; agencyCode: string }): Promise<void> {
      requireSecretariat(actor);
      const agency = input.agencyCode.trim().toUpperCase();
      const email = input.email.trim().toLowerCase();
      const problems: FieldError[] = [];
      if (!/^[A-Z0-9][A-Z0-9.]{2,30}$/.test(agency)) problems.push({ field: 'inviteAgency', message: 'cabinet.invalid_agency' });
      if (!email.includes('@')) problems.push({ field: 'inviteEmail', message: 'cabinet.required' });
      check(problems);
      const official = (
        await deps.officialsOf(agency).catch((error: unknown) => {
          // An agency identity does not know has no officials; anything else is a real failure.
          if (isDomainError(error)) return [];
          throw error;
        })
      ).find((o) => o.email.toLowerCase() === email && o.status === 'active');
      if (!official) throw CabinetErrors.invalidInput([{ field: 'inviteEmail', message: 'cabinet.delegate_not_found' }]);
      await api.inviteAttendee(actor, sessionId, { accountId: official.id, fullName: official.fullName });
    },

    /** The invited attendees of a session (secretariat). */
    async invitees(actor: Actor | undefined, sessionId: number): Promise<{ accountId: string; fullName: string }[]> {
      requireSecretariat(actor);
      const { rows } = await sql<{ account_id: string; full_name: string }>`SELECT account_id, full_name FROM cabinet_invitees WHERE session_id = ${sessionId} ORDER BY full_name`.execute(db);
      return rows.map((r) => ({ accountId: r.account_id, fullName: r.full_name }));
    },

    async inviteAttendee(actor: Actor | undefined, sessionId: number, input: { accountId: string; fullName: string }): Promise<void> {
      const who = requireSecretariat(actor);
      await db.transaction().execute(async (tx) => {
        await findSession(tx, sessionId, true);
        await sql`INSERT INTO cabinet_invitees (session_id, account_id, full_name) VALUES (${sessionId}, ${input.accountId}, ${input.fullName}) ON CONFLICT DO NOTHING`.execute(tx);
        await audit(tx, who, 'cabinet.attendee_invited', 'cabinet_session', sessionId, { accountId: input.accountId });
      });
    },

    /** Publishes the agenda to the members (e-mail through the outbox) and records the paper it saves. */
    async publishSession(actor: Actor | undefined, sessionId: number): Promise<{ pagesSaved: number }> {
      const who = requireSecretariat(actor);
      const at = await now();
      return db.transaction().execute(async (tx) => {
        const session = await findSession(tx, sessionId, true);
        if (session.status !== 'draft') throw CabinetErrors.stateConflict('Phiên họp đã được gửi tới thành viên.');
        const items = (await sql<ItemRow>`SELECT ${ITEM_COLUMNS} FROM cabinet_items WHERE session_id = ${sessionId}`.execute(tx)).rows;
        if (items.length === 0) throw CabinetErrors.stateConflict('Chương trình phiên họp chưa có nội dung nào.');
        const docs = (await sql<{ pages: number }>`SELECT d.pages FROM cabinet_documents d JOIN cabinet_items i ON i.id = d.item_id WHERE i.session_id = ${sessionId}`.execute(tx)).rows;
        const members = await activeMembers(tx);
        const invitees = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM cabinet_invitees WHERE session_id = ${sessionId}`.execute(tx)).rows[0]?.n ?? 0);
        await sql`UPDATE cabinet_sessions SET status = 'published', published_at = ${at} WHERE id = ${sessionId}`.execute(tx);
        // Titles of secret items are never put in an e-mail: only the date and the link.
        const agenda = items.map((i) => `${i.ordinal}. ${i.secret ? '(Nội dung mật — xem trên hệ thống)' : i.title}`).join('\n');
        await mailMembers(tx, members, {
          subject: `Giấy mời họp Chính phủ: ${session.title}`,
          text: `Kính gửi Thành viên Chính phủ,\n\nPhiên họp "${session.title}" bắt đầu lúc ${formatDateTime(session.starts_at)}.\nChương trình:\n${agenda}\n\nXin ghi ý kiến trước phiên họp (đồng ý / phản đối / đăng ký phát biểu) trước ${formatDeadline(session.positions_cutoff)} tại ${link(`/cabinet/sessions/${sessionId}`)}.\nTài liệu chỉ xem trên hệ thống.`,
        });
        const recipients = members.length + invitees;
        const saved = pagesSaved(docs.map((d) => d.pages), recipients);
        await recordFactsInTx(tx, [{ type: 'cabinet.paper_saved', payload: { source: 'session', id: String(sessionId), documents: docs.length, pages: docs.reduce((s, d) => s + d.pages, 0), recipients, pagesSaved: saved } satisfies PaperSaved }]);
        await audit(tx, who, 'cabinet.session_published', 'cabinet_session', sessionId, { members: members.length, pagesSaved: saved });
        return { pagesSaved: saved };
      });
    },

    async getSession(actor: Actor | undefined, sessionId: number): Promise<SessionView> {
      official(actor);
      const session = await findSession(db, sessionId);
      return sessionView(db, actor, session);
    },

    /** Refuses anyone but the secretariat (the pages that prepare sessions and polls). */
    assertSecretariat(actor: Actor | undefined): void {
      requireSecretariat(actor);
    },

    /** Sessions the actor may see, latest first. */
    async listSessions(actor: Actor | undefined): Promise<{ id: number; kind: SessionKind; title: string; startsAt: Date; status: SessionRow['status'] }[]> {
      official(actor);
      const who = signedIn(actor);
      const secretariat = isSecretariat(who);
      const member = await memberOf(db, who);
      const { rows } = await sql<SessionRow>`SELECT ${SESSION_COLUMNS} FROM cabinet_sessions s
        WHERE ${secretariat ? sql`true` : member ? sql`s.status <> 'draft'` : sql`s.status <> 'draft' AND EXISTS (SELECT 1 FROM cabinet_invitees v WHERE v.session_id = s.id AND v.account_id = ${who.accountId})`}
        ORDER BY s.starts_at DESC LIMIT 50`.execute(db);
      return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, startsAt: r.starts_at, status: r.status }));
    },

    async recordAttendance(actor: Actor | undefined, sessionId: number, input: { accountId: string; mode: string; reason?: string }): Promise<void> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const mode = oneOf(input.mode, MODES, 'mode', problems);
      const reason = text(input.reason ?? '', 'reason', problems, { max: 500, required: mode === 'absent' });
      check(problems);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        await findSession(tx, sessionId, true);
        await sql`INSERT INTO cabinet_attendance (session_id, account_id, mode, reason, recorded_at) VALUES (${sessionId}, ${input.accountId}, ${mode}, ${reason}, ${at})
          ON CONFLICT (session_id, account_id) DO UPDATE SET mode = EXCLUDED.mode, reason = EXCLUDED.reason, recorded_at = EXCLUDED.recorded_at`.execute(tx);
        await audit(tx, who, 'cabinet.attendance_recorded', 'cabinet_session', sessionId, { accountId: input.accountId, mode });
      });
    },

    /** A member's position on an item before the cut-off; the latest counts. */
    async recordPosition(actor: Actor | undefined, itemId: number, input: { stance: string; note?: string }): Promise<void> {
      official(actor);
      const member = await requireMember(db, actor);
      const problems: FieldError[] = [];
      const stance = oneOf(input.stance, STANCES, 'stance', problems);
      const note = text(input.note ?? '', 'note', problems, { max: 2000, required: false });
      check(problems);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId, true);
        const session = await findSession(tx, item.session_id);
        if (session.status !== 'published') throw CabinetErrors.stateConflict('Phiên họp không ở giai đoạn ghi ý kiến trước phiên họp.');
        if (at.getTime() >= session.positions_cutoff.getTime()) throw CabinetErrors.cutoffPassed();
        await sql`INSERT INTO cabinet_positions (item_id, account_id, stance, note, recorded_at) VALUES (${itemId}, ${member.accountId}, ${stance}, ${note}, ${at})
          ON CONFLICT (item_id, account_id) DO UPDATE SET stance = EXCLUDED.stance, note = EXCLUDED.note, recorded_at = EXCLUDED.recorded_at`.execute(tx);
        await audit(tx, actor ?? null, 'cabinet.position_recorded', 'cabinet_item', itemId, { stance });
      });
    },

    /** A comment on an item by someone who attends the session, before or during it. */
    async addComment(actor: Actor | undefined, itemId: number, input: { body: string }): Promise<void> {
      official(actor);
      const problems: FieldError[] = [];
      const body = text(input.body, 'comment', problems, { max: 4000 });
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId);
        const session = await findSession(tx, item.session_id);
        await requireSessionAccess(tx, actor, session);
        check(problems);
        if (session.status !== 'published' && session.status !== 'in_progress') throw CabinetErrors.stateConflict('Phiên họp chưa gửi hoặc đã kết thúc.');
        await sql`INSERT INTO cabinet_comments (item_id, account_id, author_name, body, created_at) VALUES (${itemId}, ${actor!.accountId}, ${actor!.displayName}, ${body}, ${at})`.execute(tx);
        await audit(tx, actor ?? null, 'cabinet.comment_added', 'cabinet_item', itemId);
      });
    },

    /** The secretariat confirms an item proposed for adoption without debate (no objection by the cut-off). */
    async confirmWithoutDebate(actor: Actor | undefined, itemId: number): Promise<void> {
      const who = requireSecretariat(actor);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId, true);
        const session = await findSession(tx, item.session_id);
        if (session.status === 'draft' || session.status === 'closed') throw CabinetErrors.stateConflict('Phiên họp chưa gửi hoặc đã kết thúc.');
        if (at.getTime() < session.positions_cutoff.getTime()) throw CabinetErrors.stateConflict('Chưa hết hạn ghi ý kiến trước phiên họp.');
        const stances = (await sql<{ stance: string }>`SELECT stance FROM cabinet_positions WHERE item_id = ${itemId}`.execute(tx)).rows.map((r) => r.stance);
        if (stances.includes('objection')) throw CabinetErrors.objectionRaised();
        if (!proposedWithoutDebate(item, stances, session.positions_cutoff, at)) throw CabinetErrors.stateConflict('Nội dung đã được xử lý.');
        const conclusion = 'Thông qua không thảo luận (không có ý kiến phản đối trước phiên họp).';
        await sql`UPDATE cabinet_items SET state = 'adopted_without_debate', conclusion = ${conclusion}, concluded_at = ${at} WHERE id = ${itemId}`.execute(tx);
        await recordFactsInTx(tx, [{ type: 'cabinet.conclusion_recorded', payload: { sessionId: String(session.id), itemId: String(itemId), itemTitle: item.title, conclusion, adoptedWithoutDebate: true, tasks: [] } satisfies ConclusionRecorded }]);
        await audit(tx, who, 'cabinet.adopted_without_debate', 'cabinet_item', itemId, { agree: stances.filter((s) => s === 'agree').length });
      });
    },

    /** The secretariat opens the session at an item (the item in progress). */
    async startItem(actor: Actor | undefined, itemId: number): Promise<void> {
      const who = requireSecretariat(actor);
      await db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId);
        const session = await findSession(tx, item.session_id, true);
        if (session.status !== 'published' && session.status !== 'in_progress') throw CabinetErrors.stateConflict('Phiên họp chưa gửi hoặc đã kết thúc.');
        await sql`UPDATE cabinet_sessions SET status = 'in_progress', current_item_id = ${itemId} WHERE id = ${session.id}`.execute(tx);
        await audit(tx, who, 'cabinet.item_started', 'cabinet_item', itemId, { sessionId: session.id });
      });
    },

    async closeSession(actor: Actor | undefined, sessionId: number): Promise<void> {
      const who = requireSecretariat(actor);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const session = await findSession(tx, sessionId, true);
        if (session.status === 'draft' || session.status === 'closed') throw CabinetErrors.stateConflict('Phiên họp chưa gửi hoặc đã kết thúc.');
        const open = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cabinet_votes v JOIN cabinet_items i ON i.id = v.item_id WHERE i.session_id = ${sessionId} AND v.closed_at IS NULL`.execute(tx)).rows[0]?.n ?? 0;
        if (open > 0) throw CabinetErrors.stateConflict('Còn cuộc biểu quyết chưa kết thúc.');
        await sql`UPDATE cabinet_sessions SET status = 'closed', closed_at = ${at}, current_item_id = NULL WHERE id = ${sessionId}`.execute(tx);
        await audit(tx, who, 'cabinet.session_closed', 'cabinet_session', sessionId);
      });
    },

    /** The secretariat signs the minutes of a closed session off (once; audited). */
    async signMinutes(actor: Actor | undefined, sessionId: number): Promise<void> {
      const who = requireSecretariat(actor);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const session = await findSession(tx, sessionId, true);
        if (session.status !== 'closed') throw CabinetErrors.stateConflict('Chỉ ký biên bản khi phiên họp đã kết thúc.');
        if (session.minutes_signed_at) throw CabinetErrors.stateConflict('Biên bản đã được ký xác nhận.');
        await sql`UPDATE cabinet_sessions SET minutes_signed_at = ${at}, minutes_signed_by = ${who.accountId}, minutes_signed_name = ${who.displayName} WHERE id = ${sessionId}`.execute(tx);
        await audit(tx, who, 'cabinet.minutes_signed', 'cabinet_session', sessionId);
      });
    },

    /** A session as its minutes show it (attendees only); the reading is audited. */
    async minutes(actor: Actor | undefined, sessionId: number): Promise<SessionView> {
      official(actor);
      const session = await findSession(db, sessionId);
      const view = await sessionView(db, actor, session);
      await db.transaction().execute((tx) => audit(tx, actor ?? null, 'cabinet.minutes_opened', 'cabinet_session', sessionId));
      return view;
    },

    // ——— votes ———

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
    async castBallot(actor: Actor | undefined, voteId: number, input: { choice: string }): Promise<void> {
      official(actor);
      const member = await requireMember(db, actor);
      // Step-up against the real time: the second factor was given on the real clock.
      requireRecentSecondFactor(actor!);
      const problems: FieldError[] = [];
      const choice = oneOf(input.choice, CHOICES, 'choice', problems);
      check(problems);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const vote = await findVote(tx, voteId, true);
        if (vote.closed_at) throw CabinetErrors.voteClosed();
        const inserted = await sql<{ vote_id: number }>`INSERT INTO cabinet_ballots (vote_id, account_id, choice, cast_at) VALUES (${voteId}, ${member.accountId}, ${choice}, ${at}) ON CONFLICT DO NOTHING RETURNING vote_id`.execute(tx);
        if (inserted.rows.length === 0) throw CabinetErrors.alreadyVoted();
        await audit(tx, actor ?? null, 'cabinet.ballot_cast', 'cabinet_vote', voteId, { choice, secondFactorAt: actor?.secondFactorAt ?? null });
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

    // ——— conclusions ———

    async recordConclusion(actor: Actor | undefined, itemId: number, input: { text: string; tasks?: { content: string; leadAgencyCode: string; deadline: string }[] }): Promise<void> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const conclusion = text(input.text, 'conclusion', problems, { max: 8000 });
      const tasks = (input.tasks ?? []).filter((t) => t.content.trim() !== '' || t.leadAgencyCode.trim() !== '');
      tasks.forEach((t, i) => {
        if (t.content.trim() === '') problems.push({ field: `tasks.${i}.content`, message: 'cabinet.required' });
        if (!/^[A-Z0-9][A-Z0-9.]{2,30}$/.test(t.leadAgencyCode.trim())) problems.push({ field: `tasks.${i}.leadAgencyCode`, message: 'cabinet.invalid_agency' });
        if (!/^\d{4}-\d{2}-\d{2}$/.test(t.deadline) || Number.isNaN(Date.parse(t.deadline))) problems.push({ field: `tasks.${i}.deadline`, message: 'cabinet.invalid_date' });
      });
      check(problems);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const item = await findItem(tx, itemId, true);
        const session = await findSession(tx, item.session_id);
        if (session.status === 'draft') throw CabinetErrors.stateConflict('Phiên họp chưa gửi tới thành viên.');
        if (item.state !== 'pending') throw CabinetErrors.stateConflict('Nội dung đã được kết luận.');
        const open = (await sql<{ id: number }>`SELECT id FROM cabinet_votes WHERE item_id = ${itemId} AND closed_at IS NULL`.execute(tx)).rows;
        if (open.length > 0) throw CabinetErrors.stateConflict('Còn cuộc biểu quyết chưa kết thúc.');
        await sql`UPDATE cabinet_items SET state = 'concluded', conclusion = ${conclusion}, concluded_at = ${at} WHERE id = ${itemId}`.execute(tx);
        for (const t of tasks) {
          await sql`INSERT INTO cabinet_conclusion_tasks (item_id, content, lead_agency_code, deadline) VALUES (${itemId}, ${t.content.trim()}, ${t.leadAgencyCode.trim()}, ${t.deadline})`.execute(tx);
        }
        const payload: ConclusionRecorded = { sessionId: String(session.id), itemId: String(itemId), itemTitle: item.title, conclusion, adoptedWithoutDebate: false, tasks: tasks.map((t) => ({ content: t.content.trim(), leadAgencyCode: t.leadAgencyCode.trim(), deadline: t.deadline })) };
        await recordFactsInTx(tx, [{ type: 'cabinet.conclusion_recorded', payload }]);
        await audit(tx, who, 'cabinet.conclusion_recorded', 'cabinet_item', itemId, { tasks: tasks.length });
      });
    },

    // ——— documents ———

    /** A session's document for someone who attends it; every open is audited. */
    async openDocument(actor: Actor | undefined, documentId: number): Promise<{ fileName: string; contentType: string; content: Buffer; secret: boolean; watermarked: boolean }> {
      official(actor);
      if (!Number.isSafeInteger(documentId)) throw CabinetErrors.documentNotFound();
      const doc = (await sql<DocumentRow & { session_id: number; secret: boolean }>`SELECT d.id, d.item_id, d.file_name, d.sha256, d.content_type, d.size_bytes, d.pages, i.session_id, i.secret
        FROM cabinet_documents d JOIN cabinet_items i ON i.id = d.item_id WHERE d.id = ${documentId}`.execute(db)).rows[0];
      if (!doc) throw CabinetErrors.documentNotFound();
      const session = await findSession(db, doc.session_id);
      try {
        await requireSessionAccess(db, actor, session);
      } catch (error) {
        if (actor) await db.transaction().execute((tx) => audit(tx, actor, 'cabinet.document_refused', 'cabinet_document', documentId, { sessionId: session.id }));
        throw error;
      }
      const original = await deps.files.read(doc.sha256);
      // Every copy carries its reader's name and the time it was opened, on every page.
      const openedAt = new Date();
      const marked = await watermarkPdf(original, `${actor!.displayName} — ${formatDateTime(openedAt)} — ${doc.secret ? 'MẬT — ' : ''}Chỉ dùng cho phiên họp Chính phủ`);
      await db.transaction().execute((tx) => audit(tx, actor ?? null, 'cabinet.document_opened', 'cabinet_document', documentId, { sessionId: session.id, sha256: doc.sha256, watermarked: Boolean(marked) }));
      return { fileName: doc.file_name, contentType: doc.content_type, content: marked ?? original, secret: doc.secret, watermarked: Boolean(marked) };
    },

    // ——— opinion polls ———

    async issuePoll(actor: Actor | undefined, input: { title: string; question: string; workingDays: number; silenceIsConsent: boolean; allowDelegation?: boolean; reminderHours?: number[]; secret?: boolean; document?: { fileName: string; content: Buffer } | undefined }): Promise<{ id: number; deadline: Date }> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const title = text(input.title, 'title', problems, { max: 300 });
      const question = text(input.question, 'question', problems, { max: 4000 });
      if (!Number.isInteger(input.workingDays) || input.workingDays < POLL_MIN_WORKING_DAYS || input.workingDays > POLL_MAX_WORKING_DAYS) problems.push({ field: 'workingDays', message: 'cabinet.invalid_working_days' });
      const reminders = input.reminderHours ?? DEFAULT_REMINDER_HOURS;
      if (!reminders.every((h) => Number.isInteger(h) && h > 0 && h <= 24 * 10) || reminders.length > 5) problems.push({ field: 'reminderHours', message: 'cabinet.invalid_reminders' });
      check(problems);
      const at = await now();
      const years = [at.getUTCFullYear(), at.getUTCFullYear() + 1];
      const calendar = await deps.calendar.workingCalendar(years);
      const deadline = pollDeadline(calendar, at, input.workingDays);
      const stored = input.document && input.document.content.length > 0 ? await deps.files.put(input.document.content, { maxBytes: MAX_DOCUMENT_BYTES }) : undefined;
      return db.transaction().execute(async (tx) => {
        const members = await activeMembers(tx);
        if (members.length === 0) throw CabinetErrors.stateConflict('Chưa có thành viên Chính phủ.');
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_polls (title, question, secret, document_sha256, document_name, working_days, silence_is_consent, allow_delegation, reminder_hours, issued_by, issued_at, deadline, members_total)
          VALUES (${title}, ${question}, ${input.secret ?? false}, ${stored?.sha256 ?? null}, ${stored ? input.document!.fileName.slice(0, 200) : null}, ${input.workingDays}, ${input.silenceIsConsent}, ${input.allowDelegation ?? false}, ${JSON.stringify([...new Set(reminders)])}::jsonb, ${who.accountId}, ${at}, ${deadline}, ${members.length}) RETURNING id`.execute(tx);
        const id = rows[0]!.id;
        await mailMembers(tx, members, {
          subject: input.secret ? 'Phiếu lấy ý kiến thành viên Chính phủ (tài liệu mật)' : `Phiếu lấy ý kiến thành viên Chính phủ: ${title}`,
          text: `Kính gửi Thành viên Chính phủ,\n\n${input.secret ? 'Văn phòng Chính phủ xin ý kiến về một nội dung mật.' : `Văn phòng Chính phủ xin ý kiến về: ${title}.`}\nHạn trả lời: ${formatDeadline(deadline)}.${input.silenceIsConsent ? '\nThành viên không trả lời đúng hạn được tính là đồng ý.' : ''}\nTrả lời tại ${link(`/cabinet/polls/${id}`)}.`,
        });
        if (stored) {
          const pages = countPdfPages(input.document!.content);
          await recordFactsInTx(tx, [{ type: 'cabinet.paper_saved', payload: { source: 'poll', id: String(id), documents: 1, pages, recipients: members.length, pagesSaved: pagesSaved([pages], members.length) } satisfies PaperSaved }]);
        }
        await audit(tx, who, 'cabinet.poll_issued', 'cabinet_poll', id, { workingDays: input.workingDays, deadline: deadline.toISOString(), silenceIsConsent: input.silenceIsConsent });
        return { id, deadline };
      });
    },

    /**
     * A member's answer, once, before the deadline; or, where the poll allows it, their delegate's
     * answer on their behalf (`onBehalfOf`: the member's account), recorded as such.
     */
    async answerPoll(actor: Actor | undefined, pollId: number, input: { answer: string; comment?: string; onBehalfOf?: string | undefined }): Promise<void> {
      official(actor);
      const delegated = input.onBehalfOf !== undefined && input.onBehalfOf !== '' && input.onBehalfOf !== actor?.accountId;
      const member = delegated ? (await representedBy(db, signedIn(actor))).find((m) => m.accountId === input.onBehalfOf) : await requireMember(db, actor);
      if (!member) throw CabinetErrors.notADelegate();
      // A reply to a poll is a member's decision, like a ballot: a second factor from the last
      // 5 minutes, on the real clock.
      requireRecentSecondFactor(actor!);
      const problems: FieldError[] = [];
      const answer = oneOf(input.answer, ANSWERS, 'answer', problems);
      const comment = text(input.comment ?? '', 'comment', problems, { max: 4000, required: answer === 'other' });
      check(problems);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const poll = await findPoll(tx, pollId, true);
        if (poll.closed_at || at.getTime() >= poll.deadline.getTime()) throw CabinetErrors.pollClosed();
        if (delegated && !poll.allow_delegation) throw CabinetErrors.delegationNotAllowed();
        const by = delegated ? { id: actor!.accountId, name: actor!.displayName } : { id: null, name: null };
        const inserted = await sql<{ poll_id: number }>`INSERT INTO cabinet_poll_answers (poll_id, account_id, answer, comment, answered_at, answered_by, answered_by_name) VALUES (${pollId}, ${member.accountId}, ${answer}, ${comment}, ${at}, ${by.id}, ${by.name}) ON CONFLICT DO NOTHING RETURNING poll_id`.execute(tx);
        if (inserted.rows.length === 0) throw CabinetErrors.alreadyAnswered();
        await audit(tx, actor ?? null, 'cabinet.poll_answered', 'cabinet_poll', pollId, { answer, member: member.accountId, delegated });
      });
    },

    async getPoll(actor: Actor | undefined, pollId: number): Promise<PollView> {
      official(actor);
      signedIn(actor);
      await closeIfDue(pollId);
      return pollView(db, actor, await findPoll(db, pollId));
    },

    async listPolls(actor: Actor | undefined): Promise<{ id: number; title: string; secret: boolean; deadline: Date; closed: boolean; answered: boolean }[]> {
      official(actor);
      const who = signedIn(actor);
      const delegateOnly = !isSecretariat(who) && !(await memberOf(db, who));
      if (delegateOnly && (await representedBy(db, who)).length === 0) throw CabinetErrors.noAccess();
      const at = await now();
      const { rows } = await sql<PollRow & { answered: boolean }>`SELECT ${POLL_COLUMNS}, EXISTS (SELECT 1 FROM cabinet_poll_answers a WHERE a.poll_id = p.id AND a.account_id = ${who.accountId} AND NOT a.deemed) AS answered
        FROM cabinet_polls p WHERE ${delegateOnly ? sql`p.allow_delegation` : sql`true`} ORDER BY issued_at DESC LIMIT 50`.execute(db);
      return rows.map((r) => ({ id: r.id, title: r.title, secret: r.secret, deadline: r.deadline, closed: Boolean(r.closed_at) || at.getTime() >= r.deadline.getTime(), answered: r.answered }));
    },

    async pollDocument(actor: Actor | undefined, pollId: number): Promise<{ fileName: string; content: Buffer }> {
      official(actor);
      const poll = await findPoll(db, pollId);
      await pollView(db, actor, poll);
      if (!poll.document_sha256) throw CabinetErrors.documentNotFound();
      const content = await deps.files.read(poll.document_sha256);
      await db.transaction().execute((tx) => audit(tx, actor ?? null, 'cabinet.document_opened', 'cabinet_poll', pollId, { sha256: poll.document_sha256 }));
      return { fileName: poll.document_name ?? 'du-thao.pdf', content };
    },

    /** Closes every open poll whose deadline has passed; returns their ids. */
    async closeDuePolls(): Promise<number[]> {
      const at = await now();
      const { rows } = await sql<{ id: number }>`SELECT id FROM cabinet_polls WHERE closed_at IS NULL AND deadline <= ${at} ORDER BY id`.execute(db);
      for (const r of rows) await closeIfDue(r.id);
      return rows.map((r) => r.id);
    },

    /**
     * Sends the reminders whose time has come to members who have not replied, once each: a
     * reminder's row is written in the transaction that queues its mails. Reminders that fell
     * due together go as one mail.
     */
    async sendDueReminders(): Promise<{ pollId: number; hoursBefore: number[]; recipients: number }[]> {
      const at = await now();
      const polls = (await sql<PollRow>`SELECT ${POLL_COLUMNS} FROM cabinet_polls WHERE closed_at IS NULL AND deadline > ${at} ORDER BY id`.execute(db)).rows;
      const done: { pollId: number; hoursBefore: number[]; recipients: number }[] = [];
      for (const candidate of polls) {
        await db.transaction().execute(async (tx) => {
          const poll = await findPoll(tx, candidate.id, true);
          const sent = (await sql<{ h: number }>`SELECT hours_before AS h FROM cabinet_poll_reminders WHERE poll_id = ${poll.id}`.execute(tx)).rows.map((r) => r.h);
          const due = dueReminders(poll.deadline, poll.reminder_hours, sent, at);
          if (due.length === 0) return;
          const answered = new Set((await sql<{ account_id: string }>`SELECT account_id FROM cabinet_poll_answers WHERE poll_id = ${poll.id}`.execute(tx)).rows.map((r) => r.account_id));
          const silent = (await activeMembers(tx)).filter((m) => !answered.has(m.accountId));
          const recipients = await mailMembers(tx, silent, {
            subject: poll.secret ? 'Nhắc trả lời phiếu lấy ý kiến (tài liệu mật)' : `Nhắc trả lời phiếu lấy ý kiến: ${poll.title}`,
            text: `Kính gửi Thành viên Chính phủ,\n\nPhiếu lấy ý kiến ${poll.secret ? '(nội dung mật)' : `"${poll.title}"`} hết hạn trả lời lúc ${formatDeadline(poll.deadline)}.${poll.silence_is_consent ? ' Nếu không trả lời, Thành viên được tính là đồng ý.' : ''}\nTrả lời tại ${link(`/cabinet/polls/${poll.id}`)}.`,
          });
          for (const h of due) await sql`INSERT INTO cabinet_poll_reminders (poll_id, hours_before, sent_at, recipients) VALUES (${poll.id}, ${h}, ${at}, ${recipients})`.execute(tx);
          await audit(tx, null, 'cabinet.poll_reminded', 'cabinet_poll', poll.id, { hoursBefore: due, recipients });
          done.push({ pollId: poll.id, hoursBefore: due, recipients });
        });
      }
      return done;
    },

    // ——— the member's day ———

    /** What a member's phone shows: today's (or the next) session, its item in progress, pending polls. */
    async today(actor: Actor | undefined): Promise<{ session: SessionView | null; currentItem: ItemView | null; pendingPolls: { id: number; title: string; deadline: Date }[]; openVotes: { voteId: number; itemTitle: string; question: string }[]; secretariat: boolean; member: boolean }> {
      official(actor);
      const who = signedIn(actor);
      const secretariat = isSecretariat(who);
      const member = await memberOf(db, who);
      if (!secretariat && !member && !who.roles.includes(CABINET_ROLES_BY_NAME.invited)) throw CabinetErrors.noAccess();
      const at = await now();
      const { rows } = await sql<SessionRow>`SELECT ${SESSION_COLUMNS} FROM cabinet_sessions
        WHERE status IN ('published', 'in_progress') ORDER BY (status = 'in_progress') DESC, abs(extract(epoch FROM starts_at - ${at}::timestamptz)) LIMIT 5`.execute(db);
      let session: SessionView | null = null;
      for (const row of rows) {
        try {
          session = await sessionView(db, who, row);
          break;
        } catch (error) {
          // Not invited to this one: look at the next.
          if (!isDomainError(error) || error.code !== 'cabinet.no_access') throw error;
        }
      }
      const currentItem = session?.items.find((i) => i.id === session.currentItemId) ?? null;
      const openVotes = member && session ? session.items.filter((i) => i.vote?.open && !i.vote.myChoice).map((i) => ({ voteId: i.vote!.id, itemTitle: i.title, question: i.vote!.question })) : [];
      const pendingPolls = member
        ? (await sql<{ id: number; title: string; deadline: Date }>`SELECT p.id, p.title, p.deadline FROM cabinet_polls p
            WHERE p.closed_at IS NULL AND p.deadline > ${at} AND NOT EXISTS (SELECT 1 FROM cabinet_poll_answers a WHERE a.poll_id = p.id AND a.account_id = ${who.accountId}) ORDER BY p.deadline`.execute(db)).rows
        : [];
      return { session, currentItem, pendingPolls, openVotes, secretariat, member: Boolean(member) };
    },

    /** Outside production only: moves the cabinet's clock ahead (demo and end-to-end tests pass a poll's deadline). */
    async moveClock(actor: Actor | undefined, hours: number): Promise<Date> {
      const who = requireSecretariat(actor);
      if (deps.config.nodeEnv === 'production' || deps.now) throw CabinetErrors.clockLocked();
      if (!Number.isInteger(hours) || hours < 0 || hours > 24 * 60) throw CabinetErrors.invalidInput([{ field: 'hours', message: 'cabinet.invalid_hours' }]);
      await db.transaction().execute(async (tx) => {
        await sql`UPDATE cabinet_settings SET clock_offset_seconds = clock_offset_seconds + ${hours * 3600} WHERE id = 1`.execute(tx);
        await audit(tx, who, 'cabinet.clock_moved', 'cabinet_settings', 1, { hours });
      });
      return now();
    },

    /** Stored file ids this module names (for the file sweep). */
    async fileReferences(sha256s: readonly string[]): Promise<string[]> {
      if (sha256s.length === 0) return [];
      const { rows } = await sql<{ sha256: string }>`SELECT sha256 FROM cabinet_documents WHERE sha256 = ANY(${[...sha256s]}::text[])
        UNION SELECT document_sha256 FROM cabinet_polls WHERE document_sha256 = ANY(${[...sha256s]}::text[])`.execute(db);
      return rows.map((r) => r.sha256);
    },
  };
  return api;
}

export type CabinetService = ReturnType<typeof createCabinetService>;
