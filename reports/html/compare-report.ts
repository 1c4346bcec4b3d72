/**
 * The HTML report of `ctwin compare` / `ctwin run`: headline cards, assertions, charts of the
 * distributions behind the means, and the full metrics and differences tables. Every number may
 * arrive as null (NaN in the simulator) and shows as "—".
 */
import { differenceRange, rangeOf, type Range } from '../../experiments/metric-range.js';
import { tradeoffs } from '../../experiments/tradeoffs.js';
import { ESTIMATOR_TEXT } from '../../experiments/intervals.js';
import type { ComparisonReport, Difference, MetricDef, MetricStat, PolicyResult } from '../experiment-results.js';
import {
  BAR_CATEGORY_GAP, BAR_GAP, CLIPPED_NOTE, DASH, GRID, LEGEND, STAGE_PALETTE, bounds, chartFigure, colorOf, displayUnit, escapeHtml,
  fmtInterval, fmtMeanCi, fmtNum, fmtValue, gridTopFor, group, isClipped, isAsymmetric, labelPx, labelWidth, nameAxisLabel, num, renderPage, seedsText,
  seriesColors, shownBounds, type ChartSpec,
} from './page.js';

type Option = Record<string, unknown>;
type Stat = Partial<MetricStat> | undefined | null;

const DETECTION_KEYS = ['recall', 'hit_rate', 'random_hit_rate', 'targeted_hit_rate'];
/** Short category names for the detection chart (the catalogue's labels are sentences that collide on a half-width axis). */
const DETECTION_SHORT: Record<string, string> = { recall: 'Recall', hit_rate: 'Hit rate', random_hit_rate: 'Hit rate, random', targeted_hit_rate: 'Hit rate, targeted' };

/** A full HTML document for one comparison (or single run). */
export function renderComparisonHtml(report: ComparisonReport): string {
  const ctx = context(report);
  const charts = buildCharts(ctx);
  const body = [
    metaSection(ctx),
    tradeoffsSection(ctx),
    assertionsSection(ctx),
    summarySection(ctx),
    charts.length ? `<section><h2>Charts</h2><div class="charts">${charts.map(chartFigure).join('\n')}</div></section>` : '',
    metricsSection(ctx),
    differencesSection(ctx),
  ].join('\n');
  const runs = report.kind === 'run' ? 'single run (no intervals)' : `${report.replications} replications, 95 % intervals`;
  return renderPage({
    title: `${report.kind === 'run' ? 'Run' : 'Comparison'}: ${report.scenario}`,
    subtitle: `${report.family} scenario · ${(report.policies ?? []).length} policies · ${runs} · customs-twin ${report.version}`,
    bodyHtml: body,
    data: { report, charts },
    script: 'ReportKit.mountAll();',
  });
}

// ---------------------------------------------------------------- context

interface Ctx {
  r: ComparisonReport;
  policies: PolicyResult[];
  catalog: MetricDef[];
  def: Map<string, MetricDef>;
  intervals: boolean;
  baseline: string | undefined;
  theory: Record<string, number | null>;
}

function context(r: ComparisonReport): Ctx {
  const catalog = r.metrics_catalog ?? [];
  const policies = r.policies ?? [];
  return {
    r, policies, catalog,
    def: new Map(catalog.map((m) => [m.key, m])),
    intervals: r.kind !== 'run',
    baseline: policies[0]?.name,
    theory: (r.theory ?? {}) as Record<string, number | null>,
  };
}

const statOf = (p: PolicyResult, key: string): Stat => p.metrics?.[key];

/** The tooltip naming a metric's interval estimator (reports from before it: t-intervals). */
const estimatorNote = (m: MetricDef): string => `95 % interval: ${ESTIMATOR_TEXT[m.estimator ?? 't'] ?? ESTIMATOR_TEXT.t}`;
const halfWidth = (s: Stat): number | null => {
  const [lo, hi] = bounds(s?.ci95);
  return lo === null || hi === null ? null : (hi - lo) / 2;
};

