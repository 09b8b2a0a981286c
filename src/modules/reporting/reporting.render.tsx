import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/module/index.ts';
import { pageContext, sendPage, type FieldErrors } from '../../platform/ui/index.ts';
import type { ReportingApi } from './reporting.api.ts';
import { PERMISSIONS, unitOfActor, type ReportingDeps } from './reporting.access.ts';
import { problemText } from './reporting.present.ts';
import { EDITABLE_STATES } from './reporting.types.ts';
import type { ValueProblem } from './reporting.validation.ts';
import { ReportPage } from './reporting.views.tsx';
import type { ReportView } from './submissions.service.ts';

/** The report page as every route that shows it renders it (the form, the Excel upload, the actions). */
export const ACTIONS = ['submit', 'approve', 'return', 'accept', 'request_correction', 'unlock'] as const;
export type Action = (typeof ACTIONS)[number];

export interface Params {
  regime: string;
  period: string;
}

/** The actions this viewer may try on the report shown (the use case checks again). */
async function actionsFor(deps: ReportingDeps, actor: Actor, view: ReportView): Promise<Action[]> {
  const state = view.submission?.state;
  const mine = await unitOfActor(deps.db, actor).catch(() => undefined);
  const actions: Action[] = [];
  if (view.own && state && EDITABLE_STATES.includes(state) && deps.may(actor, PERMISSIONS.enter)) actions.push('submit');
  if (view.own && state === 'submitted' && deps.may(actor, PERMISSIONS.approve)) actions.push('approve', 'return');
  if (mine && view.unit.parentCode === mine.code && deps.may(actor, PERMISSIONS.accept)) {
    if (state === 'approved') actions.push('accept', 'request_correction');
    if (state === 'accepted') actions.push('unlock');
  }
  return actions;
}

/** Problems shown at their fields, in the viewer's language. */
export function problemErrors(problems: readonly Pick<ValueProblem, 'key' | 'kind' | 'params'>[], view: ReportView, locale: 'vi' | 'en'): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) errors[`v.${p.key}`] ??= problemText(p, view.indicators, locale);
  return errors;
}

export async function renderReport(
  deps: ReportingDeps,
  api: ReportingApi,
  request: FastifyRequest,
  reply: FastifyReply,
  params: Params & { unit?: string | undefined },
  extra: { inputs?: Record<string, string>; errors?: FieldErrors; notice?: string; message?: string; status?: number } = {},
) {
  const view = await api.getReport(request.actor, params);
  const ctx = pageContext(request, reply);
  const errors = extra.errors ?? (view.own ? problemErrors(view.problems, view, ctx.locale) : {});
  return sendPage(
    reply,
    <ReportPage ctx={ctx} view={view} errors={errors} actions={await actionsFor(deps, request.actor!, view)} {...(extra.inputs ? { inputs: extra.inputs } : {})} notice={extra.notice} message={extra.message} />,
    extra.status ?? 200,
  );
}

