import { sql, type Executor } from '../../platform/db/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { Core } from './cabinet.core.ts';
import { loadDrafts, type DraftView } from './cabinet.drafts-view.ts';
import { CabinetErrors } from './cabinet.errors.ts';
import { check, findItem, findPoll, findSession, MAX_DOCUMENT_BYTES, official, requireMember, requirePollAccess, requireSecretariat, requireSessionAccess, text } from './cabinet.model.ts';
import { countPdfPages } from './cabinet.rules.ts';
import { markedCopy } from './cabinet.watermark.ts';

export type DraftTarget = { itemId: number } | { pollId: number };
type File = { fileName: string; contentType: string; content: Buffer };

interface DraftOwner {
  draft_id: number;
  title: string;
  item_id: number | null;
  poll_id: number | null;
}

/**
 * Draft documents of an agenda item or a poll, in versions: members propose changes to the
 * current version (the wording they want and why); the secretariat uploads the next version,
 * accepting or rejecting the pending proposals. Every step is audited.
 */
export function draftUseCases(core: Core) {
  const { db, deps, now, audit } = core;

  function checkFile(file: File, problems: FieldError[]): string {
    const fileName = text(file.fileName, 'file', problems, { max: 200 });
    if (file.content.length === 0) problems.push({ field: 'file', message: 'cabinet.required' });
    if (file.content.length > MAX_DOCUMENT_BYTES) problems.push({ field: 'file', message: 'cabinet.file_too_large' });
    return fileName;
  }

  /** The item's session or the poll must still take changes; returns whether the material is secret. */
  async function requireOpenTarget(tx: Executor, target: { item_id: number | null; poll_id: number | null }, at: Date): Promise<void> {
    if (target.item_id !== null) {
      const item = await findItem(tx, target.item_id);
      const session = await findSession(tx, item.session_id);
      if (session.status === 'closed') throw CabinetErrors.stateConflict('Phiên họp đã kết thúc.');
      if (item.state !== 'pending') throw CabinetErrors.stateConflict('Nội dung đã được kết luận.');
    } else {
      const poll = await findPoll(tx, target.poll_id!);
      if (poll.closed_at || at.getTime() >= poll.deadline.getTime()) throw CabinetErrors.pollClosed();
    }
  }

  /** Whoever may read the item's session (or the poll) may read its drafts. */
  async function requireReader(tx: Executor, actor: Actor | undefined, target: { item_id: number | null; poll_id: number | null }): Promise<{ secret: boolean }> {
    if (target.item_id !== null) {
      const item = await findItem(tx, target.item_id);
      await requireSessionAccess(tx, actor, await findSession(tx, item.session_id));
      return { secret: item.secret };
    }
    const poll = await findPoll(tx, target.poll_id!);
    await requirePollAccess(tx, actor, poll);
    return { secret: poll.secret };
  }

  async function storeVersion(tx: Executor, who: Actor, draftId: number, version: number, file: File & { fileName: string }, sha256: string, changes: string, at: Date): Promise<number> {
    const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_draft_versions (draft_id, version, file_name, sha256, content_type, size_bytes, pages, changes, uploaded_by, uploaded_by_name, created_at)
      VALUES (${draftId}, ${version}, ${file.fileName}, ${sha256}, ${file.contentType || 'application/octet-stream'}, ${file.content.length}, ${countPdfPages(file.content)}, ${changes}, ${who.accountId}, ${who.displayName}, ${at}) RETURNING id`.execute(tx);
    return rows[0]!.id;
  }

  async function ownerOfVersion(tx: Executor, versionId: number, lock = false): Promise<DraftOwner & { version: number; latest: number; sha256: string; file_name: string; content_type: string }> {
    if (!Number.isSafeInteger(versionId)) throw CabinetErrors.documentNotFound();
    const row = (
      await sql<DraftOwner & { version: number; latest: number; sha256: string; file_name: string; content_type: string }>`SELECT v.draft_id, d.title, d.item_id, d.poll_id, v.version, v.sha256, v.file_name, v.content_type,
        (SELECT max(version) FROM cabinet_draft_versions x WHERE x.draft_id = v.draft_id) AS latest
        FROM cabinet_draft_versions v JOIN cabinet_drafts d ON d.id = v.draft_id WHERE v.id = ${versionId} ${lock ? sql`FOR UPDATE OF d` : sql``}`.execute(tx)
    ).rows[0];
    if (!row) throw CabinetErrors.documentNotFound();
    return row;
  }

  const api = {
    /** The secretariat puts a draft (its first version) in an item's dossier or on a poll. */
    async createDraft(actor: Actor | undefined, target: DraftTarget, input: File & { title: string }): Promise<{ draftId: number; versionId: number }> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const title = text(input.title, 'draftTitle', problems, { max: 300 });
      const fileName = checkFile(input, problems);
      check(problems);
      const at = await now();
      const owner = 'itemId' in target ? { item_id: target.itemId, poll_id: null } : { item_id: null, poll_id: target.pollId };
      await requireOpenTarget(db, owner, at);
      const stored = await deps.files.put(input.content, { maxBytes: MAX_DOCUMENT_BYTES });
      return db.transaction().execute(async (tx) => {
        await requireOpenTarget(tx, owner, at);
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_drafts (item_id, poll_id, title, created_by, created_at) VALUES (${owner.item_id}, ${owner.poll_id}, ${title}, ${who.accountId}, ${at}) RETURNING id`.execute(tx);
        const draftId = rows[0]!.id;
        const versionId = await storeVersion(tx, who, draftId, 1, { ...input, fileName }, stored.sha256, '', at);
        await audit(tx, who, 'cabinet.draft_created', 'cabinet_draft', draftId, { ...target, title, versionId, sha256: stored.sha256 });
        return { draftId, versionId };
      });
    },

    /** A member proposes a change to the current version of a draft, before the item is concluded or the poll closes. */
    async proposeChange(actor: Actor | undefined, versionId: number, input: { location?: string; proposedText: string; comment?: string }): Promise<{ id: number }> {
      official(actor);
      const member = await requireMember(db, actor);
      const problems: FieldError[] = [];
      const location = text(input.location ?? '', 'location', problems, { max: 300, required: false });
      const proposedText = text(input.proposedText, 'proposedText', problems, { max: 8000 });
      const comment = text(input.comment ?? '', 'comment', problems, { max: 4000, required: false });
      const at = await now();
      return db.transaction().execute(async (tx) => {
        const owner = await ownerOfVersion(tx, versionId, true);
        await requireReader(tx, actor, owner);
        check(problems);
        await requireOpenTarget(tx, owner, at);
        if (owner.version !== owner.latest) throw CabinetErrors.stateConflict('Đã có phiên bản mới hơn của dự thảo: xin góp ý vào phiên bản mới nhất.');
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_change_proposals (version_id, account_id, author_name, location, proposed_text, comment, created_at)
          VALUES (${versionId}, ${member.accountId}, ${member.fullName}, ${location}, ${proposedText}, ${comment}, ${at}) RETURNING id`.execute(tx);
        await audit(tx, actor ?? null, 'cabinet.change_proposed', 'cabinet_draft', owner.draft_id, { versionId, proposalId: rows[0]!.id });
        return { id: rows[0]!.id };
      });
    },

    /**
     * The secretariat uploads the next version with what changed, accepting or rejecting pending
     * proposals of the draft (those it does not decide stay pending).
     */
    async addDraftVersion(actor: Actor | undefined, draftId: number, input: File & { changes: string; decisions?: { proposalId: number; accepted: boolean; note?: string }[] }): Promise<{ versionId: number; version: number }> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const fileName = checkFile(input, problems);
      const changes = text(input.changes, 'changes', problems, { max: 8000 });
      const decisions = input.decisions ?? [];
      decisions.forEach((d, i) => {
        if (!Number.isSafeInteger(d.proposalId)) problems.push({ field: `decisions.${i}`, message: 'cabinet.invalid_choice' });
        if ((d.note ?? '').length > 2000) problems.push({ field: `decisions.${i}.note`, message: 'cabinet.too_long' });
      });
      if (new Set(decisions.map((d) => d.proposalId)).size !== decisions.length) problems.push({ field: 'decisions', message: 'cabinet.invalid_choice' });
      check(problems);
      if (!Number.isSafeInteger(draftId)) throw CabinetErrors.documentNotFound();
      const at = await now();
      const stored = await deps.files.put(input.content, { maxBytes: MAX_DOCUMENT_BYTES });
      return db.transaction().execute(async (tx) => {
        const draft = (await sql<DraftOwner & { latest: number }>`SELECT d.id AS draft_id, d.title, d.item_id, d.poll_id, (SELECT max(version) FROM cabinet_draft_versions v WHERE v.draft_id = d.id) AS latest FROM cabinet_drafts d WHERE d.id = ${draftId} FOR UPDATE`.execute(tx)).rows[0];
        if (!draft) throw CabinetErrors.documentNotFound();
        await requireOpenTarget(tx, draft, at);
        const version = Number(draft.latest) + 1;
        const versionId = await storeVersion(tx, who, draftId, version, { ...input, fileName }, stored.sha256, changes, at);
        for (const [i, d] of decisions.entries()) {
          const updated = await sql<{ id: number }>`UPDATE cabinet_change_proposals p SET status = ${d.accepted ? 'accepted' : 'rejected'}, decided_in_version_id = ${versionId}, decision_note = ${(d.note ?? '').trim()}
            FROM cabinet_draft_versions v WHERE p.id = ${d.proposalId} AND v.id = p.version_id AND v.draft_id = ${draftId} AND p.status = 'pending' RETURNING p.id`.execute(tx);
          if (updated.rows.length === 0) throw CabinetErrors.invalidInput([{ field: `decisions.${i}`, message: 'cabinet.proposal_not_pending' }]);
        }
        await audit(tx, who, 'cabinet.draft_version_added', 'cabinet_draft', draftId, { version, versionId, sha256: stored.sha256, accepted: decisions.filter((d) => d.accepted).map((d) => d.proposalId), rejected: decisions.filter((d) => !d.accepted).map((d) => d.proposalId) });
        return { versionId, version };
      });
    },

    /** The drafts of an item or a poll with their history, for whoever may read it. */
    async drafts(actor: Actor | undefined, target: DraftTarget): Promise<DraftView[]> {
      official(actor);
      const owner = 'itemId' in target ? { item_id: target.itemId, poll_id: null } : { item_id: null, poll_id: target.pollId };
      await requireReader(db, actor, owner);
      return loadDrafts(db, 'itemId' in target ? { itemIds: [target.itemId] } : { pollId: target.pollId }, actor?.accountId);
    },

    /** A version of a draft, marked with its reader's name and the time (PDF); every open is audited. */
    async openDraftVersion(actor: Actor | undefined, versionId: number): Promise<{ fileName: string; contentType: string; content: Buffer; watermarked: boolean }> {
      official(actor);
      const owner = await ownerOfVersion(db, versionId);
      const { secret } = await requireReader(db, actor, owner).catch(async (error: unknown) => {
        if (actor) await db.transaction().execute((tx) => audit(tx, actor, 'cabinet.document_refused', 'cabinet_draft_version', versionId, { draftId: owner.draft_id }));
        throw error;
      });
      const copy = await markedCopy(await deps.files.read(owner.sha256), { fileName: owner.file_name, contentType: owner.content_type }, actor!, secret);
      await db.transaction().execute((tx) => audit(tx, actor ?? null, 'cabinet.document_opened', 'cabinet_draft_version', versionId, { draftId: owner.draft_id, sha256: owner.sha256, watermarked: copy.watermarked }));
      return copy;
    },
  };
  return api;
}