/** "12.3 [11.8, 12.9] min" (the mean alone for a single run). */
function statText(s: Stat, unit: string, intervals: boolean, range?: Range): string {
  const t = fmtMeanCi(s?.mean, s?.ci95, unit, intervals, range);
  const u = displayUnit(unit);
  return t === DASH || !u ? t : `${t} ${u}`;
}

function tone(better: MetricDef['better'] | undefined, d: Partial<Difference> | undefined): 'good' | 'bad' | '' {
  const m = num(d?.mean);
  if (!d?.significant || !better || m === null || m === 0) return '';
  return (m < 0) === (better === 'lower') ? 'good' : 'bad';
}

const pretty = (key: string): string => {
  const t = key.replace(/_to_/g, ' → ').replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
};

const unitSpan = (unit: string): string => (displayUnit(unit) ? `<span class="unit">${escapeHtml(displayUnit(unit))}</span>` : '');

// ---------------------------------------------------------------- sections

function metaSection({ r, baseline }: Ctx): string {
  const hash = r.scenario_hash ?? '';
  const items: [string, string][] = [
    ['Scenario', escapeHtml(r.scenario)],
    ['Scenario hash', `<span class="mono" title="${escapeHtml(hash)}">${escapeHtml(hash.slice(0, 12) || DASH)}</span>`],
    ['Family', escapeHtml(r.family)],
    ['Kind', escapeHtml(r.kind)],
    ['Version', escapeHtml(r.version)],
    ['Replications', escapeHtml(r.replications ?? DASH)],
    ['Seeds', escapeHtml(seedsText(r.seeds))],
    ['Baseline', escapeHtml(baseline ?? DASH)],
  ];
  return `<section><dl class="meta">${items.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl></section>`;
}

/** The summing-up first: best policy on clearance, detection and officer hours, and where they conflict. */
function tradeoffsSection({ r, catalog, policies, intervals }: Ctx): string {
  const t = r.tradeoffs ?? tradeoffs(catalog, policies);
  if (!t?.lines.length) return '';
  const items = t.lines.map((l) => {
    const cls = l.startsWith('conflict:') ? ' class="conflict"' : l.startsWith('no conflict:') ? ' class="agree"' : '';
    return `<li${cls}>${escapeHtml(l)}</li>`;
  });
  const how = intervals
    ? 'Best by mean over replications; “clearly ahead” when the paired 95 % interval of its lead over the next policy excludes zero.'
    : 'Best by the single run’s values: no interval, so a small lead may be noise.';
  return `<section><h2>Trade-offs</h2><div class="tradeoffs"><ul>${items.join('')}</ul><p class="how">${escapeHtml(how)}</p></div></section>`;
}

function assertionsSection({ r }: Ctx): string {
  const list = r.assertions ?? [];
  if (!list.length) return '';
  const passed = list.filter((a) => a.passed).length;
  const items = list
    .map((a) => `<li><span class="${a.passed ? 'pass' : 'fail'}">${a.passed ? '✓ pass' : '✗ fail'}</span><code>${escapeHtml(a.expression)}</code><span class="reason">${escapeHtml(a.reason)}</span></li>`)
    .join('');
  return `<section><h2>Assertions</h2><p class="summary-line">${passed} of ${list.length} passed</p><ul class="assertions">${items}</ul></section>`;
}

