import type { CabinetDeps } from './cabinet.model.ts';
import { createCore } from './cabinet.core.ts';
import { conclusionUseCases } from './cabinet.conclusions.ts';
import { documentUseCases } from './cabinet.documents.ts';
import { draftUseCases } from './cabinet.drafts.ts';
import { memberUseCases } from './cabinet.members.ts';
import { pollUseCases } from './cabinet.polls.ts';
import { sessionUseCases } from './cabinet.sessions.ts';
import { voteUseCases } from './cabinet.votes.ts';

export type { AttendanceMode, CabinetDeps, ExchangeReader, Member, Position, SessionKind, Stance } from './cabinet.model.ts';
export type { ItemView, PollView, SessionView, VoteView } from './cabinet.views.ts';
export type { DraftVersionView, DraftView, ProposalView } from './cabinet.drafts-view.ts';

/** The e-Cabinet's use cases, by concern; each takes the Actor, authorises, owns its transaction and audits. */
export function createCabinetService(deps: CabinetDeps) {
  const core = createCore(deps);
  return {
    now: core.now,
    ...memberUseCases(core),
    ...sessionUseCases(core),
    ...documentUseCases(core),
    ...draftUseCases(core),
    ...voteUseCases(core),
    ...conclusionUseCases(core),
    ...pollUseCases(core),
  };
}

export type CabinetService = ReturnType<typeof createCabinetService>;
