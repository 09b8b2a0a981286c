import type { Actor } from '../../platform/module/index.ts';
import type { DossierState } from '../dossiers/index.ts';
import type { FeedbackContext } from './feedback.context.ts';
import type { FeedbackKind } from './feedback.tables.ts';

// The feedback module's vocabulary, limits and rules, shared by its use cases.

export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['feedback', 'petition'];
/** Classification of the content (the "classify" step); stored as a key, shown translated. */
export const FEEDBACK_CATEGORIES = ['procedure', 'conduct', 'regulation', 'online_service', 'other'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

export const TITLE_MAX = 200;
export const CONTENT_MAX = 5000;
export const ANSWER_MAX = 5000;
export const QUEUE_LIMIT = 200;
export const MINE_LIMIT = 100;
export const PUBLIC_PAGE_SIZE = 20;

export type SlaFlag = 'overdue' | 'due_soon' | 'forward_closing' | null;

export interface SubmitInput {
  kind?: string | undefined;
  category?: string | undefined;
  title?: string | undefined;
  content?: string | undefined;
  dossierCode?: string | undefined;
  procedureCode?: string | undefined;
  agencyCode?: string | undefined;
  consentToPublish?: boolean | undefined;
}

export type QueueBucket = 'open' | 'due_soon' | 'overdue' | 'closed';
export const QUEUE_BUCKETS: readonly QueueBucket[] = ['open', 'due_soon', 'overdue', 'closed'];

export const isApplicant = (actor: Actor): actor is Actor & { kind: 'citizen' | 'business' } => actor.kind === 'citizen' || actor.kind === 'business';
export const clean = (text: string | undefined) => (typeof text === 'string' ? text.replace(/\r\n/g, '\n').trim() : '');

/** The dossier's applicant: the account that filed it, or for a dossier synced without one, the account with its ID number or tax code. */
export async function isApplicantOf(ctx: FeedbackContext, actor: Actor, dossier: DossierState): Promise<boolean> {
  if (!isApplicant(actor)) return false;
  if (dossier.applicantAccountId) return dossier.applicantAccountId === actor.accountId;
  const account = await ctx.identity.getAccount(actor.accountId);
  const identifier = actor.kind === 'citizen' ? account.personalId : account.taxCode;
  return identifier !== null && identifier === dossier.applicantIdentifier && dossier.applicantKind === (actor.kind === 'citizen' ? 1 : 2);
}
