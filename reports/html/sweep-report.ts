/**
 * The HTML report of `ctwin sweep`: for each headline metric, mean against the first factor with
 * a shaded 95 % band (one line per policy and combination of the other factors), and the table of points.
 */
import type { FactorValue, MetricDef, MetricStat, SweepReport } from '../experiment-results.js';
import { rangeOf, type Range } from '../../experiments/metric-range.js';
import { DASH, GRID, LEGEND, chartFigure, colorOf, displayUnit, escapeHtml, fmtInterval, fmtMeanCi, fmtNum, gridTopFor, num, renderPage, seedsText, shownBounds, type ChartSpec } from './page.js';

type Option = Record<string, unknown>;

/** A full HTML document for one sweep. */
export function renderSweepHtml(report: SweepReport): string {
  const factors = report.factors ?? [];
  const points = report.points ?? [];
  const headline = (report.metrics_catalog ?? []).filter((m) => m.headline);
  const policies = [...new Set(points.flatMap((pt) => (pt.policies ?? []).map((p) => p.name)))];
  const charts = factors.length ? headline.map((m, i) => metricChart(report, m, i)) : [];
  const body = [
    metaSection(report, policies),
    charts.length ? `<section><h2>Charts</h2><div class="charts">${charts.map(chartFigure).join('\n')}</div></section>` : '',
    pointsTable(report, headline, policies),
  ].join('\n');
  return renderPage({
    title: `Sweep: ${report.scenario}`,
    subtitle: `${report.family} scenario · ${factors.length} factor${factors.length === 1 ? '' : 's'} · ${points.length} points · ${report.replications} replications each · customs-twin ${report.version}`,
    bodyHtml: body,
    data: { report, charts },
    script: 'ReportKit.mountAll();',
  });
}

/** "policies.reform.staffing.gate_officer.0.officers" → "gate_officer.officers": the last two named segments. */
export function factorLabel(path: string): string {
  const named = path.split('.').filter((s) => !/^\d+$/.test(s));
  return named.slice(-2).join('.') || path;
}

const valueText = (v: FactorValue | undefined): string => (v === undefined || v === null ? DASH : String(v));

function metaSection(r: SweepReport, policies: string[]): string {
  const items: [string, string][] = [
    ['Scenario', escapeHtml(r.scenario)],
    ['Scenario hash', `<span class="mono" title="${escapeHtml(r.scenario_hash)}">${escapeHtml((r.scenario_hash ?? '').slice(0, 12) || DASH)}</span>`],
    ['Family', escapeHtml(r.family)],
    ['Version', escapeHtml(r.version)],
    ['Replications per point', escapeHtml(r.replications ?? DASH)],
    ['Seeds', escapeHtml(seedsText(r.seeds))],
    ['Policies', escapeHtml(policies.join(', ') || DASH)],
  ];
  const factors = (r.factors ?? [])
    .map((f) => `<div><dt title="${escapeHtml(f.path)}">Factor ${escapeHtml(factorLabel(f.path))}</dt><dd>${escapeHtml((f.values ?? []).map(valueText).join(', '))}</dd></div>`)
    .join('');
  return `<section><dl class="meta">${items.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}${factors}</dl></section>`;
}

function ciLine(ci: unknown, unit: string, mean: unknown, show: boolean, range: Range): string {
  const iv = show && num(mean) !== null ? fmtInterval(ci, unit, mean, false, range) : '';
  return iv ? `<span class="ci">${escapeHtml(iv)}</span>` : '';
}