function summarySection(ctx: Ctx): string {
  const { policies, catalog, intervals, baseline, r } = ctx;
  if (!policies.length) return '<section><h2>Summary</h2><p class="empty">No policies in this report.</p></section>';
  const headline = catalog.filter((m) => m.headline);
  const cards = policies.map((p, i) => {
    const rows = headline.map((m) => {
      const s = statOf(p, m.key);
      const hw = halfWidth(s);
      const value = fmtValue(s?.mean, m.unit);
      const range = rangeOf(m);
      // an interval cut at the metric's range is shown with both bounds, never as "± h"
      const cut = intervals && isClipped(s?.ci95, range);
      const bracket = cut || isAsymmetric(s?.mean, s?.ci95);
      const pm = !intervals || hw === null || value === DASH ? '' : bracket ? ` ${fmtInterval(s?.ci95, m.unit, s?.mean, false, range)}` : ` ± ${fmtNum(hw, m.unit, { ref: s?.mean })}`;
      const text = pm && displayUnit(m.unit) ? `${fmtNum(s?.mean, m.unit)}${pm} ${displayUnit(m.unit)}` : value + pm;
      const d = i > 0 ? r.differences?.find((x) => x.policy === p.name && x.metric === m.key && x.vs === baseline) : undefined;
      const verdict = d ? `<span class="verdict ${tone(m.better, d)}"><span class="badge">${escapeHtml(d.verdict ?? DASH)}</span></span>` : '';
      return `<div class="row"><dt title="${escapeHtml(estimatorNote(m))}">${escapeHtml(m.label)}</dt><dd${cut ? ` class="cut" title="${escapeHtml(CLIPPED_NOTE)}"` : ''}>${escapeHtml(text)}</dd>${verdict}</div>`;
    });
    const tag = i === 0 ? ' <span class="tag">baseline</span>' : '';
    return `<article class="card" style="--c:${colorOf(i)}"><h3>${escapeHtml(p.name)}${tag}</h3>${p.description ? `<p class="desc">${escapeHtml(p.description)}</p>` : ''}<dl>${rows.join('')}</dl></article>`;
  });
  const how = intervals
    ? 'Mean ± half-width of the 95 % interval over replications; [lo, hi] where the interval is not symmetric (money and waits on the log scale or by bootstrap, shares pooled from their counts: hover a metric for its estimator). Verdicts against the baseline, paired by seed.'
    : 'Single run: values without intervals.';
  return `<section><h2>Summary</h2><p class="summary-line">${how}</p><div class="cards">${cards.join('')}</div></section>`;
}

