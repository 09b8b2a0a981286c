import { sql, type Executor } from '../../platform/db/index.ts';

// Draft documents with versions and proposed changes, as the pages, the PDF and the API show them.

export type ProposalStatus = 'pending' | 'accepted' | 'rejected';

export interface ProposalView {
  id: number;
  author: string;
  location: string;
  proposedText: string;
  comment: string;
  at: Date;
  status: ProposalStatus;
  decisionNote: string;
  /** The version number that accepted or rejected it. */
  decidedInVersion: number | null;
  mine: boolean;
}

export interface DraftVersionView {
  id: number;
  version: number;
  fileName: string;
  pages: number;
  /** What the secretariat says changed from the previous version. */
  changes: string;
  uploadedBy: string;
  at: Date;
  /** Proposals made on this version. */
  proposals: ProposalView[];
  /** Proposals of earlier versions this version accepted or rejected: what changed, as proposed. */
  decided: ProposalView[];
}

export interface DraftView {
  id: number;
  title: string;
  /** Oldest first; the last is the current version, the one members propose changes to. */
  versions: DraftVersionView[];
  pendingProposals: number;
}

interface DraftRow {
  id: number;
  item_id: number | null;
  poll_id: number | null;
  title: string;
}
interface VersionRow {
  id: number;
  draft_id: number;
  version: number;
  file_name: string;
  pages: number;
  changes: string;
  uploaded_by_name: string;
  created_at: Date;
}
interface ProposalRow {
  id: number;
  version_id: number;
  account_id: string;
  author_name: string;
  location: string;
  proposed_text: string;
  comment: string;
  created_at: Date;
  status: ProposalStatus;
  decided_in_version_id: number | null;
  decision_note: string;
}

/** The drafts of some agenda items or of a poll, for a viewer already authorised to read them. */
export async function loadDrafts(tx: Executor, target: { itemIds: number[] } | { pollId: number }, viewerId: string | undefined): Promise<(DraftView & { itemId: number | null })[]> {
  const where = 'pollId' in target ? sql`poll_id = ${target.pollId}` : target.itemIds.length > 0 ? sql`item_id = ANY(${target.itemIds}::bigint[])` : sql`false`;
  const drafts = (await sql<DraftRow>`SELECT id, item_id, poll_id, title FROM cabinet_drafts WHERE ${where} ORDER BY id`.execute(tx)).rows;
  if (drafts.length === 0) return [];
  const draftIds = drafts.map((d) => d.id);
  const versions = (await sql<VersionRow>`SELECT id, draft_id, version, file_name, pages, changes, uploaded_by_name, created_at FROM cabinet_draft_versions WHERE draft_id = ANY(${draftIds}::bigint[]) ORDER BY draft_id, version`.execute(tx)).rows;
  const versionIds = versions.map((v) => v.id);
  const proposals = versionIds.length
    ? (await sql<ProposalRow>`SELECT id, version_id, account_id, author_name, location, proposed_text, comment, created_at, status, decided_in_version_id, decision_note FROM cabinet_change_proposals WHERE version_id = ANY(${versionIds}::bigint[]) ORDER BY id`.execute(tx)).rows
    : [];
  const numberOf = new Map(versions.map((v) => [v.id, v.version]));
  const view = (p: ProposalRow): ProposalView => ({
    id: p.id,
    author: p.author_name,
    location: p.location,
    proposedText: p.proposed_text,
    comment: p.comment,
    at: p.created_at,
    status: p.status,
    decisionNote: p.decision_note,
    decidedInVersion: p.decided_in_version_id === null ? null : (numberOf.get(p.decided_in_version_id) ?? null),
    mine: viewerId !== undefined && p.account_id === viewerId,
  });
  return drafts.map((d) => {
    const own = versions.filter((v) => v.draft_id === d.id);
    const ownIds = new Set(own.map((v) => v.id));
    return {
      id: d.id,
      itemId: d.item_id,
      title: d.title,
      pendingProposals: proposals.filter((p) => ownIds.has(p.version_id) && p.status === 'pending').length,
      versions: own.map((v) => ({
        id: v.id,
        version: v.version,
        fileName: v.file_name,
        pages: v.pages,
        changes: v.changes,
        uploadedBy: v.uploaded_by_name,
        at: v.created_at,
        proposals: proposals.filter((p) => p.version_id === v.id).map(view),
        decided: proposals.filter((p) => p.decided_in_version_id === v.id).map(view),
      })),
    };
  });
}
