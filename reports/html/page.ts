/**
 * The common shell of the offline HTML reports: inline CSS, the ECharts bundle, the report data
 * as JSON and a small runtime that mounts ECharts options built in TypeScript. Nothing is loaded
 * over the network (a Content-Security-Policy forbids it), so a report is one file to mail or archive.
 */
import { clipInterval, rangeForUnit, type Range } from '../../experiments/metric-range.js';
import { echartsSource } from './echarts-source.js';

// ---------------------------------------------------------------- escaping

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** JSON for a `<script type="application/json">`: every `<` becomes \u003c so `</script>` or `<!--` cannot end it. */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/** Script text made safe to inline: `</script` and `<!--` cannot occur raw (a no-op for our own code and ECharts). */
function inlineScript(js: string): string {
  return js.replace(/<(\/script|!--)/gi, '<\\$1');
}

// ---------------------------------------------------------------- numbers (NaN arrives as null)

/** A finite number, or null for null, NaN, undefined or anything else. */
export function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** The two bounds of an interval that may be missing or hold nulls. */
export function bounds(ci: unknown): [number | null, number | null] {
  return Array.isArray(ci) ? [num(ci[0]), num(ci[1])] : [null, null];
}

export const DASH = '—';
const MINUS = '\u2212';

/** Shares (0–1) are shown as percent; other units as they come. */
export function displayUnit(unit: string): string {
  return unit === 'share' ? '%' : unit === 'count' ? '' : unit;
}

function scale(x: number, unit: string): number {
  return unit === 'share' ? x * 100 : x;
}

/** Decimals that keep about three significant digits for a value of this size. */
function decimalsFor(ref: number): number {
  const a = Math.abs(ref);
  if (a === 0) return 1;
  if (a >= 1000) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return Math.min(6, 2 - Math.floor(Math.log10(a)));
}

/** Thousands grouped by a narrow no-break space (SI style), so "[1 089 523, 1 377 722]" stays unambiguous. */
export function group(s: string): string {
  return s.replace(/,/g, '\u202f');
}

function fixed(x: number, decimals: number, signed = false): string {
  const s = group(Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));
  const zero = Number(s.replace(/\u202f/g, '')) === 0;
  return (x < 0 && !zero ? MINUS : signed && !zero ? '+' : '') + s;
}

/** One value in display units without the unit ("81.2" for a share of 0.8123), "—" when missing. */
export function fmtNum(x: unknown, unit = '', opts: { signed?: boolean; ref?: number | null } = {}): string {
  const v = num(x);
  if (v === null) return DASH;
  const ref = num(opts.ref);
  return fixed(scale(v, unit), decimalsFor(ref === null ? scale(v, unit) : scale(ref, unit)), opts.signed);
}

/** A value with its unit: "12.3 min", "81.2 %". */
export function fmtValue(x: unknown, unit: string, opts: { signed?: boolean } = {}): string {
  const s = fmtNum(x, unit, opts);
  const u = displayUnit(unit);
  return s === DASH || !u ? s : `${s} ${u}`;
}

/** "1–10 (10)" for a run of seeds, else the list (shortened past 12). */
export function seedsText(seeds: number[] | undefined): string {
  const s = seeds ?? [];
  if (!s.length) return DASH;
  const run = s.length > 2 && s.every((v, i) => i === 0 || v === s[i - 1] + 1);
  if (run) return `${s[0]}–${s[s.length - 1]} (${s.length})`;
  return s.length <= 12 ? s.join(', ') : `${s.slice(0, 12).join(', ')} … (${s.length})`;
}

const NO_RANGE: Range = [null, null];

/** The bounds of an interval cut to a range (what a chart's whisker or band may show). */
export function shownBounds(ci: unknown, range: Range): [number | null, number | null] {
  const [lo, hi] = bounds(ci);
  const c = clipInterval([lo, hi], range);
  return c ? [c.lo, c.hi] : [lo, hi];
}

