import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { atApproval, officials, setUpBackoffice, withoutRecentSecondFactor } from './backoffice.test-support.ts';

// Issue #13 in the back office: approving at a leader's step and issuing a result need a second
// factor given in the last five minutes, decided in the use case; pages send the official to
// identity's step-up page and back; the JSON API answers 403 `identity.step_up_required`.
describe('backoffice: step-up before approval and result', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  let app: HttpApp;
  beforeAll(async () => {
    env = await setUpBackoffice();
    app = await env.platform.http();
  }, 180_000);
  afterAll(async () => env?.close());

  it('the leader approves only with a second factor of the last 5 minutes; the clerk issues the result only with one', async () => {
    const { code, version } = await atApproval(env);
    for (const stale of [withoutRecentSecondFactor(officials.leader), withoutRecentSecondFactor(officials.leader, null), withoutRecentSecondFactor(officials.leader, 5.1)]) {
      await expect(env.api.forward(stale, code, { version })).rejects.toMatchObject({ code: 'identity.step_up_required', kind: 'forbidden' });
    }
    // Nothing was applied by the refusals.
    let v = await env.api.dossierView(officials.leader, code);
    expect(v.dossier.version).toBe(version);
    expect(v.step?.kind).toBe('approval');
    // Authorisation comes first: a specialist is told it is not theirs, not asked for a code.
    await expect(env.api.forward(withoutRecentSecondFactor(officials.specialist), code, { version })).rejects.toMatchObject({ code: 'backoffice.action_forbidden' });
    // A second factor given 4 minutes ago is recent enough.
    await env.api.forward(withoutRecentSecondFactor(officials.leader, 4), code, { version });
    v = await env.api.dossierView(officials.clerk, code);
    expect(v.dossier.status).toBe(9);
    await expect(env.api.issueResult(withoutRecentSecondFactor(officials.clerk), code, { version: v.dossier.version })).rejects.toMatchObject({ code: 'identity.step_up_required' });
    expect((await env.api.dossierView(officials.clerk, code)).documents.some((d) => d.kind === 'result')).toBe(false);
    await env.api.issueResult(officials.clerk, code, { version: v.dossier.version });
    expect((await env.api.dossierView(officials.clerk, code)).dossier.status).toBe(10);
  });

  it('a review needs no step-up', async () => {
    const { code } = await env.apply();
    const v = await env.api.dossierView(officials.clerk, code);
    await env.api.accept(withoutRecentSecondFactor(officials.clerk, null), code, { version: v.dossier.version });
    const r = await env.api.dossierView(officials.specialist, code);
    await env.api.forward(withoutRecentSecondFactor(officials.specialist, null), code, { version: r.dossier.version });
    expect((await env.api.dossierView(officials.leader, code)).step?.kind).toBe('approval');
  });

  it('the page sends the leader to the step-up page and back; the JSON API answers 403 with the code', async () => {
    const { code, version } = await atApproval(env);
    const path = `/console/work/${encodeURIComponent(code)}`;
    const stale = withoutRecentSecondFactor(officials.leader);
    const page = await app.inject({ method: 'GET', url: path, headers: { ...actorHeader(stale), accept: 'text/html' } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = [page.headers['set-cookie']].flat().filter(Boolean).map((c) => String(c).split(';')[0]).join('; ');
    const posted = await app.inject({ method: 'POST', url: `${path}/forward`, payload: new URLSearchParams({ _csrf: csrf, version: String(version), note: '' }).toString(), headers: { ...actorHeader(stale), cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(posted.statusCode).toBe(303);
    const location = String(posted.headers.location);
    expect(location).toBe(`/login/step-up?next=${encodeURIComponent(`${path}?resume=forward`)}`);
    // Back from the step-up, the page says to press again, and the form is there.
    const back = await app.inject({ method: 'GET', url: `${path}?resume=forward`, headers: { ...actorHeader(officials.leader), accept: 'text/html' } });
    expect(back.statusCode).toBe(200);
    // …within the configured window (STEP_UP_SECONDS; 300 here), said in words.
    expect(back.body).toContain('Bấm lại nút thao tác để hoàn tất (trong vòng 5 phút)');
    expect(back.body).toContain(`action="${path}/forward"`);

    const api = await app.inject({ method: 'POST', url: `/api/v1/backoffice/dossiers/${encodeURIComponent(code)}/forward`, payload: { version }, headers: { ...actorHeader(stale), 'x-csrf-token': csrf, cookie } });
    expect(api.statusCode).toBe(403);
    expect(api.json()).toMatchObject({ error: { code: 'identity.step_up_required' } });
    const fresh = await app.inject({ method: 'POST', url: `/api/v1/backoffice/dossiers/${encodeURIComponent(code)}/forward`, payload: { version }, headers: { ...actorHeader(officials.leader), 'x-csrf-token': csrf, cookie } });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toEqual({ version: version + 1 });
  });
});
