import type { HttpApp } from '../../platform/http/index.ts';
import { datePartsOf, pageContext, readDate, sendPage, type DateParts } from '../../platform/ui/index.ts';
import { assuranceMessages } from './assurance.messages.ts';
import type { AssuranceService } from './assurance.service.ts';
import { AssurancePage, DeskCheckPage, LocalNationalIdPage, NationalIdReturnPage } from './assurance.views.tsx';
import { emptyForm, failedForm, FORM_BODY_LIMIT, redirectToLogin } from './identity.http.ts';
import { AssertionForm, AssuranceQuery, BirthDateForm, DeskCheckForm } from './identity.schemas.ts';
import { identityErrors } from './identity.errors.ts';
import { problem } from './identity.validation.ts';
import type { createLocalNationalIdProvider } from './national-id.ts';

type LocalProvider = ReturnType<typeof createLocalNationalIdProvider>;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The date of birth of a form: three fields (day, month, year) made into an ISO date, or,
 * when they make none, what was typed (refused by the use case with errBirthDate). A bare
 * `birthDate` (an older client) is read as it is.
 */
function birthDateOf(body: Record<string, unknown>): { iso: string; parts: DateParts } {
  const parts = datePartsOf(body, 'birthDate');
  const typed = parts.day || parts.month || parts.year;
  if (!typed) return { iso: typeof body.birthDate === 'string' ? body.birthDate.trim() : '', parts };
  const date = readDate(parts);
  return { iso: 'iso' in date ? date.iso : `${parts.day}/${parts.month}/${parts.year}`, parts };
}

/** The citizen's assurance page, the local national identity stand-in, and the desk check of officials. */
export function registerAssurancePages(app: HttpApp, assurance: AssuranceService, local: LocalProvider): void {
  const hide = { hide: true };
  const limits = { bodyLimit: FORM_BODY_LIMIT };

  app.get('/account/assurance', { schema: { ...hide, querystring: AssuranceQuery } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const { level, personalId } = await assurance.levelOf(request.actor);
    const notice = request.query.raised ? assuranceMessages.t(request.locale, 'raised') : undefined;
    return sendPage(reply, <AssurancePage ctx={pageContext(request, reply)} level={level} canRaise={personalId !== null} notice={notice} />);
  });

  // A real installation sends the person to the national provider here; without one, to the local stand-in.
  app.post('/account/assurance/national-id/start', { schema: hide, ...limits }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    return reply.redirect('/national-id/local/authorize', 303);
  });

  app.get('/national-id/local/authorize', { schema: hide }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const { personalId, fullName } = await assurance.levelOf(request.actor);
    if (!personalId) throw identityErrors.forbidden();
    return sendPage(reply, <LocalNationalIdPage ctx={pageContext(request, reply)} personalId={personalId} name={fullName} state={emptyForm({})} />);
  });

  app.post('/national-id/local/authorize', { schema: { ...hide, body: BirthDateForm }, ...limits }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const { personalId, fullName } = await assurance.levelOf(request.actor);
    if (!personalId) throw identityErrors.forbidden();
    const { iso: birthDate, parts } = birthDateOf(request.body);
    if (!ISO_DATE.test(birthDate) || Number.isNaN(Date.parse(birthDate)) || !('iso' in readDate(birthDate))) {
      const { state, status } = failedForm(request, reply, identityErrors.invalidInput([problem('birthDate', 'errBirthDate')]), { birthDate: parts });
      return sendPage(reply, <LocalNationalIdPage ctx={pageContext(request, reply)} personalId={personalId} name={fullName} state={state} />, status);
    }
    const assertion = local.issue({ personalId, fullName, birthDate });
    return sendPage(reply, <NationalIdReturnPage ctx={pageContext(request, reply)} assertion={assertion} />);
  });

  app.post('/account/assurance/national-id', { schema: { ...hide, body: AssertionForm }, bodyLimit: 8 * 1024 }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    await assurance.verifyWithNationalId(request.actor, request.body.assertion);
    return reply.redirect('/account/assurance?raised=3', 303);
  });

  app.get('/console/identity-check', { schema: hide }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    if (request.actor.kind !== 'official') throw identityErrors.forbidden();
    return sendPage(reply, <DeskCheckPage ctx={pageContext(request, reply)} state={emptyForm({})} />);
  });

  app.post('/console/identity-check', { schema: { ...hide, body: DeskCheckForm }, ...limits }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const { iso: birthDate, parts } = birthDateOf(request.body);
    const values = { personalId: request.body.personalId, birthDate: parts };
    try {
      const { fullName } = await assurance.verifyInPerson(request.actor, { personalId: request.body.personalId, birthDate });
      const notice = assuranceMessages.t(request.locale, 'deskDone', { name: fullName });
      return sendPage(reply, <DeskCheckPage ctx={pageContext(request, reply)} state={{ ...emptyForm({}), notice }} />);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, values);
      return sendPage(reply, <DeskCheckPage ctx={pageContext(request, reply)} state={state} />, status);
    }
  });
}
