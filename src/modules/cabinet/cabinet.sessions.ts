import { sql, type Executor } from '../../platform/db/index.ts';
import { isDomainError, type FieldError } from '../../platform/errors/index.ts';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { CABINET_ROLES_BY_NAME } from './cabinet.contributions.ts';
import { CabinetErrors } from './cabinet.errors.ts';
import type { PaperSaved } from './cabinet.facts.ts';
import { formatDeadline, pagesSaved } from './cabinet.rules.ts';
import type { Core } from './cabinet.core.ts';
import { type SessionKind, signedIn, official, isSecretariat, requireSecretariat, activeMembers, memberOf, requireMember, type SessionRow, type ItemRow, SESSION_COLUMNS, ITEM_COLUMNS, findSession, findItem, requireSessionAccess, text, instant, oneOf, check, SESSION_KINDS, STANCES, MODES } from './cabinet.model.ts';
import { type ItemView, type SessionView, buildSessionView } from './cabinet.views.ts';

/** Sessions: agenda, invitees, publication, attendance, positions, comments, minutes, the member's day. */
export function sessionUseCases(core: Core) {
  const { db, deps, now, audit, mailMembers, link } = core;
  const sessionView = (tx: Executor, actor: Actor | undefined, s: SessionRow) => buildSessionView(core, tx, actor, s);
  const api = {
    async createSession(actor: Actor | undefined, input: { kind: string; title: string; startsAt: string | Date; location?: string; positionsCutoff: string | Date; quorumPercent?: number | undefined; allowVoteDelegation?: boolean }): Promise<{ id: number }> {
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
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_sessions (kind, title, starts_at, location, positions_cutoff, quorum_percent, created_by, allow_vote_delegation)
          VALUES (${kind}, ${title}, ${startsAt}, ${location}, ${cutoff}, ${quorum ?? settings?.q ?? 50}, ${who.accountId}, ${input.allowVoteDelegation ?? false}) RETURNING id`.execute(tx);
        const id = rows[0]!.id;
        await audit(tx, who, 'cabinet.session_created', 'cabinet_session', id, { kind, title, allowVoteDelegation: input.allowVoteDelegation ?? false });
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
  };
  return api;
}
