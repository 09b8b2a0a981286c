import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { compareChartSvg, seriesChartSvg } from './reporting.charts.ts';
import { actors, HONG_GAI, QUANG_NINH, setUpReporting, validMonth } from './reporting.test-support.ts';

describe('charts drawn on the server (ECharts SVG)', () => {
  it('draws a time series with gaps and a comparison with last year, as SVG without script', () => {
    const line = seriesChartSvg({ title: 'Dân số trung bình (P.22)', unit: 'người', periods: ['2026-M10', '2026-M11', '2026-M12'], values: [1000, null, 1200], locale: 'vi' });
    expect(line).toMatch(/^<svg [^>]*width="720"/);
    expect(line).toContain('2026-M11');
    expect(line).toContain('Dân số trung bình (P.22)');
    expect(line).not.toMatch(/<script|on\w+=/i);
    const bars = compareChartSvg({ title: 'Tăng/giảm', period: '2026-M11', lastYear: '2025-M11', items: [{ name: 'Thu ngân sách', changePercent: 12.34 }, { name: 'Tai nạn giao thông', changePercent: -20 }, { name: 'Không có số liệu', changePercent: null }], locale: 'vi' });
    expect(bars).toContain('+12,3 %');
    expect(bars).toContain('-20 %');
    expect(bars).not.toContain('Không có số liệu');
  });
});

describe('the figures page’s charts', () => {
  let env: Awaited<ReturnType<typeof setUpReporting>>;
  let app: HttpApp;
  beforeAll(async () => {
    env = await setUpReporting();
    app = await env.platform.http();
    const key = { regime: 'KTXH-THANG', period: '2026-M11' };
    await env.api.saveReport(actors.hongGaiOfficer, { ...key, values: validMonth() });
    await env.api.submit(actors.hongGaiOfficer, key);
    await env.api.approve(actors.hongGaiLeader, key);
    await env.api.accept(actors.quangNinhLeader, { ...key, unit: HONG_GAI });
  }, 180_000);
  afterAll(async () => env.close());

  const get = (actor: Actor, url: string, language = 'vi') => app.inject({ url, headers: { cookie: `lang=${language}`, ...actorHeader(actor) } });

  it('shows the charts as images with a text alternative, next to the tables', async () => {
    const page = await get(actors.quangNinhLeader, `/console/reporting/KTXH-THANG/figures?unit=${QUANG_NINH}&period=2026-M11&indicator=NEW_ENTERPRISES`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('src="/console/reporting/KTXH-THANG/figures/series.svg?unit=P.22&amp;period=2026-M11&amp;indicator=NEW_ENTERPRISES"');
    expect(page.body).toContain('alt="Biểu đồ đường: Số doanh nghiệp thành lập mới từ kỳ 2025-M11 đến kỳ 2026-M11.');
    expect(page.body).toMatch(/<option value="NEW_ENTERPRISES" selected/);
    const english = await get(actors.quangNinhLeader, `/console/reporting/KTXH-THANG/figures?unit=${QUANG_NINH}&period=2026-M11`, 'en');
    expect(english.body).toContain('alt="Bar chart: the change of each indicator in period 2026-M11 against period 2025-M11');
  });

  it('draws the rolled-up series of the unit, under the same authorisation as the figures', async () => {
    const svg = await get(actors.quangNinhLeader, `/console/reporting/KTXH-THANG/figures/series.svg?unit=${QUANG_NINH}&period=2026-M11&indicator=NEW_ENTERPRISES`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('Số doanh nghiệp thành lập mới (P.22)');
    expect(svg.body).toContain('2025-M11');
    const compare = await get(actors.governmentLeader, `/console/reporting/KTXH-THANG/figures/compare.svg?unit=VN&period=2026-M11`);
    expect(compare.statusCode).toBe(200);
    expect((await get(actors.hongGaiOfficer, `/console/reporting/KTXH-THANG/figures/series.svg?unit=${QUANG_NINH}&period=2026-M11`)).statusCode).toBe(403);
    expect((await get(actors.hcmcLeader, `/console/reporting/KTXH-THANG/figures/compare.svg?unit=${QUANG_NINH}&period=2026-M11`)).statusCode).toBe(403);
    expect((await app.inject(`/console/reporting/KTXH-THANG/figures/compare.svg?unit=VN&period=2026-M11`)).statusCode).toBe(401);
  });
});
