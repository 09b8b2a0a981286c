import { Type, type Static } from 'typebox';

/** A conclusion of an agenda item, with the tasks it gives agencies (consumed by the future tasks module). */
export const ConclusionRecorded = Type.Object({
  sessionId: Type.String({ minLength: 1 }),
  itemId: Type.String({ minLength: 1 }),
  itemTitle: Type.String({ minLength: 1 }),
  conclusion: Type.String({ minLength: 1 }),
  adoptedWithoutDebate: Type.Boolean(),
  tasks: Type.Array(
    Type.Object({
      content: Type.String({ minLength: 1 }),
      leadAgencyCode: Type.String({ minLength: 1 }),
      deadline: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    }),
  ),
});
export type ConclusionRecorded = Static<typeof ConclusionRecorded>;

/** Pages that would have been printed for a published session or an issued poll (for insights). */
export const PaperSaved = Type.Object({
  source: Type.Union([Type.Literal('session'), Type.Literal('poll')]),
  id: Type.String({ minLength: 1 }),
  documents: Type.Integer({ minimum: 0 }),
  pages: Type.Integer({ minimum: 0 }),
  recipients: Type.Integer({ minimum: 0 }),
  pagesSaved: Type.Integer({ minimum: 0 }),
});
export type PaperSaved = Static<typeof PaperSaved>;

export const DecisionTaken = Type.Object({
  source: Type.Union([Type.Literal('vote'), Type.Literal('poll')]),
  id: Type.String({ minLength: 1 }),
  result: Type.String({ minLength: 1 }),
  tieBrokenByPm: Type.Boolean(),
});
export type DecisionTaken = Static<typeof DecisionTaken>;

export const CABINET_FACTS = {
  'cabinet.conclusion_recorded': ConclusionRecorded,
  'cabinet.paper_saved': PaperSaved,
  'cabinet.decision_taken': DecisionTaken,
};
