import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { HttpApp } from '../../platform/http/index.ts';
import { integrationClientOf } from '../../platform/integration/index.ts';
import type { CabinetService, PollView, SessionView } from './cabinet.service.ts';

// The secretariat's JSON API for other systems (the Government's document management, the
// tasks follow-up system…): signed requests of an integration client of the Government Office,
// read only. Members use /api/v1/cabinet/… with their session instead.

const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const ErrorJson = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });
const Errors = { 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson };
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const signed = { signed: true, csrf: false } as const;
const tags = ['cabinet-secretariat'];

const Ballot = Type.Object({ fullName: Type.String(), title: Type.String(), choice: Nullable(Type.String({ description: 'for, against, abstain; null: did not vote' })), castBy: Nullable(Type.String({ description: 'the delegate who cast it for the member' })) });
const Item = Type.Object({
  id: Type.Integer(),
  ordinal: Type.Integer(),
  title: Type.String(),
  presenter: Type.String(),
  secret: Type.Boolean(),
  state: Type.String({ description: 'pending, adopted_without_debate or concluded' }),
  conclusion: Nullable(Type.String()),
  tasks: Type.Array(Type.Object({ content: Type.String(), leadAgencyCode: Type.String(), deadline: Type.String({ format: 'date' }) })),
  positions: Type.Object({ agree: Type.Integer(), objection: Type.Integer(), wishToSpeak: Type.Integer() }),
  documents: Type.Array(Type.Object({ id: Type.Integer(), fileName: Type.String(), pages: Type.Integer() })),
  drafts: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), currentVersion: Type.Integer(), pendingProposals: Type.Integer() })),
  vote: Nullable(
    Type.Object({
      id: Type.Integer(),
      question: Type.String(),
      open: Type.Boolean(),
      membersTotal: Type.Integer(),
      cast: Type.Integer(),
      result: Nullable(Type.String({ description: 'passed, rejected or no_quorum' })),
      tieBrokenByPm: Type.Boolean(),
      tally: Nullable(Type.Object({ for: Type.Integer(), against: Type.Integer(), abstain: Type.Integer(), notVoting: Type.Integer() })),
      ballots: Type.Array(Ballot),
    }),
  ),
});
const SessionSummary = Type.Object({ id: Type.Integer(), kind: Type.String(), title: Type.String(), startsAt: Time, status: Type.String({ description: 'draft, published, in_progress or closed' }) });
const Session = Type.Object({
  ...SessionSummary.properties,
  location: Type.String(),
  positionsCutoff: Time,
  quorumPercent: Type.Integer(),
  allowVoteDelegation: Type.Boolean(),
  minutesSignedAt: Nullable(Time),
  attendance: Type.Array(Type.Object({ fullName: Type.String(), mode: Nullable(Type.String({ description: 'room, remote or absent' })), reason: Type.String() })),
  items: Type.Array(Item),
});
const PollSummary = Type.Object({ id: Type.Integer(), title: Type.String(), deadline: Time, closed: Type.Boolean() });
const Poll = Type.Object({
  ...PollSummary.properties,
  question: Type.String(),
  secret: Type.Boolean(),
  workingDays: Type.Integer(),
  silenceIsConsent: Type.Boolean(),
  allowDelegation: Type.Boolean(),
  issuedAt: Time,
  membersTotal: Type.Integer(),
  replies: Type.Integer(),
  tally: Nullable(Type.Object({ result: Type.String({ description: 'passed or rejected' }), agree: Type.Integer(), deemedAgree: Type.Integer(), disagree: Type.Integer(), other: Type.Integer(), noReply: Type.Integer(), tieBrokenByPm: Type.Boolean() })),
  answers: Type.Array(Type.Object({ fullName: Type.String(), title: Type.String(), answer: Nullable(Type.String({ description: 'agree, disagree, other or no_reply; null: not yet' })), deemed: Type.Boolean(), comment: Type.String(), answeredBy: Nullable(Type.String()) })),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const sessionJson = (s: SessionView) => ({
  id: s.id,
  kind: s.kind,
  title: s.title,
  startsAt: s.startsAt.toISOString(),
  status: s.status,
  location: s.location,
  positionsCutoff: s.positionsCutoff.toISOString(),
  quorumPercent: s.quorumPercent,
  allowVoteDelegation: s.allowVoteDelegation,
  minutesSignedAt: iso(s.minutesSigned?.at ?? null),
  attendance: s.attendance.map((a) => ({ fullName: a.fullName, mode: a.mode, reason: a.reason })),
  items: s.items.map((i) => ({
    id: i.id,
    ordinal: i.ordinal,
    title: i.title,
    presenter: i.presenter,
    secret: i.secret,
    state: i.state,
    conclusion: i.conclusion,
    tasks: i.tasks,
    positions: { agree: i.positions.agree, objection: i.positions.objection, wishToSpeak: i.positions.wishToSpeak },
    documents: i.documents.map((d) => ({ id: d.id, fileName: d.fileName, pages: d.pages })),
    drafts: i.drafts.map((d) => ({ id: d.id, title: d.title, currentVersion: d.versions.at(-1)?.version ?? 0, pendingProposals: d.pendingProposals })),
    vote: i.vote
      ? {
          id: i.vote.id,
          question: i.vote.question,
          open: i.vote.open,
          membersTotal: i.vote.membersTotal,
          cast: i.vote.cast,
          result: i.vote.result,
          tieBrokenByPm: i.vote.tieBrokenByPm,
          tally: i.vote.tally ? { for: i.vote.tally.for, against: i.vote.tally.against, abstain: i.vote.tally.abstain, notVoting: i.vote.tally.notVoting } : null,
          ballots: i.vote.ballots,
        }
      : null,
  })),
});

export const pollJson = (p: PollView) => ({
  id: p.id,
  title: p.title,
  deadline: p.deadline.toISOString(),
  closed: p.closed,
  question: p.question,
  secret: p.secret,
  workingDays: p.workingDays,
  silenceIsConsent: p.silenceIsConsent,
  allowDelegation: p.allowDelegation,
  issuedAt: p.issuedAt.toISOString(),
  membersTotal: p.membersTotal,
  replies: p.replies,
  tally: p.tally ? { result: p.tally.result, agree: p.tally.agree, deemedAgree: p.tally.deemedAgree, disagree: p.tally.disagree, other: p.tally.other, noReply: p.tally.noReply, tieBrokenByPm: p.tally.tieBrokenByPm } : null,
  answers: p.answers.map((a) => ({ fullName: a.fullName, title: a.title, answer: a.answer, deemed: a.deemed, comment: a.comment, answeredBy: a.answeredBy })),
});

/** The secretariat's read-only JSON API for other systems, signed by an integration client of the Government Office. */
export function registerSecretariatApi(app: HttpApp, cabinet: CabinetService): void {
  const actorOf = (request: FastifyRequest) => cabinet.secretariatSystem(integrationClientOf(request));
  const description = 'Signed request of an integration client of the Government Office (000.00.00.G22); any other agency’s system gets 403 cabinet.system_not_allowed.';

  app.get('/api/v1/cabinet/secretariat/sessions', { config: signed, schema: { tags, summary: 'Sessions of the Government, latest first (at most 50)', description, response: { 200: Type.Object({ items: Type.Array(SessionSummary) }), ...Errors } } }, async (request) => {
    const sessions = await cabinet.listSessions(actorOf(request));
    return { items: sessions.map((s) => ({ id: s.id, kind: s.kind, title: s.title, startsAt: s.startsAt.toISOString(), status: s.status })) };
  });

  app.get('/api/v1/cabinet/secretariat/sessions/:id', { config: signed, schema: { tags, summary: 'A session: agenda items, attendance, positions, votes with their results and every ballot, conclusions and tasks', description, params: Id, response: { 200: Session, ...Errors } } }, async (request) => sessionJson(await cabinet.getSession(actorOf(request), request.params.id)));

  app.get('/api/v1/cabinet/secretariat/polls', { config: signed, schema: { tags, summary: 'Opinion polls of members, latest first (at most 50)', description, response: { 200: Type.Object({ items: Type.Array(PollSummary) }), ...Errors } } }, async (request) => {
    const polls = await cabinet.listPolls(actorOf(request));
    return { items: polls.map((p) => ({ id: p.id, title: p.title, deadline: p.deadline.toISOString(), closed: p.closed })) };
  });

  app.get('/api/v1/cabinet/secretariat/polls/:id', { config: signed, schema: { tags, summary: 'An opinion poll: its tally once closed and every member’s answer (deemed answers and delegates shown as such)', description, params: Id, response: { 200: Poll, ...Errors } } }, async (request) => pollJson(await cabinet.getPoll(actorOf(request), request.params.id)));
}