function metricsSection({ policies, catalog, intervals, theory, r }: Ctx): string {
  if (!catalog.length || !policies.length) return '';
  const hasTheory = catalog.some((m) => num(theory[m.key]) !== null);
  const head = `<tr><th>Metric</th>${policies.map((p, i) => `<th class="policy"><span class="swatch" style="--c:${colorOf(i)}"></span>${escapeHtml(p.name)}</th>`).join('')}${hasTheory ? '<th>Theory</th>' : ''}</tr>`;
  const groups = [...new Set(catalog.map((m) => m.group))];
  const cols = policies.length + 1 + (hasTheory ? 1 : 0);
  const rows = groups.flatMap((g) => [
    `<tr class="group"><td colspan="${cols}">${escapeHtml(g)}</td></tr>`,
    ...catalog.filter((m) => m.group === g).map((m) => {
      const th = num(theory[m.key]);
      const range = rangeOf(m);
      const cells = policies.map((p) => {
        const s = statOf(p, m.key);
        const [lo, hi] = shownBounds(s?.ci95, range);
        const off = th !== null && lo !== null && hi !== null && (th < lo || th > hi);
        const n = num(s?.n);
        const few = intervals && n !== null && num(s?.mean) !== null && n < (r.replications ?? 0) ? `<span class="n">n=${n}</span>` : '';
        // the interval on its own line under the mean: five policies fit at 1600 px without scrolling
        const iv = intervals && num(s?.mean) !== null ? fmtInterval(s?.ci95, m.unit, s?.mean, false, range) : '';
        const cut = iv !== '' && isClipped(s?.ci95, range);
        const ci = iv ? `<span class="ci${cut ? ' cut' : ''}"${cut ? ` title="${escapeHtml(CLIPPED_NOTE)}"` : ''}>${escapeHtml(iv)}</span>` : '';
        return `<td${off ? ' class="off-theory" title="theory outside the interval"' : ''}>${escapeHtml(fmtNum(s?.mean, m.unit))}${few}${ci}</td>`;
      });
      const theoryCell = hasTheory ? `<td>${escapeHtml(fmtNum(th, m.unit))}</td>` : '';
      return `<tr><td class="metric" title="${escapeHtml(`${m.key}: ${estimatorNote(m)}`)}">${escapeHtml(m.label)}${unitSpan(m.unit)}</td>${cells.join('')}${theoryCell}</tr>`;
    }),
  ]);
  const how = intervals
    ? 'Mean, and under it the 95 % interval over replications (cut at what the metric can take: dotted underline); n where some replications had nothing to measure.'
    : 'Values of the single run.';
  return `<section><h2>All metrics</h2><p class="summary-line">${how}</p><div class="table-wrap"><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

function fmtDiff(x: unknown, unit: string, ref: number | null): string {
  const s = fmtNum(x, unit, { signed: true, ref });
  if (s === DASH) return s;
  const u = unit === 'share' ? 'pp' : displayUnit(unit);
  return u ? `${s} ${u}` : s;
}

/**
 * The baseline's mean behind a difference: stored with it since `base_mean` exists; else from the
 * relative change, else the baseline policy's own mean (reports written before).
 */
function baseMeanOf(d: Partial<Difference>, policies: PolicyResult[]): number | null {
  const stored = num(d.base_mean);
  if (stored !== null) return stored;
  const m = num(d.mean);
  const rel = num(d.relative);
  if (m !== null && rel !== null && rel !== 0) return Math.abs(m / rel);
  const base = policies.find((p) => p.name === d.vs);
  return num(base?.metrics?.[d.metric ?? '']?.mean);
}

function differencesSection({ r, def, catalog, intervals, baseline, policies }: Ctx): string {
  const order = new Map(catalog.map((m, i) => [m.key, i]));
  const diffs = [...(r.differences ?? [])].sort((a, b) => (order.get(a.metric) ?? 1e9) - (order.get(b.metric) ?? 1e9));
  if (!diffs.length) return '';
  const ci = (c: unknown, unit: string, ref: number | null, range: Range): string => fmtInterval(c, unit, ref, true, range) || DASH;
  const showVs = new Set(diffs.map((d) => d.vs)).size > 1;
  const head = `<tr><th>Metric</th><th class="text">Policy</th>${showVs ? '<th class="text">vs</th>' : ''}<th>Mean difference</th>${intervals ? '<th>Paired 95 % CI</th><th>Unpaired 95 % CI</th>' : ''}<th>Relative</th><th class="text">Verdict</th></tr>`;
  const span = new Map<string, number>();
  for (const d of diffs) span.set(d.metric, (span.get(d.metric) ?? 0) + 1);
  const rows = diffs.map((d, i) => {
    const m = def.get(d.metric);
    const unit = m?.unit ?? '';
    // decimals from the interval's scale, so a small mean beside a wide interval keeps 3 digits, not 6
    const scale = Math.max(...[d.mean, ...bounds(d.ci95)].map((x) => Math.abs(num(x) ?? 0))) || null;
    const rel = fmtNum(d.relative, 'share', { signed: true, ref: 0.1 });
    // a difference is bounded as its two sides are: a time cannot fall by more than 100 %
    const base = baseMeanOf(d, policies);
    const range = m ? rangeOf(m) : ([null, null] as Range);
    const inRange = base !== null && (range[0] === null || base >= range[0]) && (range[1] === null || base <= range[1]);
    const dRange = inRange ? differenceRange(range, base) : ([null, null] as Range);
    const relRange = inRange ? differenceRange(range, base, true) : ([null, null] as Range);
    const relCi = intervals ? fmtInterval(d.relative_ci95, 'share', 0.1, true, relRange) : '';
    const first = i === 0 || diffs[i - 1].metric !== d.metric;
    const metricCell = first ? `<td class="metric" rowspan="${span.get(d.metric)}" title="${escapeHtml(d.metric)}">${escapeHtml(m?.label ?? d.metric)}</td>` : '';
    return `<tr class="${tone(m?.better, d)}">${metricCell}<td class="text policy">${escapeHtml(d.policy)}</td>${showVs ? `<td class="text">${escapeHtml(d.vs)}</td>` : ''}<td class="tone">${escapeHtml(fmtDiff(d.mean, unit, scale))}</td>${
      intervals ? `<td>${escapeHtml(ci(d.ci95, unit, scale, dRange))}</td><td>${escapeHtml(ci(d.ci95_unpaired, unit, scale, dRange))}</td>` : ''
    }<td>${escapeHtml(rel === DASH ? rel : `${rel} %`)}${relCi ? `<span class="ci">${escapeHtml(relCi)}</span>` : ''}</td><td class="text tone long">${escapeHtml(d.verdict ?? DASH)}</td></tr>`;
  });
  const against = showVs ? 'each policy against its reference' : `each policy against ${baseline ?? 'the baseline'}`;
  const how = intervals ? `Policy − baseline, ${against}; paired by seed (common random numbers), with the Welch interval for comparison. Green: significantly better; red: significantly worse.` : `Policy − baseline, ${against}.`;
  return `<section><h2>Differences</h2><p class="summary-line">${escapeHtml(how)}</p><div class="table-wrap"><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

// ---------------------------------------------------------------- charts

function buildCharts(ctx: Ctx): ChartSpec[] {
  // one replication has nothing to spread: no Replications chart for a single run
  const replications = ctx.intervals && (ctx.r.replications ?? 0) > 1 ? replicationChart(ctx) : null;
  const specs = [histChart(ctx), stagesChart(ctx), detectionChart(ctx), utilisationChart(ctx), replications, queuesChart(ctx)];
  const out = specs.filter((s): s is ChartSpec => s !== null);
  // an odd half-width chart would leave a hole in the two-column grid
  const half = out.filter((s) => !s.wide);
  if (half.length % 2 === 1) half[half.length - 1].wide = true;
  return out;
}

const TOOLTIP_AXIS = { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: 'fn:tip' };

function valueAxis(name: string, percent: boolean, extra: Option = {}): Option {
  return { type: 'value', name, nameLocation: 'middle', nameGap: 48, axisLabel: percent ? { formatter: 'fn:pct' } : {}, ...extra };
}

function categoryAxis(data: string[], name = '', extra: Option = {}): Option {
  return { type: 'category', data, name, nameLocation: 'middle', nameGap: 36, axisLabel: { interval: 0, hideOverlap: true }, ...extra };
}

/** Share of consignments per clearance-time bin; bins labelled in the unit of their upper edge. */
function histChart({ policies }: Ctx): ChartSpec | null {
  const withHist = policies.map((p, i) => ({ p, i, h: p.charts?.clearance_hist })).filter((x) => x.h?.edges_min?.length && x.h.counts?.length);
  if (!withHist.length) return null;
  const labels = binLabels(withHist[0].h!.edges_min);
  const series = withHist.map(({ p, i, h }) => {
    const own = binLabels(h!.edges_min);
    const counts = h!.counts.map((c) => num(c) ?? 0);
    const total = counts.reduce((a, b) => a + b, 0);
    const byLabel = new Map(own.map((l, k) => [l, counts[k] ?? 0]));
    return {
      type: 'bar', name: p.name, itemStyle: { color: colorOf(i) }, barGap: '8%', barCategoryGap: '24%',
      data: labels.map((l) => {
        const c = byLabel.get(l);
        const share = total > 0 && c !== undefined ? c / total : null;
        return { value: share, tip: share === null ? DASH : `${fmtValue(share, 'share')} (${group(c!.toLocaleString('en-US'))} consignments)` };
      }),
    };
  });
  return {
    name: 'clearance_hist', title: 'Clearance time distribution', wide: true,
    note: 'Share of the consignments counted, by clearance time (arrival to exit); the last bin is open-ended. Summed over replications.',
    option: {
      legend: LEGEND, grid: { ...GRID, top: gridTopFor(series.map((x) => x.name), true) }, tooltip: TOOLTIP_AXIS,
      xAxis: categoryAxis(labels, 'clearance time (m = minutes, h = hours, d = days)'),
      yAxis: valueAxis('share of consignments', true),
      series,
    },
  };
}

function binLabels(edges: number[]): string[] {
  const unitOf = (m: number): ['m' | 'h' | 'd', number] => (m < 60 ? ['m', 1] : m < 1440 ? ['h', 60] : ['d', 1440]);
  const v = (m: number, div: number): string => String(Math.round((m / div) * 100) / 100);
  return edges.map((a, i) => {
    const [ua, da] = unitOf(a);
    if (i === edges.length - 1) return `≥ ${v(a, da)}${ua}`;
    const [ub, db] = unitOf(edges[i + 1]);
    return a === 0 || ua === ub ? `${v(a, db)}–${v(edges[i + 1], db)}${ub}` : `${v(a, da)}${ua}–${v(edges[i + 1], db)}${ub}`;
  });
}

/** Mean minutes per WCO Time Release Study stage, stacked per policy. */
function stagesChart({ policies, intervals }: Ctx): ChartSpec | null {
  const withStages = policies.filter((p) => p.charts?.stages_min && Object.keys(p.charts.stages_min).length);
  if (!withStages.length) return null;
  const stages = [...new Set(withStages.flatMap((p) => Object.keys(p.charts.stages_min!)))];
  const names = withStages.map((p) => p.name);
  const series = stages.map((st, k) => ({
    type: 'bar', name: pretty(st), stack: 'stages', itemStyle: { color: STAGE_PALETTE[k % STAGE_PALETTE.length] }, barWidth: '55%',
    data: withStages.map((p) => {
      const s = p.charts.stages_min![st];
      return { value: num(s?.mean), tip: statText(s, 'min', intervals, [0, null]) };
    }),
  }));
  return {
    name: 'stages', title: 'Time Release Study stages', height: names.length > 5 ? 110 + 46 * names.length : undefined,
    note: 'Mean minutes per stage; the bar length is the mean time from arrival to exit.',
    option: {
      legend: LEGEND, grid: { ...GRID, left: 24, top: gridTopFor(series.map((x) => x.name), false) + 8, bottom: 48 }, tooltip: TOOLTIP_AXIS,
      xAxis: valueAxis('minutes', false, { nameGap: 30 }),
      yAxis: categoryAxis(names, '', { inverse: true, axisLabel: { width: 140, overflow: 'truncate' } }),
      series,
    },
  };
}

interface BarGroup {
  name: string;
  categories: string[];
  stats: (p: PolicyResult) => Stat[];
  units: string[];
  /** what each category's values can take (whiskers are cut to it) */
  ranges: Range[];
  percent: boolean;
  axisName: string;
  wide: boolean;
  theory?: (number | null)[];
}

/** Grouped bars (one per policy) with 95 % whiskers drawn by the runtime's `errorBar`. */
function groupedBars(ctx: Ctx, g: BarGroup): Option {
  const n = ctx.policies.length;
  const series: Option[] = ctx.policies.map((p, i) => ({
    type: 'bar', name: p.name, itemStyle: { color: colorOf(i) }, barGap: BAR_GAP, barCategoryGap: BAR_CATEGORY_GAP,
    data: g.stats(p).map((s, c) => ({ value: num(s?.mean), tip: statText(s, g.units[c], ctx.intervals, g.ranges[c]) })),
  }));
  if (ctx.intervals) {
    ctx.policies.forEach((p, i) => {
      series.push({
        type: 'custom', name: p.name, renderItem: 'fn:errorBar', itemStyle: { color: colorOf(i) }, encode: { x: 0, y: [1, 2] }, z: 10, silent: true,
        data: g.stats(p).map((s, c) => [c, ...shownBounds(s?.ci95, g.ranges[c]), i, n]),
      });
    });
  }
  if (g.theory?.some((v) => v !== null)) {
    series.push({
      type: 'scatter', name: 'theory', symbol: 'rect', symbolSize: [44, 3], itemStyle: { color: '#111827' }, z: 12,
      data: g.theory.flatMap((v, c) => (v === null ? [] : [{ value: [c, v], tip: fmtValue(v, g.units[c]) }])),
    });
  }
  const legend = [...ctx.policies.map((p) => p.name), ...(g.theory?.some((v) => v !== null) ? ['theory'] : [])];
  // labels wrap at spaces inside their band; two lines need a taller bottom margin
  const width = labelWidth(g.categories.length, g.wide);
  const lines = Math.max(1, ...g.categories.map((c) => Math.ceil(labelPx(c) / width)));
  return {
    legend: LEGEND, grid: { ...GRID, top: gridTopFor(legend, g.wide), bottom: GRID.bottom + 14 * (lines - 1) }, tooltip: TOOLTIP_AXIS,
    // every label shown (hiding one would drop a category's name): short, and wrapped to its band so they cannot collide
    xAxis: categoryAxis(g.categories, '', { axisLabel: { interval: 0, hideOverlap: false, width, overflow: 'break', lineHeight: 14 } }),
    yAxis: valueAxis(g.axisName, g.percent, { min: 0 }),
    series,
  };
}

function detectionChart(ctx: Ctx): ChartSpec | null {
  const keys = DETECTION_KEYS.filter((k) => ctx.policies.some((p) => num(statOf(p, k)?.mean) !== null));
  if (!keys.length) return null;
  const defs = keys.map((k) => ctx.def.get(k));
  const units = defs.map((d) => d?.unit ?? 'share');
  return {
    name: 'detection', title: 'Risk detection',
    note: `Recall: share of violations caught at clearance; hit rates: share of checks that found one (random, targeted: by how the consignment was selected).${ctx.intervals ? ' Whiskers: 95 % intervals.' : ''}`,
    option: groupedBars(ctx, {
      name: 'detection', categories: keys.map((k) => DETECTION_SHORT[k] ?? pretty(k)), units, ranges: defs.map((d, i) => rangeOf(d ?? { unit: units[i] })), axisName: 'share', wide: false,
      percent: units.every((u) => u === 'share'),
      stats: (p) => keys.map((k) => statOf(p, k)),
      theory: keys.map((k) => num(ctx.theory[k])),
    }),
  };
}

function utilisationChart(ctx: Ctx): ChartSpec | null {
  const keys = [...new Set(ctx.policies.flatMap((p) => Object.keys(p.charts?.utilisation ?? {})))];
  if (!keys.length) return null;
  const wide = keys.length > 5;
  const option = groupedBars(ctx, {
    name: 'utilisation', categories: keys.map(pretty), units: keys.map(() => 'share'), ranges: keys.map((): Range => [0, 1]), axisName: 'utilisation', percent: true, wide,
    stats: (p) => keys.map((k) => p.charts?.utilisation?.[k]),
  });
  return { name: 'utilisation', title: 'Officer and resource utilisation', wide, option,
    note: `Busy time over available time by officer role and resource.${ctx.intervals ? ' Whiskers: 95 % intervals.' : ''}` };
}

/** Each replication's value of one metric per policy (the select picks the metric), with mean and interval. */
function replicationChart(ctx: Ctx): ChartSpec | null {
  const { policies, catalog, intervals, theory } = ctx;
  const metrics = catalog.filter((m) => policies.some((p) => p.replications?.some((rep) => num(rep.metrics?.[m.key]) !== null)));
  if (!metrics.length) return null;
  const ordered = [...metrics.filter((m) => m.headline), ...metrics.filter((m) => !m.headline)];
  const names = policies.map((p) => p.name);
  const axis = nameAxisLabel(names, false);
  const variants = ordered.map((m) => {
    const percent = m.unit === 'share';
    const range = rangeOf(m);
    const series: Option[] = policies.map((p, i) => ({
      type: 'scatter', name: p.name, symbolSize: 7, itemStyle: { color: colorOf(i), opacity: 0.6 },
      data: (p.replications ?? []).flatMap((rep) => {
        const v = num(rep.metrics?.[m.key]);
        return v === null ? [] : [{ value: [i, v], tip: `seed ${rep.seed}: ${fmtValue(v, m.unit)}` }];
      }),
    }));
    if (intervals) {
      policies.forEach((p, i) => {
        const s = statOf(p, m.key);
        series.push({ type: 'custom', name: p.name, renderItem: 'fn:errorBar', itemStyle: { color: colorOf(i) }, encode: { x: 0, y: [1, 2] }, z: 10, silent: true,
          data: [[i, ...shownBounds(s?.ci95, range), 0, 1, num(s?.mean)]] });
      });
    }
    const th = num(theory[m.key]);
    if (th !== null) {
      // an invisible point keeps the theory value inside the axis range; its markLine draws the reference
      series.push({ type: 'scatter', name: 'theory', symbolSize: 0, silent: true, data: [[0, th]],
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#111827', width: 1.5 },
          label: { formatter: `theory ${fmtValue(th, m.unit)}`, position: 'insideEndTop', color: '#111827' }, data: [{ yAxis: th }] } });
    }
    return {
      label: m.label,
      option: {
        legend: { ...LEGEND, data: names }, grid: { ...GRID, top: gridTopFor(names, false), bottom: axis.bottom }, tooltip: { trigger: 'item', formatter: 'fn:tip' },
        // policy names whole (never "random-contro l"): turned when they do not fit
        xAxis: categoryAxis(names, '', { jitter: 28, axisLabel: axis.axisLabel }),
        yAxis: valueAxis(`${m.label}${displayUnit(m.unit) ? ` (${displayUnit(m.unit)})` : ''}`, percent, { scale: true, nameGap: 52 }),
        series,
      } as Option,
    };
  });
  return {
    name: 'replications', title: 'Replications', variants, variantLabel: 'Metric',
    note: intervals ? 'One dot per replication (seed); the thick tick is the mean and the whisker its 95 % interval.' : 'The value of the single run.',
  };
}

