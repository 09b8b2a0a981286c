import type { Config } from '../../platform/config/index.ts';
import { sql, type Db, type Executor } from '../../platform/db/index.ts';
import { type FieldError } from '../../platform/errors/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import { CABINET_ROLES_BY_NAME, MEMBER_ROLES } from './cabinet.contributions.ts';
import { CabinetErrors } from './cabinet.errors.ts';
import { type Choice } from './cabinet.rules.ts';

// The e-Cabinet's model: who is asking, its rows and how they are found, input checks.

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
  mobile: string | null;
}

/** The part of the document exchange the cabinet uses: a package's model, read as the actor (a clerk or leader of a recipient agency). */
type ExchangeDocument = { package: { id: string; documentId: string; subject: string | null }; model: { kind: string; attachments?: { attachmentName: string | null; contentType: string | null; content: string }[] } };
export interface ExchangeReader {
  readModel(caller: { kind: 'official'; actor: Actor | undefined }, id: string): Promise<ExchangeDocument>;
  /** A document by its edXML DocumentId, as an agency's system sees it (sent or received by that agency). */
  findByDocumentId(caller: { kind: 'system'; clientId: string; agencyCode: string }, documentId: string): Promise<ExchangeDocument>;
}

/** The Government Office (Văn phòng Chính phủ), whose secretariat prepares sessions: the cabinet reads the exchange as this agency. */
export const GOVERNMENT_OFFICE_AGENCY = '000.00.00.G22';

export interface CabinetDeps {
  exchange: ExchangeReader;
  /** The Government Office's agency code (default GOVERNMENT_OFFICE_AGENCY). */
  governmentOffice?: string | undefined;
  /** Active officials of an agency (identity's door, read after the cabinet has authorised the actor). */
  officialsOf(agencyCode: string): Promise<{ id: string; email: string; fullName: string; status: string }[]>;
  db: Db;
  files: FileStore;
  config: Config;
  calendar: CalendarApi;
  /** Tests: a fake clock. Otherwise the real time, moved by the stored offset outside production. */
  now?: (() => Date) | undefined;
}

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const DEFAULT_REMINDER_HOURS = [24, 4];

// ——— who is asking ———

export function signedIn(actor: Actor | undefined): Actor {
  if (!actor) throw CabinetErrors.unauthenticated();
  return actor;
}

/**
 * The e-Cabinet concerns officials only (members, the secretariat, invitees are all officials):
 * a visitor is asked to sign in and a citizen refused before any session, item, document or
 * poll is looked up, so that neither learns which exist.
 */
export function official(actor: Actor | undefined): Actor {
  const who = signedIn(actor);
  if (who.kind !== 'official') throw CabinetErrors.officialsOnly();
  return who;
}

export const isSecretariat = (actor: Actor | undefined) => actor?.kind === 'official' && actor.roles.includes(CABINET_ROLES_BY_NAME.secretariat);

export function requireSecretariat(actor: Actor | undefined): Actor {
  const who = signedIn(actor);
  if (!isSecretariat(who)) throw CabinetErrors.secretariatOnly();
  return who;
}

export interface MemberRow {
  account_id: string;
  full_name: string;
  email: string;
  position: Position;
  title: string;
  agency_code: string;
  seat: number;
  mobile: string | null;
}

export const toMember = (r: MemberRow): Member => ({ accountId: r.account_id, fullName: r.full_name, email: r.email, position: r.position, title: r.title, agencyCode: r.agency_code, seat: r.seat, mobile: r.mobile });

export async function activeMembers(db: Executor): Promise<Member[]> {
  const { rows } = await sql<MemberRow>`SELECT account_id, full_name, email, position, title, agency_code, seat, mobile FROM cabinet_members WHERE active ORDER BY seat, full_name`.execute(db);
  return rows.map(toMember);
}

/** The member behind the actor: an official holding a member role and registered as an active member. */
export async function memberOf(db: Executor, actor: Actor | undefined): Promise<Member | undefined> {
  if (actor?.kind !== 'official' || !actor.roles.some((r) => (MEMBER_ROLES as readonly string[]).includes(r))) return undefined;
  const { rows } = await sql<MemberRow>`SELECT account_id, full_name, email, position, title, agency_code, seat, mobile FROM cabinet_members WHERE account_id = ${actor.accountId} AND active`.execute(db);
  return rows[0] ? toMember(rows[0]) : undefined;
}

export async function requireMember(db: Executor, actor: Actor | undefined): Promise<Member> {
  const member = await memberOf(db, signedIn(actor));
  if (!member) throw CabinetErrors.notAMember();
  return member;
}

// ——— rows ———

export interface SessionRow {
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
  allow_vote_delegation: boolean;
}

