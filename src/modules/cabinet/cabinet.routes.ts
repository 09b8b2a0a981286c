import { Type } from 'typebox';
import type { HttpApp } from '../../platform/http/index.ts';
import type { CabinetService, ItemView, PollView, SessionView } from './cabinet.service.ts';

const ErrorJson = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
});
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Time = Type.String({ format: 'date-time' });
const Errors = { 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson, 409: ErrorJson };

const Item = Type.Object({
  id: Type.Integer(),
  ordinal: Type.Integer(),
  title: Type.String(),
  presenter: Type.String(),
  state: Type.String({ description: 'pending, adopted_without_debate or concluded' }),
  conclusion: Type.Union([Type.String(), Type.Null()]),
  secret: Type.Boolean(),
  documents: Type.Array(Type.Object({ id: Type.Integer(), fileName: Type.String(), pages: Type.Integer(), url: Type.String() })),
  positions: Type.Object({ agree: Type.Integer(), objection: Type.Integer(), wishToSpeak: Type.Integer(), mine: Type.Union([Type.String(), Type.Null()]) }),
  proposedWithoutDebate: Type.Boolean(),
  vote: Type.Union([
    Type.Object({
      id: Type.Integer(),
      question: Type.String(),
      open: Type.Boolean(),
      myChoice: Type.Union([Type.String(), Type.Null()]),
      cast: Type.Integer(),
      membersTotal: Type.Integer(),
      result: Type.Union([Type.String(), Type.Null()]),
      tieBrokenByPm: Type.Boolean(),
      ballots: Type.Array(Type.Object({ fullName: Type.String(), choice: Type.Union([Type.String(), Type.Null()]), castBy: Type.Union([Type.String({ description: 'the delegate who cast it for the member' }), Type.Null()]) })),
    }),
    Type.Null(),
  ]),
});
const Session = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'regular, thematic or extraordinary' }),
  title: Type.String(),
  startsAt: Time,
  location: Type.String(),
  positionsCutoff: Time,
  status: Type.String({ description: 'draft, published, in_progress or closed' }),
  currentItemId: Type.Union([Type.Integer(), Type.Null()]),
  items: Type.Array(Item),
});
const Poll = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  question: Type.String(),
  deadline: Time,
  workingDays: Type.Integer(),
  silenceIsConsent: Type.Boolean(),
  closed: Type.Boolean(),
  myAnswer: Type.Union([Type.Object({ answer: Type.String(), comment: Type.String() }), Type.Null()]),
  result: Type.Union([Type.String(), Type.Null()]),
  answers: Type.Array(Type.Object({ fullName: Type.String(), title: Type.String(), answer: Type.Union([Type.String(), Type.Null()]), deemed: Type.Boolean(), comment: Type.String() })),
});

const itemJson = (i: ItemView) => ({
  id: i.id,
  ordinal: i.ordinal,
  title: i.title,
  presenter: i.presenter,
  state: i.state,
  conclusion: i.conclusion,
  secret: i.secret,
  documents: i.documents.map((d) => ({ id: d.id, fileName: d.fileName, pages: d.pages, url: `/cabinet/documents/${d.id}` })),
  positions: { agree: i.positions.agree, objection: i.positions.objection, wishToSpeak: i.positions.wishToSpeak, mine: i.positions.mine },
  proposedWithoutDebate: i.proposedWithoutDebate,
  vote: i.vote ? { id: i.vote.id, question: i.vote.question, open: i.vote.open, myChoice: i.vote.myChoice, cast: i.vote.cast, membersTotal: i.vote.membersTotal, result: i.vote.result, tieBrokenByPm: i.vote.tieBrokenByPm, ballots: i.vote.ballots.map((b) => ({ fullName: b.fullName, choice: b.choice, castBy: b.castBy })) } : null,
});
const sessionJson = (s: SessionView) => ({ id: s.id, kind: s.kind, title: s.title, startsAt: s.startsAt.toISOString(), location: s.location, positionsCutoff: s.positionsCutoff.toISOString(), status: s.status, currentItemId: s.currentItemId, items: s.items.map(itemJson) });
const pollJson = (p: PollView) => ({
  id: p.id,
  title: p.title,
  question: p.question,
  deadline: p.deadline.toISOString(),
  workingDays: p.workingDays,
  silenceIsConsent: p.silenceIsConsent,
  closed: p.closed,
  myAnswer: p.myAnswer,
  result: p.tally?.result ?? null,
  answers: p.answers.map((a) => ({ fullName: a.fullName, title: a.title, answer: a.answer, deemed: a.deemed, comment: a.comment })),
});

