import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../../platform/http/index.ts';
import { signRequest } from '../../platform/integration/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { admin, member, secretariat, setUpCabinet } from './cabinet.test-support.ts';

type Setup = Awaited<ReturnType<typeof setUpCabinet>>;
let t: Setup;
let app: HttpApp;
const clients = new Map<string, { clientId: string; secret: string }>();

beforeAll(async () => {
  t = await setUpCabinet('2026-12-07T01:00:00Z');
  app = await t.platform.http();
  const agencies = t.platform.api<AgenciesApi>('agencies');
  for (const code of ['000.00.00.G22', '000.00.00.G15']) clients.set(code, await agencies.createClient(admin, { agencyCode: code, name: `Hệ thống ${code}` }));
}, 180_000);
afterAll(async () => {
  await t?.close();
});

let tick = 0;
async function get(agency: string | null, url: string) {
  const c = agency ? clients.get(agency)! : undefined;
  const headers = c ? signRequest({ clientId: c.clientId, secret: c.secret, method: 'GET', path: url, timestamp: Math.floor(Date.now() / 1000) - tick++ }) : {};
  return app.inject({ method: 'GET', url, headers });
}

describe('the secretariat’s signed JSON API for other systems', () => {
  it('the Government Office’s system reads sessions with results and polls with tallies; other systems and unsigned calls are refused', async () => {
    const { id } = await t.api.createSession(secretariat, { kind: 'thematic', title: 'Phiên chuyên đề pháp luật', startsAt: '2026-12-09T08:00', positionsCutoff: '2026-12-08T17:00' });
    const { id: itemId } = await t.api.addItem(secretariat, id, { title: 'Dự án Luật' });
    await t.api.publishSession(secretariat, id);
    const { id: voteId } = await t.api.openVote(secretariat, itemId, { question: 'Thông qua?' });
    for (const m of ['pm', 'dpm1', 'min1', 'min2', 'min3'] as const) await t.api.castBallot(member(m), voteId, { choice: 'for' });
    await t.api.closeVote(secretariat, voteId);
    await t.api.recordConclusion(secretariat, itemId, { text: 'Thông qua dự án Luật.', tasks: [{ content: 'Hoàn thiện hồ sơ', leadAgencyCode: '000.00.00.G15', deadline: '2026-12-31' }] });
    const poll = await t.api.issuePoll(secretariat, { title: 'Lấy ý kiến Nghị quyết', question: 'Đồng ý?', workingDays: 2, silenceIsConsent: true });
    await t.api.answerPoll(member('min4'), poll.id, { answer: 'disagree', comment: 'Chưa phù hợp' });

    const list = await get('000.00.00.G22', '/api/v1/cabinet/secretariat/sessions');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toContainEqual(expect.objectContaining({ id, kind: 'thematic', status: 'published' }));
    const session = await get('000.00.00.G22', `/api/v1/cabinet/secretariat/sessions/${id}`);
    expect(session.statusCode).toBe(200);
    const item = session.json().items[0];
    expect(item).toMatchObject({ state: 'concluded', conclusion: 'Thông qua dự án Luật.', tasks: [{ leadAgencyCode: '000.00.00.G15', deadline: '2026-12-31' }] });
    expect(item.vote).toMatchObject({ result: 'passed', cast: 5, tally: { for: 5, against: 0, abstain: 0, notVoting: 4 } });
    expect(item.vote.ballots).toHaveLength(9);

    const polls = await get('000.00.00.G22', '/api/v1/cabinet/secretariat/polls');
    expect(polls.json().items).toContainEqual(expect.objectContaining({ id: poll.id, closed: false }));
    t.clock.set(new Date(poll.deadline.getTime() + 1000).toISOString());
    const closed = await get('000.00.00.G22', `/api/v1/cabinet/secretariat/polls/${poll.id}`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ closed: true, tally: { result: 'passed', agree: 8, deemedAgree: 8, disagree: 1 } }); // agree counts the deemed
    expect(closed.json().answers.find((a: { fullName: string }) => a.fullName === 'Bộ trưởng 4')).toMatchObject({ answer: 'disagree', deemed: false, comment: 'Chưa phù hợp' });

    const other = await get('000.00.00.G15', `/api/v1/cabinet/secretariat/sessions/${id}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('cabinet.system_not_allowed');
    expect((await get(null, '/api/v1/cabinet/secretariat/sessions')).statusCode).toBe(401);
    expect((await get('000.00.00.G22', '/api/v1/cabinet/secretariat/sessions/999999')).statusCode).toBe(404);

    const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(openapi.paths['/api/v1/cabinet/secretariat/sessions/{id}'].get.security).toBeDefined();
  });
});
