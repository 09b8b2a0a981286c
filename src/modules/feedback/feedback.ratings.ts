import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { findDossierState, type DossierState } from '../dossiers/index.ts';
import type { FeedbackContext } from './feedback.context.ts';
import { FeedbackErrors } from './feedback.errors.ts';
import type { RatingRecorded } from './feedback.facts.ts';
import * as repo from './feedback.repository.ts';
import { isApplicantOf } from './feedback.service.ts';

/**
 * Satisfaction ratings (DOMAIN.md §9, the "satisfaction" group of the service index): after a
 * dossier's result was returned (status 10), its applicant answers five questions on a scale of
 * 1–5, once. The wording of the questions is not confirmed by a published text: it is the list
 * below (RATING_QUESTIONS, translated in the messages), each question one group of the index.
 */
export const RATING_QUESTIONS = ['publicity', 'progress', 'online', 'conduct', 'overall'] as const;
export type RatingQuestion = (typeof RATING_QUESTIONS)[number];
/** TrangThaiHoSo 10: result returned. */
export const FINISHED_STATUS = 10;
export const COMMENT_MAX = 1000;

export interface RatingInput {
  /** One score 1–5 per question, in the order of RATING_QUESTIONS. */
  scores: readonly (string | number | undefined)[];
  comment?: string | undefined;
}

export function createRatingsService(ctx: FeedbackContext) {
  const { db } = ctx;

  async function ownFinishedDossier(actor: Actor | undefined, code: string): Promise<DossierState> {
    if (!actor) throw FeedbackErrors.unauthenticated();
    if (actor.kind !== 'citizen' && actor.kind !== 'business') throw FeedbackErrors.applicantsOnly();
    const normalised = String(code ?? '').trim().toUpperCase();
    const dossier = normalised.length > 0 && normalised.length <= 60 ? await findDossierState(db, normalised) : undefined;
    if (!dossier || !(await isApplicantOf(ctx, actor, dossier))) throw FeedbackErrors.dossierNotFound();
    if (dossier.status !== FINISHED_STATUS) throw FeedbackErrors.dossierNotFinished();
    return dossier;
  }

  function readScores(input: RatingInput): [number, number, number, number, number] {
    const problems: FieldError[] = [];
    const scores = RATING_QUESTIONS.map((q, i) => {
      const value = Number(input.scores[i]);
      if (!Number.isInteger(value) || value < 1 || value > 5) problems.push({ field: q, message: 'scoreRequired' });
      return value;
    });
    const comment = String(input.comment ?? '').trim();
    if (comment.length > COMMENT_MAX) problems.push({ field: 'comment', message: 'commentTooLong' });
    if (problems.length > 0) throw FeedbackErrors.invalidInput(problems);
    return scores as [number, number, number, number, number];
  }

  return {
    /** The dossier the applicant is about to rate; refused when it is not theirs, not finished, or already rated. */
    async ratingTarget(actor: Actor | undefined, code: string) {
      const dossier = await ownFinishedDossier(actor, code);
      if ((await repo.ratedCodes(db, [dossier.code])).size > 0) throw FeedbackErrors.alreadyRated();
      const agency = await ctx.agencies.findAgency(dossier.receivingAgency);
      return { code: dossier.code, procedureName: dossier.procedureName, agencyName: agency?.name ?? dossier.receivingAgency };
    },

    /** Records the applicant's rating of a finished dossier, once: a second one is `feedback.already_rated`. Audited, with a fact. */
    async rate(actor: Actor | undefined, code: string, input: RatingInput, options: { now?: Date } = {}) {
      const dossier = await ownFinishedDossier(actor, code);
      const scores = readScores(input);
      const comment = String(input.comment ?? '').trim() || null;
      const now = options.now ?? new Date();
      const who = actor as Actor;
      return db.transaction().execute(async (tx) => {
        const inserted = await repo.insertRating(tx, {
          dossierCode: dossier.code, agencyCode: dossier.receivingAgency, procedureCode: dossier.procedureCode, procedureName: dossier.procedureName,
          accountId: who.accountId, scores, comment,
        });
        if (!inserted) throw FeedbackErrors.alreadyRated();
        await appendAuditInTx(tx, { actor: who.accountId, action: 'feedback.rating_recorded', entityType: 'dossier', entityId: dossier.code, data: { scores } });
        const payload: RatingRecorded = { dossierCode: dossier.code, agencyCode: dossier.receivingAgency, procedureCode: dossier.procedureCode, scores, at: now.toISOString() };
        await recordFactsInTx(tx, [{ type: 'feedback.rating_recorded', payload }]);
        return { dossierCode: dossier.code, scores };
      });
    },

    /** The applicant's finished dossiers (first page of "my dossiers") and whether each is rated. */
    async ratable(actor: Actor | undefined) {
      if (!actor || (actor.kind !== 'citizen' && actor.kind !== 'business')) return [];
      const mine = await ctx.dossiers.listMine(actor);
      const finished = mine.dossiers.filter((d) => d.status === FINISHED_STATUS);
      const rated = await repo.ratedCodes(db, finished.map((d) => d.code));
      return finished.map((d) => ({ code: d.code, procedureName: d.procedureName, rated: rated.has(d.code) }));
    },

    /**
     * Counts and averages per agency, or per agency and procedure: system administrators see
     * every agency; officials holding `feedback.ratings` their agency and the units below it.
     */
    async summary(actor: Actor | undefined, groupBy: 'agency' | 'procedure' = 'agency') {
      if (!actor) throw FeedbackErrors.unauthenticated();
      let codes: string[] | undefined;
      if (actor.kind !== 'admin') {
        if (actor.kind !== 'official' || !actor.agencyCode || !ctx.contributions.may(actor, 'feedback.ratings')) throw FeedbackErrors.officialsOnly();
        const units = await ctx.agencies.listUnitsOf(actor.agencyCode);
        codes = units.length > 0 ? units.map((u) => u.code) : [actor.agencyCode];
      }
      const rows = await repo.summariseRatings(db, groupBy, codes);
      const names = new Map<string, string>();
      for (const code of new Set(rows.map((r) => r.agencyCode))) names.set(code, (await ctx.agencies.findAgency(code))?.name ?? code);
      return { groupBy, questions: [...RATING_QUESTIONS], rows: rows.map((r) => ({ ...r, agencyName: names.get(r.agencyCode) ?? r.agencyCode })) };
    },
  };
}

export type RatingsService = ReturnType<typeof createRatingsService>;
