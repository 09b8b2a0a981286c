import type { Agency } from '../agencies/index.ts';
import { canonicalJson } from '../../platform/audit/index.ts';
import type { PlannedWrite, ProcedureState } from './catalog.repository.ts';
import type { ProcedureDocument } from './catalog.schemas.ts';
import { checkAgencies, checkDocument, type AgencyLookup, type ValidationIssue } from './catalog.validation.ts';
import { indexRowOf, type IndexRow } from './procedure-index.ts';

/** A document that passed every check, with its search columns. */
export interface PreparedDocument {
  document: ProcedureDocument;
  index: IndexRow;
}

/** Validates a raw document (shape, rules, directory) and derives its search columns. */
export async function prepareDocument(raw: unknown, lookup: AgencyLookup): Promise<{ prepared: PreparedDocument; issues: [] } | { prepared: undefined; issues: ValidationIssue[] }> {
  const checked = checkDocument(raw);
  if (!checked.document) return { prepared: undefined, issues: checked.issues };
  const document = checked.document;
  const issues = await checkAgencies(document, lookup);
  if (issues.length > 0) return { prepared: undefined, issues };
  const agencies = new Map<string, Agency>();
  for (const code of [document.competentAgency, ...document.receivingAgencies]) {
    const agency = await lookup(code);
    if (agency) agencies.set(code, agency);
  }
  return { prepared: { document, index: indexRowOf(document, agencies) }, issues: [] };
}

export function sameDocument(a: ProcedureDocument | null, b: ProcedureDocument | null): boolean {
  return a !== null && b !== null && canonicalJson(a) === canonicalJson(b);
}

/**
 * Decides what storing `prepared` does to a procedure, or undefined when nothing changes.
 *
 * - New code: version 1, published at once or kept as a draft.
 * - Draft mode (an official's edit): the pending draft is overwritten, or a new draft version
 *   is added; the published version and what the public sees stay as they are.
 * - Publish mode (publish, import): the pending draft, or a new version, becomes the current
 *   version; a withdrawn procedure whose document did not change is published again.
 */
export function planWrite(state: ProcedureState | undefined, prepared: PreparedDocument, publish: boolean): PlannedWrite | undefined {
  const { document, index } = prepared;
  const base = { code: document.code, document, index, overwriteDraftId: null };
  if (!state) {
    return {
      ...base,
      createRow: true,
      newVersion: 1,
      publish: publish ? 'new' : null,
      status: publish ? 'published' : 'draft',
      current: publish ? 'new' : null,
      draft: publish ? null : 'new',
      setIndex: true,
      markPublished: publish,
    };
  }
  const latest = state.draftDocument ?? state.currentDocument;
  const same = sameDocument(latest, document);
  const next = state.maxVersion + 1;
  if (!publish) {
    if (same) return undefined;
    return {
      ...base,
      createRow: false,
      newVersion: state.draftVersionId === null ? next : null,
      overwriteDraftId: state.draftVersionId,
      publish: null,
      status: state.status,
      current: state.currentVersionId,
      draft: state.draftVersionId ?? 'new',
      setIndex: state.status === 'draft',
      markPublished: false,
    };
  }
  if (state.draftVersionId !== null) {
    return {
      ...base,
      createRow: false,
      newVersion: null,
      overwriteDraftId: same ? null : state.draftVersionId,
      publish: state.draftVersionId,
      status: 'published',
      current: state.draftVersionId,
      draft: null,
      setIndex: true,
      markPublished: true,
    };
  }
  if (same && state.status === 'published') return undefined;
  if (same && state.status === 'withdrawn') {
    return { ...base, createRow: false, newVersion: null, publish: null, status: 'published', current: state.currentVersionId, draft: null, setIndex: true, markPublished: true };
  }
  return { ...base, createRow: false, newVersion: next, publish: 'new', status: 'published', current: 'new', draft: null, setIndex: true, markPublished: true };
}