function pointsTable(r: SweepReport, headline: MetricDef[], policies: string[]): string {
  const factors = r.factors ?? [];
  const points = r.points ?? [];
  if (!points.length) return '<section><h2>Points</h2><p class="empty">No points in this sweep.</p></section>';
  const span = Math.max(1, headline.length);
  const head1 = `<tr><th rowspan="2">#</th>${factors.map((f) => `<th rowspan="2" title="${escapeHtml(f.path)}">${escapeHtml(factorLabel(f.path))}</th>`).join('')}${policies
    .map((p, i) => `<th colspan="${span}" class="text"><span class="swatch" style="--c:${colorOf(i)}"></span>${escapeHtml(p)}</th>`)
    .join('')}</tr>`;
  const head2 = `<tr>${policies.map(() => headline.map((m) => `<th>${escapeHtml(m.label)}${displayUnit(m.unit) ? ` (${escapeHtml(displayUnit(m.unit))})` : ''}</th>`).join('') || '<th></th>').join('')}</tr>`;
  const rows = points.map((pt) => {
    const cells = policies.map((name) => {
      const pol = (pt.policies ?? []).find((p) => p.name === name);
      // the interval goes under the mean: a point row holds policies × metrics cells
      return headline.map((m) => { const s = pol?.metrics?.[m.key]; return `<td>${escapeHtml(fmtNum(s?.mean, m.unit))}${ciLine(s?.ci95, m.unit, s?.mean, r.replications > 1, rangeOf(m))}</td>`; }).join('') || '<td></td>';
    });
    return `<tr><td>${escapeHtml(pt.index)}</td>${factors.map((f) => `<td>${escapeHtml(valueText(pt.values?.[f.path]))}</td>`).join('')}${cells.join('')}</tr>`;
  });
  return `<section><h2>Points</h2><p class="summary-line">Headline metrics, mean [95 % interval] over replications.</p><div class="table-wrap"><table><thead>${head1}${head2}</thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

/** One line per policy × combination of the other factors; the band is a stacked area (lower bound + width). */
function metricChart(r: SweepReport, m: MetricDef, index: number): ChartSpec {
  const [first, ...others] = r.factors;
  const points = r.points ?? [];
  const xs = first.values ?? [];
  const numeric = xs.length > 0 && xs.every((v) => typeof v === 'number');
  const short = (path: string): string => path.split('.').filter((seg) => !/^\d+$/.test(seg)).pop() ?? path;
  const comboKey = (vals: Record<string, FactorValue>): string => others.map((f) => `${short(f.path)}=${valueText(vals?.[f.path])}`).join(', ');
  const combos = [...new Set(points.map((pt) => comboKey(pt.values)))];
  const policies = [...new Set(points.flatMap((pt) => (pt.policies ?? []).map((p) => p.name)))];
  const xOf = (v: FactorValue | undefined): number | null => {
    if (numeric) return num(v);
    const i = xs.findIndex((x) => String(x) === String(v));
    return i < 0 ? null : i;
  };
  const unit = displayUnit(m.unit);
  const series: Option[] = [];
  const legend: string[] = [];
  let line = 0;
  // with several combinations: colour by combination, dash pattern by policy
  const many = combos.length > 1;
  for (const [pi, pol] of policies.entries()) {
    for (const [ci, combo] of combos.entries()) {
      const rows = points
        .filter((pt) => comboKey(pt.values) === combo)
        .map((pt) => ({ x: xOf(pt.values?.[first.path]), s: (pt.policies ?? []).find((p) => p.name === pol)?.metrics?.[m.key] as Partial<MetricStat> | undefined }))
        .filter((row): row is { x: number; s: Partial<MetricStat> | undefined } => row.x !== null)
        .sort((a, b) => a.x - b.x);
      if (!rows.length) continue;
      const name = combo ? `${pol} · ${combo}` : pol;
      const color = colorOf(many ? ci : pi);
      const stack = `band${line++}`;
      legend.push(name);
      series.push({
        type: 'line', name, z: 3, symbolSize: 6, itemStyle: { color }, lineStyle: { color, width: 2, type: many ? ['solid', 'dashed', 'dotted'][pi % 3] : 'solid' },
        data: rows.map(({ x, s }) => ({ value: [x, num(s?.mean)], tip: `${fmtMeanCi(s?.mean, s?.ci95, m.unit, true, rangeOf(m))}${unit ? ` ${unit}` : ''}` })),
      });
      // stacked pair: an invisible lower bound, then the band width filled down to it
      // the band never reaches values the metric cannot take (below 0, above 100 %)
      const lohi = rows.map(({ x, s }) => [x, ...shownBounds(s?.ci95, rangeOf(m))] as [number, number | null, number | null]);
      const common = { name, stack, stackStrategy: 'all', showSymbol: false, silent: true, itemStyle: { color }, lineStyle: { opacity: 0 }, z: 1 };
      series.push({ ...common, type: 'line', data: lohi.map(([x, lo]) => [x, lo]) });
      series.push({ ...common, type: 'line', areaStyle: { color, opacity: many ? 0.1 : 0.16 }, data: lohi.map(([x, lo, hi]) => [x, lo === null || hi === null ? null : hi - lo]) });
    }
  }
  const xName = factorLabel(first.path);
  return {
    name: `metric_${index}`, title: m.label, wide: many,
    note: `Mean over replications with its 95 % interval (band), against ${xName}.`,
    option: {
      legend: { ...LEGEND, data: legend }, grid: { ...GRID, top: gridTopFor(legend, many) },
      tooltip: { trigger: 'axis', formatter: 'fn:tip' },
      xAxis: numeric
        ? { type: 'value', name: xName, nameLocation: 'middle', nameGap: 30, scale: true }
        : { type: 'category', name: xName, nameLocation: 'middle', nameGap: 30, boundaryGap: false, data: xs.map((v) => String(v)) },
      yAxis: { type: 'value', name: `${m.label}${unit ? ` (${unit})` : ''}`, nameLocation: 'middle', nameGap: 52, scale: true, axisLabel: m.unit === 'share' ? { formatter: 'fn:pct' } : {} },
      series,
    },
  };
}