/** Whether showing this interval within the range cuts it (then it must read "[lo, hi]", never "± h"). */
export function isClipped(ci: unknown, range: Range): boolean {
  return clipInterval(bounds(ci), range)?.clipped ?? false;
}

/** An interval not centred on its mean (log scale, bootstrap, pooled share): it must read "[lo, hi]", never "± h". */
export function isAsymmetric(mean: unknown, ci: unknown): boolean {
  const m = num(mean);
  const [lo, hi] = bounds(ci);
  if (m === null || lo === null || hi === null) return false;
  return Math.abs(lo + hi - 2 * m) > 1e-6 * Math.max(1e-12, Math.abs(hi - lo));
}

/** Title text for an interval that was cut to the metric's range. */
export const CLIPPED_NOTE = 'The 95 % interval reaches past what this metric can take (below 0, or above 100 % for a share); it is shown cut at that bound. Reports written before each metric had its own estimator hold t-intervals: read it as a rough range.';

/**
 * "[lo, hi]" with the decimals of the reference value, or "" when both bounds are missing. The
 * bounds are cut to `range` (the values the quantity can take), so no impossible value is shown.
 */
export function fmtInterval(ci: unknown, unit: string, ref: unknown, signed = false, range: Range = NO_RANGE): string {
  const [lo, hi] = shownBounds(ci, range);
  if (lo === null && hi === null) return '';
  const r = num(ref) ?? lo ?? hi;
  return `[${fmtNum(lo, unit, { ref: r, signed })}, ${fmtNum(hi, unit, { ref: r, signed })}]`;
}

/** A mean with its interval: "12.3 [11.8, 12.9]"; the mean alone when there is no interval. The range defaults to the unit's. */
export function fmtMeanCi(mean: unknown, ci: unknown, unit: string, withInterval = true, range: Range = rangeForUnit(unit)): string {
  const m = fmtNum(mean, unit);
  const iv = withInterval && num(mean) !== null ? fmtInterval(ci, unit, mean, false, range) : '';
  return iv ? `${m} ${iv}` : m;
}

// ---------------------------------------------------------------- charts