/** Queue lengths over the run, one chart per policy (select), the same y range for all. */
function queuesChart({ policies, r }: Ctx): ChartSpec | null {
  const withQ = policies.map((p, i) => ({ p, i, q: p.charts?.queues_over_time })).filter((x) => x.q?.t_h?.length && Object.keys(x.q.series ?? {}).length);
  if (!withQ.length) return null;
  const queues = [...new Set(withQ.flatMap((x) => Object.keys(x.q!.series)))];
  const r2 = (v: unknown, k = 100): number | null => { const x = num(v); return x === null ? null : Math.round(x * k) / k; };
  let top = 0;
  for (const { q } of withQ) for (const s of Object.values(q!.series)) for (const v of s ?? []) top = Math.max(top, num(v) ?? 0);
  // one colour per queue: a palette index modulo its length gave three queues the same colour
  const colours = seriesColors(queues.length);
  const ss = r.steady_state;
  const growing = (policy: string) => new Set((ss?.evidence ?? []).filter((e) => e.policy === policy).map((e) => e.queue));
  const variants = withQ.map(({ p, q }) => ({
    label: growing(p.name).size ? `${p.name} ⚠ not steady` : p.name,
    option: {
      legend: LEGEND, grid: { ...GRID, top: gridTopFor(queues.map(pretty), true) }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: 'hours from the start of the run', nameLocation: 'middle', nameGap: 30, min: 'dataMin', max: 'dataMax' },
      yAxis: valueAxis('queue length', false, { min: 0, max: niceCeil(top), nameGap: 40 }),
      series: queues.map((name, k) => ({
        type: 'line', name: growing(p.name).has(name) ? `${pretty(name)} ⚠ grows` : pretty(name), showSymbol: false, sampling: 'lttb', lineStyle: { width: 1.6 }, itemStyle: { color: colours[k] },
        data: q!.t_h.map((t, j) => [r2(t, 1000), r2(q!.series[name]?.[j])]),
      })),
    } as Option,
  }));
  const mser = ss ? Object.entries(ss.mser5_warmup_h).map(([pol, qs]) => `${pol}: ${Math.max(0, ...Object.values(qs))} h`).join(', ') : '';
  const note = `Averaged over replications at each sample time.${ss ? ` Warm-up ${ss.warmup_h} h configured; MSER-5 truncation point, longest over queues: ${mser}.` : ''}`;
  const warning = ss?.ok === false ? ss.note : ss?.transient ? ss.note : undefined;
  return { name: 'queues', title: 'Queue lengths over the run', wide: true, variants, variantLabel: 'Policy', note, ...(warning ? { warning } : {}) };
}

function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= x) ?? 10) * p;
}