/**
 * The member app's JSON API (`/api/v1/cabinet/…`): a signed-in member's session cookie, CSRF on
 * every POST as on the pages; each call is authorised by its use case. A ballot needs a second
 * factor given in the last five minutes (`identity.step_up_required` otherwise).
 */
export function registerCabinetApi(app: HttpApp, cabinet: CabinetService): void {
  const tags = ['cabinet'];
  app.get('/api/v1/cabinet/today', { schema: { tags, summary: "A member's day: today's (or the next) session, the item in progress, open votes, pending polls", response: { 200: Type.Object({ session: Type.Union([Session, Type.Null()]), currentItemId: Type.Union([Type.Integer(), Type.Null()]), openVotes: Type.Array(Type.Object({ voteId: Type.Integer(), itemTitle: Type.String(), question: Type.String() })), pendingPolls: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), deadline: Time })) }), ...Errors } } }, async (request) => {
    const day = await cabinet.today(request.actor);
    return { session: day.session ? sessionJson(day.session) : null, currentItemId: day.currentItem?.id ?? null, openVotes: day.openVotes, pendingPolls: day.pendingPolls.map((p) => ({ id: p.id, title: p.title, deadline: p.deadline.toISOString() })) };
  });

  app.get('/api/v1/cabinet/sessions/:id', { schema: { tags, summary: 'A session with its agenda, documents, positions and votes', params: Id, response: { 200: Session, ...Errors } } }, async (request) => sessionJson(await cabinet.getSession(request.actor, request.params.id)));

  app.post('/api/v1/cabinet/items/:id/position', { schema: { tags, summary: "A member's position on an agenda item before the cut-off", params: Id, body: Type.Object({ stance: Type.Union([Type.Literal('agree'), Type.Literal('objection'), Type.Literal('wish_to_speak')]), note: Type.Optional(Type.String({ maxLength: 2000 })) }), response: { 200: Type.Object({ ok: Type.Boolean() }), ...Errors } } }, async (request) => {
    await cabinet.recordPosition(request.actor, request.params.id, request.body);
    return { ok: true };
  });

  app.post('/api/v1/cabinet/votes/:id/ballot', { schema: { tags, summary: 'A named ballot (needs a recent second factor)', params: Id, body: Type.Object({ choice: Type.Union([Type.Literal('for'), Type.Literal('against'), Type.Literal('abstain')]), onBehalfOf: Type.Optional(Type.String({ maxLength: 100, description: 'The member’s account, when their delegate casts the ballot (the session must allow it)' })) }), response: { 200: Type.Object({ ok: Type.Boolean() }), ...Errors } } }, async (request) => {
    await cabinet.castBallot(request.actor, request.params.id, request.body);
    return { ok: true };
  });

  app.get('/api/v1/cabinet/polls/:id', { schema: { tags, summary: 'An opinion poll; once closed, every member’s answer', params: Id, response: { 200: Poll, ...Errors } } }, async (request) => pollJson(await cabinet.getPoll(request.actor, request.params.id)));

  app.post('/api/v1/cabinet/polls/:id/answer', { schema: { tags, summary: "A member's answer to an opinion poll (once, before the deadline)", params: Id, body: Type.Object({ answer: Type.Union([Type.Literal('agree'), Type.Literal('disagree'), Type.Literal('other')]), comment: Type.Optional(Type.String({ maxLength: 4000 })) }), response: { 200: Type.Object({ ok: Type.Boolean() }), ...Errors } } }, async (request) => {
    await cabinet.answerPoll(request.actor, request.params.id, request.body);
    return { ok: true };
  });
}