/** Colours by policy (cards, charts); stage colours for stacked bars. */
export const PALETTE = ['#2563eb', '#ea580c', '#059669', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
export const STAGE_PALETTE = ['#1e40af', '#60a5fa', '#f59e0b', '#10b981', '#a855f7', '#f43f5e', '#14b8a6', '#64748b'];
export const colorOf = (i: number): string => PALETTE[i % PALETTE.length];

/**
 * Colours for `n` series of one chart, all different: Tableau 10 and two more while they last,
 * then hues spread round the colour wheel (a palette index modulo its length would repeat colours).
 */
const SERIES_PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#1f2933', '#bab0ac', '#17becf'];
export function seriesColors(n: number): string[] {
  if (n <= SERIES_PALETTE.length) return SERIES_PALETTE.slice(0, n);
  return Array.from({ length: n }, (_, k) => `hsl(${Math.round((k * 360) / n)}, ${k % 2 ? 55 : 70}%, ${k % 3 === 0 ? 38 : k % 3 === 1 ? 50 : 62}%)`);
}

/** Shared by the bar series and the error-bar glue so whiskers sit on their bars. */
export const BAR_GAP = '12%';
export const BAR_CATEGORY_GAP = '32%';

const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

/**
 * One chart: an ECharts option built on the Node side (plain JSON). A string "fn:NAME" under a
 * `formatter`, `valueFormatter` or `renderItem` key is replaced by the runtime's function NAME.
 * `variants` offers a select (e.g. one option per policy); the first is shown at load.
 */
export interface ChartSpec {
  name: string;
  title: string;
  note?: string;
  /** shown above the chart, in the warning colour (a queue not in steady state, say) */
  warning?: string;
  wide?: boolean;
  height?: number;
  option?: Record<string, unknown>;
  variants?: { label: string; option: Record<string, unknown> }[];
  variantLabel?: string;
}

/** The figure that holds one chart: title, optional select, the `.chart` div, a note. */
export function chartFigure(spec: ChartSpec): string {
  const select = spec.variants?.length
    ? `<label class="variant">${escapeHtml(spec.variantLabel ?? 'Show')} <select data-variant-for="${escapeHtml(spec.name)}">${spec.variants
        .map((v, i) => `<option value="${i}">${escapeHtml(v.label)}</option>`)
        .join('')}</select></label>`
    : '';
  const style = spec.height ? ` style="height:${Math.round(spec.height)}px"` : '';
  return `<figure class="chart-card${spec.wide ? ' wide' : ''}">
<figcaption><h3>${escapeHtml(spec.title)}</h3>${select}</figcaption>
${spec.warning ? `<p class="warning" role="alert">⚠ ${escapeHtml(spec.warning)}</p>` : ''}
<div class="chart" data-chart="${escapeHtml(spec.name)}" role="img" aria-label="${escapeHtml(spec.title)}"${style}></div>
${spec.note ? `<p class="note">${escapeHtml(spec.note)}</p>` : ''}</figure>`;
}

/** Legend, grid and axis defaults shared by the charts (a plain legend wraps instead of paging). */
export const LEGEND = { type: 'plain', top: 0, left: 'center', itemGap: 16 };
export const GRID = { left: 64, right: 28, top: 48, bottom: 56 };

/** Approximate plot widths at 1366 px: a full-width card and a half-width one. */
export const PLOT_WIDTH = { wide: 1120, half: 500 };

/** Grid top that leaves room for a legend of these names wrapped over as many rows as it needs. */
export function gridTopFor(names: string[], wide: boolean): number {
  const avail = wide ? PLOT_WIDTH.wide + 80 : PLOT_WIDTH.half + 60;
  let rows = 1;
  let used = 0;
  for (const n of names) {
    const w = 25 + 5 + n.length * 6.8 + 16; // icon, gap, ~12 px text, item gap
    if (used > 0 && used + w > avail) { rows++; used = 0; }
    used += w;
  }
  return 24 + rows * 24;
}

/** Category label width that lets long labels wrap inside their band rather than collide. */
export function labelWidth(categories: number, wide: boolean): number {
  return Math.max(48, Math.floor((wide ? PLOT_WIDTH.wide : PLOT_WIDTH.half) / Math.max(1, categories)) - 10);
}

/** Rough width in px of a label at the charts' 12 px font (wider than most glyphs, so it errs towards room). */
export const labelPx = (text: string): number => [...text].length * 7.2;

/**
 * Axis labels that are names (policies): never broken inside a word ("random-contro l"). When the
 * longest does not fit its band they are turned 30°; `bottom` is the grid margin that leaves room.
 */
export function nameAxisLabel(names: string[], wide: boolean): { axisLabel: Record<string, unknown>; bottom: number } {
  const band = (wide ? PLOT_WIDTH.wide : PLOT_WIDTH.half) / Math.max(1, names.length);
  const longest = Math.max(0, ...names.map(labelPx));
  if (longest <= band - 8) return { axisLabel: { interval: 0, overflow: 'none' }, bottom: GRID.bottom };
  return { axisLabel: { interval: 0, rotate: 30, overflow: 'none' }, bottom: Math.max(GRID.bottom, Math.round(longest * 0.5) + 30) };
}

// ---------------------------------------------------------------- page

export interface PageInput {
  title: string;
  subtitle?: string;
  bodyHtml: string;
  /** embedded as JSON; the runtime mounts `data.charts` (ChartSpec[]) */
  data: unknown;
  /** report-specific glue, run after the runtime (which exposes `ReportKit`) */
  script: string;
}

/** A complete, self-contained HTML document. */
export function renderPage({ title, subtitle, bodyHtml, data, script }: PageInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'">
<meta name="generator" content="customs-twin">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="page-head"><div class="wrap">
<h1>${escapeHtml(title)}</h1>
${subtitle ? `<p class="subtitle">${escapeHtml(subtitle)}</p>` : ''}
</div></header>
<main class="wrap">
${bodyHtml}
</main>
<footer class="wrap foot">Generated by customs-twin · self-contained report (charts by Apache ECharts, inlined)</footer>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${inlineScript(echartsSource())}</script>
<script>${inlineScript(RUNTIME)}
${inlineScript(script)}</script>
</body>
</html>
`;
}

const CSS = `
:root{--bg:#f5f6f8;--card:#fff;--ink:#1f2933;--muted:#5f6b7a;--line:#e2e6eb;--accent:#1d4ed8;
--good:#166534;--good-bg:#e7f5ec;--bad:#b42318;--bad-bg:#fdecea;--neutral-bg:#eef1f4}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 ${FONT_STACK};font-variant-numeric:tabular-nums}
.wrap{max-width:1280px;margin:0 auto;padding:0 24px}
.page-head{background:#fff;border-bottom:1px solid var(--line);padding:18px 0 14px;margin-bottom:20px}
h1{font-size:22px;margin:0;font-weight:650;letter-spacing:-.01em}
.subtitle{margin:4px 0 0;color:var(--muted)}
h2{font-size:17px;margin:28px 0 10px;font-weight:650}
h3{font-size:14px;margin:0;font-weight:600}
section{margin-bottom:8px}
.meta{display:flex;flex-wrap:wrap;gap:6px 28px;margin:0;padding:12px 16px;background:#fff;border:1px solid var(--line);border-radius:8px}
.meta div{min-width:0}.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.meta dd{margin:0;font-weight:550;overflow-wrap:anywhere}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;border-top:4px solid var(--c,#888)}
.card h3{font-size:15px;display:flex;align-items:center;gap:8px;flex-wrap:wrap;word-break:keep-all}
.card .desc{color:var(--muted);margin:2px 0 8px;font-size:13px}
.card dl{margin:0}.card .row{display:grid;grid-template-columns:minmax(7em,1fr) auto;gap:2px 10px;padding:6px 0;border-top:1px solid var(--line)}
.card dt{color:var(--muted);font-size:13px}.card dd{margin:0;font-weight:600;text-align:right;min-width:0}
.card .verdict{grid-column:1/-1;justify-self:start}
.tag{display:inline-block;font-size:11px;font-weight:600;padding:1px 8px;border-radius:999px;background:var(--neutral-bg);color:var(--muted)}
.badge{display:inline-block;font-size:12px;padding:1px 8px;border-radius:4px;background:var(--neutral-bg);color:#374151}
.good .badge,.badge.good{background:var(--good-bg);color:var(--good)}
.bad .badge,.badge.bad{background:var(--bad-bg);color:var(--bad)}
.table-wrap{overflow-x:auto;background:#fff;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:6px 9px;text-align:right;border-bottom:1px solid var(--line);white-space:nowrap;vertical-align:top}
thead th{white-space:normal;vertical-align:bottom}
td.metric{min-width:170px;white-space:normal}
td.long{white-space:normal;min-width:220px}
.ci{display:block;color:var(--muted);font-size:12px}
.ci.cut{text-decoration:underline dotted;cursor:help}
th.policy{white-space:nowrap;word-break:keep-all}
.tradeoffs{background:#fff;border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:8px;padding:10px 16px;margin:0}
.tradeoffs ul{margin:0;padding-left:18px}.tradeoffs li{margin:2px 0}
.tradeoffs li.conflict{color:var(--bad)}.tradeoffs li.agree{color:var(--good)}
.tradeoffs .how{color:var(--muted);font-size:12px;margin:6px 0 0}
th{background:#f9fafb;font-weight:600;color:#374151;position:sticky;top:0}
th:first-child,td:first-child{text-align:left}
td.text,th.text{text-align:left}
tr.group td{background:#f3f5f8;font-weight:650;text-transform:capitalize;color:#374151}
tbody tr:hover td{background:#fafbfc}
.unit{color:var(--muted);font-size:12px;margin-left:4px}
.n{color:var(--muted);font-size:11px;margin-left:4px}
td.off-theory{color:var(--bad)}
tr.good td.tone{color:var(--good);font-weight:600}tr.bad td.tone{color:var(--bad);font-weight:600}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;background:var(--c,#888);margin-right:6px;vertical-align:0}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px}
.chart-card{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px 10px;min-width:0}
.chart-card.wide{grid-column:1/-1}
.chart-card figcaption{display:flex;justify-content:space-between;align-items:center;gap:12px;margin-bottom:4px;min-height:28px}
.chart{width:100%;height:340px}
.variant{font-size:13px;color:var(--muted)}
.variant select{font:inherit;color:var(--ink);padding:3px 6px;border:1px solid #cbd2d9;border-radius:6px;background:#fff;max-width:320px}
.note{margin:4px 0 0;color:var(--muted);font-size:12px}
.warning{margin:4px 0;padding:6px 10px;border-left:4px solid #b45309;background:#fef3c7;color:#78350f;font-size:13px}
.assertions{list-style:none;margin:0;padding:0;background:#fff;border:1px solid var(--line);border-radius:8px}
.assertions li{display:grid;grid-template-columns:64px minmax(0,1fr);gap:2px 12px;padding:8px 14px;border-top:1px solid var(--line)}
.assertions li:first-child{border-top:0}
.assertions .reason{grid-column:2;color:var(--muted);font-size:13px}
.pass{color:var(--good);font-weight:700}.fail{color:var(--bad);font-weight:700}
.summary-line{margin:0 0 8px;color:var(--muted)}
.empty{color:var(--muted);font-style:italic}
.foot{color:var(--muted);font-size:12px;padding:24px 24px 32px}
@media (max-width:900px){.charts{grid-template-columns:1fr}}
@media print{body{background:#fff}.chart-card,.card,.table-wrap{break-inside:avoid}th{position:static}}
`;

/** Browser runtime: mounts `data.charts`, wires variant selects, records errors for tests. */
const RUNTIME = `(function () {
  'use strict';
  var errors = window.__reportErrors = [];
  window.__chartsRendered = 0;
  function record(e) { errors.push(String(e && e.message ? e.message : e)); }
  window.addEventListener('error', function (e) { record(e.error || e.message); });
  window.addEventListener('unhandledrejection', function (e) { record(e.reason); });
  var data = {};
  try { data = JSON.parse(document.getElementById('report-data').textContent); } catch (e) { record(e); }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  var BAR = { barGap: ${JSON.stringify(BAR_GAP)}, barCategoryGap: ${JSON.stringify(BAR_CATEGORY_GAP)} };
  var fns = {
    pct: function (v) { return v == null || isNaN(v) ? '' : (Math.round(v * 1000) / 10) + ' %'; },
    // tooltip text precomputed on the Node side as data.tip; items without one are left out
    tip: function (ps) {
      var list = Array.isArray(ps) ? ps : [ps], out = [];
      for (var i = 0; i < list.length; i++) {
        var p = list[i];
        if (!p || !p.data || p.data.tip == null) continue;
        out.push(p.marker + esc(p.seriesName) + ': <b>' + esc(p.data.tip) + '</b>');
      }
      var head = Array.isArray(ps) && list.length ? list[0].axisValueLabel : '';
      return (head ? '<div style="margin-bottom:2px">' + esc(head) + '</div>' : '') + out.join('<br>');
    },
    // whisker from value(1) to value(2) at category value(0), on bar value(3) of value(4); value(5) a mean tick
    errorBar: function (params, api) {
      var lo = api.value(1), hi = api.value(2);
      if (lo == null || hi == null || isNaN(lo) || isNaN(hi)) return null;
      var layout = api.barLayout({ count: api.value(4) || 1, barGap: BAR.barGap, barCategoryGap: BAR.barCategoryGap });
      var bar = layout && layout[api.value(3) || 0];
      var off = bar ? bar.offsetCenter : 0, w = bar ? bar.width : 16;
      var a = api.coord([api.value(0), hi]), b = api.coord([api.value(0), lo]);
      var x = a[0] + off, cap = Math.max(3, Math.min(w * 0.25, 9));
      var mean = api.value(5), hasMean = mean != null && !isNaN(mean), color = api.visual('color');
      var stroke = { stroke: hasMean ? color : '#1f2933', lineWidth: 1.5 };
      var kids = [
        { type: 'line', shape: { x1: x, y1: a[1], x2: x, y2: b[1] }, style: stroke },
        { type: 'line', shape: { x1: x - cap, y1: a[1], x2: x + cap, y2: a[1] }, style: stroke },
        { type: 'line', shape: { x1: x - cap, y1: b[1], x2: x + cap, y2: b[1] }, style: stroke }
      ];
      if (hasMean) {
        var m = api.coord([api.value(0), mean]), mc = Math.max(6, Math.min(w * 0.4, 16));
        kids.push({ type: 'line', shape: { x1: x - mc, y1: m[1], x2: x + mc, y2: m[1] }, style: { stroke: color, lineWidth: 3 } });
      }
      return { type: 'group', children: kids };
    }
  };
  var HOOKS = { formatter: 1, valueFormatter: 1, renderItem: 1 };
  function hydrate(o) {
    if (Array.isArray(o)) { for (var i = 0; i < o.length; i++) hydrate(o[i]); return o; }
    if (!o || typeof o !== 'object') return o;
    for (var k in o) {
      var v = o[k];
      if (HOOKS[k] && typeof v === 'string' && v.indexOf('fn:') === 0) {
        if (!fns[v.slice(3)]) throw new Error('unknown chart function ' + v);
        o[k] = fns[v.slice(3)];
      } else if (v && typeof v === 'object') hydrate(v);
    }
    return o;
  }
  function prepare(option) {
    hydrate(option);
    if (option.animation === undefined) option.animation = false;
    option.textStyle = option.textStyle || { fontFamily: ${JSON.stringify(FONT_STACK)} };
    if (option.tooltip && option.tooltip.confine === undefined) option.tooltip.confine = true;
    return option;
  }
  var charts = [];
  function mount(spec) {
    var div = document.querySelector('.chart[data-chart="' + spec.name + '"]');
    if (!div) { record('no container for chart ' + spec.name); return false; }
    var chart = echarts.init(div, null, { renderer: 'canvas' });
    var variants = spec.variants;
    chart.setOption(prepare(variants && variants.length ? variants[0].option : spec.option));
    var select = document.querySelector('select[data-variant-for="' + spec.name + '"]');
    if (select && variants) {
      select.addEventListener('change', function () {
        try { chart.setOption(prepare(variants[select.selectedIndex].option), { notMerge: true }); } catch (e) { record(e); }
      });
    }
    charts.push(chart);
    return true;
  }
  function mountAll(specs) {
    specs = specs || data.charts || [];
    var n = 0;
    for (var i = 0; i < specs.length; i++) {
      try { if (mount(specs[i])) n++; } catch (e) { record(specs[i].name + ': ' + (e && e.message ? e.message : e)); }
    }
    window.__chartsRendered = n;
    window.__reportReady = true;
  }
  window.addEventListener('resize', function () { for (var i = 0; i < charts.length; i++) charts[i].resize(); });
  window.ReportKit = { data: data, mountAll: mountAll, fns: fns, escape: esc };
})();`;
