import { Type } from 'typebox';
import type { HttpApp } from '../../platform/http/index.ts';
import type { RatingsService } from './feedback.ratings.ts';
import type { FeedbackService } from './feedback.service.ts';

const ErrorJson = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });
const SummaryQuery = Type.Object({ groupBy: Type.Optional(Type.Union([Type.Literal('agency'), Type.Literal('procedure')], { default: 'agency' })) });
const SummaryRow = Type.Object({
  agencyCode: Type.String(),
  agencyName: Type.String(),
  procedureCode: Type.Union([Type.String(), Type.Null()]),
  procedureName: Type.Union([Type.String(), Type.Null()]),
  count: Type.Integer(),
  averages: Type.Array(Type.Number(), { description: 'Average score (1–5) of each question, in the order of `questions`' }),
  satisfiedPercent: Type.Number({ description: 'Share of ratings with question 5 (overall) at 4 or 5, in %' }),
});
const SummaryJson = Type.Object({ groupBy: Type.String(), questions: Type.Array(Type.String()), rows: Type.Array(SummaryRow) });
const PublishedQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) });
const PublishedJson = Type.Object({
  page: Type.Integer(),
  hasMore: Type.Boolean(),
  items: Type.Array(
    Type.Object({ id: Type.Integer(), kind: Type.String(), category: Type.String(), title: Type.String(), content: Type.String(), agencyCode: Type.String(), answer: Type.String(), answeredAt: Type.String({ format: 'date-time' }), publishedAt: Type.String({ format: 'date-time' }) }),
  ),
});

/** JSON API: the satisfaction summary (officials, administrators) and the published answers (public). */
export function registerFeedbackApi(app: HttpApp, deps: { service: FeedbackService; ratings: RatingsService }): void {
  app.get(
    '/api/v1/feedback/ratings/summary',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Satisfaction ratings per agency or per agency and procedure',
        description: 'Signed in. System administrators see every agency; officials holding `feedback.ratings` (feedback officers, leaders) their agency and the units below it.',
        querystring: SummaryQuery,
        response: { 200: SummaryJson, 401: ErrorJson, 403: ErrorJson },
      },
    },
    async (request) => deps.ratings.summary(request.actor, request.query.groupBy ?? 'agency'),
  );

  app.get(
    '/api/v1/feedback/published',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Answered feedback and petitions published with their senders\' consent',
        description: 'Public. Every word of `q` must occur (accents optional); newest first, 20 a page. No personal data of the sender.',
        querystring: PublishedQuery,
        response: { 200: PublishedJson },
      },
    },
    async (request) => {
      const result = await deps.service.searchPublished(request.query.q, request.query.page ?? 1);
      return { ...result, items: result.items.map((i) => ({ ...i, answeredAt: i.answeredAt.toISOString(), publishedAt: i.publishedAt.toISOString() })) };
    },
  );
}
