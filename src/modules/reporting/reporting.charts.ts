import * as echarts from 'echarts';
import type { Locale } from '../../platform/i18n/index.ts';
import { formatNumber } from './reporting.present.ts';

/**
 * Charts of the rolled-up figures, drawn on the server by ECharts' server-side renderer into a
 * self-contained SVG (no script), so a page shows them without JavaScript. The pages show each
 * chart as an image with a text alternative and keep the tables the chart is drawn from.
 */

const WIDTH = 720;
const HEIGHT = 340;
const FONT = { fontFamily: 'Be Vietnam Pro, Arial, sans-serif', fontSize: 13, color: '#1b1f24' };
const PRIMARY = '#0b5cad';
const SECONDARY = '#8a5a00';

function render(option: echarts.EChartsCoreOption, height = HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, textStyle: FONT, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** A line over the periods of one indicator (gaps where nothing is rolled up yet). */
export function seriesChartSvg(input: { title: string; unit: string; periods: readonly string[]; values: readonly (number | null)[]; locale: Locale }): string {
  return render({
    title: { text: input.title, left: 8, top: 4, textStyle: { ...FONT, fontSize: 15, fontWeight: 'bold' } },
    grid: { left: 96, right: 24, top: 56, bottom: 56 },
    xAxis: { type: 'category', data: [...input.periods], axisLabel: { ...FONT, rotate: input.periods.length > 7 ? 40 : 0 } },
    yAxis: { type: 'value', name: input.unit, nameTextStyle: FONT, scale: true, axisLabel: { ...FONT, formatter: (v: number) => formatNumber(v, input.locale) } },
    series: [{ type: 'line', data: [...input.values], connectNulls: false, symbolSize: 7, lineStyle: { width: 3, color: PRIMARY }, itemStyle: { color: PRIMARY } }],
  });
}

/** This period against the same period last year: two bars per indicator, on its own scale in percent of last year. */
export function compareChartSvg(input: { title: string; period: string; lastYear: string; items: readonly { name: string; changePercent: number | null }[]; locale: Locale }): string {
  const items = input.items.filter((i) => i.changePercent !== null);
  const height = Math.max(200, 90 + items.length * 30);
  return render(
    {
      title: { text: input.title, left: 8, top: 4, textStyle: { ...FONT, fontSize: 15, fontWeight: 'bold' } },
      grid: { left: 300, right: 72, top: 48, bottom: 32 },
      xAxis: { type: 'value', axisLabel: { ...FONT, formatter: (v: number) => `${formatNumber(v, input.locale)} %` } },
      yAxis: { type: 'category', inverse: true, data: items.map((i) => i.name), axisLabel: { ...FONT, width: 280, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          data: items.map((i) => ({ value: Math.round(i.changePercent! * 10) / 10, itemStyle: { color: i.changePercent! < 0 ? SECONDARY : PRIMARY } })),
          label: { show: true, position: 'right', ...FONT, formatter: (p: { value: number }) => `${p.value > 0 ? '+' : ''}${formatNumber(p.value, input.locale)} %` },
        },
      ],
    },
    height,
  );
}
