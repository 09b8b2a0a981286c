import { Type, type Static } from 'typebox';

/** A step of a feedback item (phản ánh, kiến nghị): one fact per state change. */
export const FeedbackChanged = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  kind: Type.Union([Type.Literal('feedback'), Type.Literal('petition')]),
  category: Type.String({ minLength: 1 }),
  status: Type.Union([Type.Literal('received'), Type.Literal('accepted'), Type.Literal('answered'), Type.Literal('rejected')]),
  /** QĐ 20 code of the agency whose turn it is after the change. */
  agencyCode: Type.String({ minLength: 1 }),
  /** Forwarded: the agency it came from. */
  fromAgencyCode: Type.Optional(Type.String({ minLength: 1 })),
  answerDueAt: Type.String({ format: 'date-time' }),
  at: Type.String({ format: 'date-time' }),
});
export type FeedbackChanged = Static<typeof FeedbackChanged>;

/** A satisfaction rating of a finished dossier (scores 1–5 of the five questions). */
export const RatingRecorded = Type.Object({
  dossierCode: Type.String({ minLength: 1 }),
  agencyCode: Type.String({ minLength: 1 }),
  procedureCode: Type.String({ minLength: 1 }),
  scores: Type.Array(Type.Integer({ minimum: 1, maximum: 5 }), { minItems: 5, maxItems: 5 }),
  at: Type.String({ format: 'date-time' }),
});
export type RatingRecorded = Static<typeof RatingRecorded>;

export const FEEDBACK_FACT_TYPES = ['feedback.submitted', 'feedback.classified', 'feedback.accepted', 'feedback.forwarded', 'feedback.rejected', 'feedback.answered', 'feedback.published'] as const;
export type FeedbackFactType = (typeof FEEDBACK_FACT_TYPES)[number];

export const FEEDBACK_FACTS = {
  ...Object.fromEntries(FEEDBACK_FACT_TYPES.map((type) => [type, FeedbackChanged])),
  'feedback.rating_recorded': RatingRecorded,
};