export interface ItemRow {
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

export interface DocumentRow {
  id: number;
  item_id: number;
  file_name: string;
  sha256: string;
  content_type: string;
  size_bytes: number;
  pages: number;
}

export interface VoteRow {
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

export interface PollRow {
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

export const SESSION_COLUMNS = sql.raw('id, kind, title, starts_at, location, positions_cutoff, status, quorum_percent, current_item_id, published_at, minutes_signed_at, minutes_signed_name, allow_vote_delegation');
export const ITEM_COLUMNS = sql.raw('id, session_id, ordinal, title, summary, presenter, slot_minutes, secret, state, conclusion');
export const POLL_COLUMNS = sql.raw('id, title, question, secret, document_sha256, document_name, working_days, silence_is_consent, allow_delegation, reminder_hours, issued_at, deadline, members_total, closed_at, result, tie_broken_by_pm');

export async function findSession(db: Executor, id: number, lock = false): Promise<SessionRow> {
  if (!Number.isSafeInteger(id)) throw CabinetErrors.sessionNotFound();
  const { rows } = await sql<SessionRow>`SELECT ${SESSION_COLUMNS} FROM cabinet_sessions WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  if (!rows[0]) throw CabinetErrors.sessionNotFound();
  return rows[0];
}

export async function findItem(db: Executor, id: number, lock = false): Promise<ItemRow> {
  if (!Number.isSafeInteger(id)) throw CabinetErrors.itemNotFound();
  const { rows } = await sql<ItemRow>`SELECT ${ITEM_COLUMNS} FROM cabinet_items WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  if (!rows[0]) throw CabinetErrors.itemNotFound();
  return rows[0];
}

export async function findVote(db: Executor, id: number, lock = false): Promise<VoteRow> {
  if (!Number.isSafeInteger(id)) throw CabinetErrors.voteNotFound();
  const { rows } = await sql<VoteRow>`SELECT id, item_id, question, members_total, quorum_percent, opened_at, closed_at, result, tie_broken_by_pm FROM cabinet_votes WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  if (!rows[0]) throw CabinetErrors.voteNotFound();
  return rows[0];
}

export async function findPoll(db: Executor, id: number, lock = false): Promise<PollRow> {
  if (!Number.isSafeInteger(id)) throw CabinetErrors.pollNotFound();
  const { rows } = await sql<PollRow>`SELECT ${POLL_COLUMNS} FROM cabinet_polls WHERE id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  if (!rows[0]) throw CabinetErrors.pollNotFound();
  return rows[0];
}

/** The members whose active delegate the actor is. */
export async function representedBy(db: Executor, actor: Actor | undefined): Promise<Member[]> {
  if (actor?.kind !== 'official') return [];
  const { rows } = await sql<MemberRow>`SELECT m.account_id, m.full_name, m.email, m.position, m.title, m.agency_code, m.seat, m.mobile FROM cabinet_delegations d
    JOIN cabinet_members m ON m.account_id = d.member_account_id AND m.active WHERE d.delegate_account_id = ${actor.accountId} AND d.revoked_at IS NULL ORDER BY m.seat`.execute(db);
  return rows.map(toMember);
}

/** Who may read a session and its documents: the secretariat; members and invitees once published. */
export async function requireSessionAccess(db: Executor, actor: Actor | undefined, session: SessionRow): Promise<{ member: Member | undefined; secretariat: boolean; representing: Member[] }> {
  const who = signedIn(actor);
  // A member's delegate reads a session whose rules let them vote for the member.
  const representing = session.allow_vote_delegation && session.status !== 'draft' ? await representedBy(db, who) : [];
  if (isSecretariat(who)) return { member: await memberOf(db, who), secretariat: true, representing };
  if (session.status === 'draft') throw CabinetErrors.noAccess();
  const member = await memberOf(db, who);
  if (member) return { member, secretariat: false, representing };
  if (representing.length > 0) return { member: undefined, secretariat: false, representing };
  if (who.kind === 'official' && who.roles.includes(CABINET_ROLES_BY_NAME.invited)) {
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one FROM cabinet_invitees WHERE session_id = ${session.id} AND account_id = ${who.accountId}`.execute(db);
    if (rows.length > 0) return { member: undefined, secretariat: false, representing };
  }
  throw CabinetErrors.noAccess();
}

// ——— input checks ———

export function text(value: unknown, field: string, problems: FieldError[], options: { max: number; required?: boolean }): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (options.required !== false && s === '') problems.push({ field, message: 'cabinet.required' });
  if (s.length > options.max) problems.push({ field, message: 'cabinet.too_long' });
  return s.slice(0, options.max);
}

export function instant(value: unknown, field: string, problems: FieldError[]): Date {
  const d = value instanceof Date ? value : typeof value === 'string' ? new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}+07:00`) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) problems.push({ field, message: 'cabinet.invalid_time' });
  return d;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, problems: FieldError[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push({ field, message: 'cabinet.invalid_choice' });
  return allowed[0] as T;
}

export function check(problems: FieldError[]): void {
  if (problems.length > 0) throw CabinetErrors.invalidInput(problems);
}

export const SESSION_KINDS: readonly SessionKind[] = ['regular', 'thematic', 'extraordinary'];
export const STANCES: readonly Stance[] = ['agree', 'objection', 'wish_to_speak'];
export const CHOICES: readonly Choice[] = ['for', 'against', 'abstain'];
export const ANSWERS = ['agree', 'disagree', 'other'] as const;
export const MODES: readonly AttendanceMode[] = ['room', 'remote', 'absent'];

/** Who may read a poll and its drafts: the secretariat, the members, and a member's delegate when the poll allows delegation. */
export async function requirePollAccess(db: Executor, actor: Actor | undefined, poll: PollRow): Promise<{ member: Member | undefined; secretariat: boolean }> {
  const who = signedIn(actor);
  const secretariat = isSecretariat(who);
  const member = await memberOf(db, who);
  if (!secretariat && !member && !(poll.allow_delegation && (await representedBy(db, who)).length > 0)) throw CabinetErrors.noAccess();
  return { member, secretariat };
}
