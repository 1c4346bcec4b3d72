/**
 * The offline HTML reports: self-contained, data intact, safe against hostile names, null-proof,
 * and (in Chromium, when installed) every chart really paints without a console error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonReport } from '../../reports/experiment-results.js';
import { renderComparisonHtml, renderSweepHtml } from '../../reports/html/index.js';
import { escapeHtml, jsonForScript, renderPage } from '../../reports/html/page.js';
import { chromiumAvailable, launchBrowser } from '../browser.js';
import { comparisonFixture, runFixture, sweepFixture } from './fixtures.js';
import { runComparison, seedList } from '../../experiments/compare.js';
import { loadScenario } from '../../scenarios/loader.js';
import { smallPort } from '../experiments/small-port.js';

type ChartOption = { legend?: { data?: string[] }; xAxis?: { data?: string[]; axisLabel?: Record<string, unknown> }; series?: { name?: string; type?: string; itemStyle?: { color?: string } }[] };
const dataOf = (html: string): { report: unknown; charts: { name: string; title: string; option?: ChartOption; variants?: { label: string; option: ChartOption }[] }[] } => {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]);
};
const withoutScripts = (html: string): string => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
const chartNames = (html: string): string[] => [...html.matchAll(/<div class="chart" data-chart="([^"]+)"/g)].map((m) => m[1]);
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** Narrow no-break space: the reports group thousands with it. */
const NB = '\u202f';

/**
 * The reported case (issue 23, item 7): five policies with the port-reform names, revenue in the
 * tens of millions with an interval wider than its mean, and a median that fell by almost 100 %.
 */
function fivePolicies(): ComparisonReport {
  const r = clone(comparisonFixture());
  const names = ['baseline', 'reform', 'reform-rules', 'random-control', 'reform-no-sharing'];
  const extra = [clone(r.policies[1]), clone(r.policies[2])];
  r.policies = [...r.policies, ...extra].map((p, i) => ({ ...p, name: names[i] }));
  const rename = new Map([['reform', 'reform'], ['reform + smart gate', 'reform-rules']]);
  const diffs = r.differences.map((d) => ({ ...d, policy: rename.get(d.policy) ?? d.policy }));
  r.differences = [...diffs, ...diffs.map((d) => ({ ...d, policy: d.policy === 'reform' ? 'random-control' : 'reform-no-sharing' }))];
  for (const p of r.policies) {
    p.metrics.revenue_recovered_rmb = { mean: 51_127_330, ci95: [51_127_330 - 57_171_784, 51_127_330 + 57_171_784], sd: 46_000_000, n: 10 };
    p.metrics.clearance_p50_min = { mean: 1_234_567.8, ci95: [1_100_000.1, 1_369_135.5], sd: 1, n: 10 };
  }
  // a log-scale interval as port-reform's baseline gets it: too wide for one line of a card
  r.policies[3].metrics.revenue_recovered_rmb = { mean: 51_127_330, ci95: [16_590_804, 172_127_983], sd: 46_000_000, n: 5 };
  r.metrics_catalog = r.metrics_catalog.map((m) => (m.key === 'revenue_recovered_rmb' ? { ...m, headline: true } : m));
  // the median "faster by 100 % ± 2.2 %": its relative interval reached −102.2 %
  const med = r.differences.find((d) => d.metric === 'clearance_p50_min' && d.policy === 'reform')!;
  Object.assign(med, { mean: -95.9, ci95: [-98.0, -93.8], base_mean: 96, relative: -0.999, relative_ci95: [-1.022, -0.977], significant: true, verdict: 'faster by 100 % [98 %, 100 %]' });
  return r;
}

/** A gate scenario: no histogram, stages, utilisation or queues; most numbers null. */
function gateFixture(): ComparisonReport {
  const r = clone(comparisonFixture());
  r.family = 'gate';
  r.assertions = undefined;
  for (const p of r.policies) {
    p.charts = {};
    for (const k of Object.keys(p.metrics)) if (k !== 'gate_wait_mean_s') p.metrics[k] = { mean: null, ci95: [null, null], sd: null, n: 0 } as never;
  }
  return r;
}

describe('HTML report markup', () => {
  const compare = comparisonFixture();
  const html = renderComparisonHtml(compare);

  it('is self-contained: no network references, three inline scripts only', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const markup = withoutScripts(html);
    expect(markup).not.toMatch(/https?:\/\//i);
    expect(markup).not.toMatch(/<link\b|@import|url\(/i);
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="application/json" id="report-data">', '<script>', '<script>']);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).toContain("default-src 'none'");
  });

  it('round-trips the report through the JSON script tag', () => {
    expect(dataOf(html).report).toEqual(clone(compare));
    const sweep = sweepFixture();
    expect(dataOf(renderSweepHtml(sweep)).report).toEqual(clone(sweep));
  });

  it('has a chart div per chart, each with data, and omits charts without data (gate)', () => {
    expect(chartNames(html)).toEqual(dataOf(html).charts.map((c) => c.name));
    expect(new Set(chartNames(html))).toEqual(new Set(['clearance_hist', 'stages', 'detection', 'utilisation', 'replications', 'queues']));
    const gate = renderComparisonHtml(gateFixture());
    expect(chartNames(gate).sort()).toEqual(['replications']);
  });

  it('shows sections: assertions, cards with verdicts, metrics grouped, differences coloured, theory', () => {
    expect(html).toContain('2 of 3 passed');
    expect(html).toMatch(/✗ fail<\/span><code>clearance_p95_min &lt; 360<\/code>/);
    expect(html).toMatch(/<tr class="group"><td colspan="5">detection<\/td><\/tr>/);
    expect(html).toMatch(/<th>Theory<\/th>/);
    expect(html).toMatch(/<tr class="good"><td class="metric" rowspan="2" title="clearance_mean_min">/);
    expect(html).toMatch(/faster by \d+ % ± \d+ %/);
    expect(html).toMatch(/<span class="tag">baseline<\/span>/);
  });

  it('cannot be broken out of by a policy name or description', () => {
    const evil = clone(compare);
    evil.policies[1].name = '</script><script>window.__pwned = 1</script><!--';
    evil.policies[1].description = '<img src=x onerror="window.__pwned = 2">';
    for (const d of evil.differences) if (d.policy === 'reform') d.policy = evil.policies[1].name;
    const out = renderComparisonHtml(evil);
    expect(out.match(/<script\b/gi)).toHaveLength(3);
    expect(out.match(/<\/script>/gi)).toHaveLength(3);
    expect(out).not.toContain('<img src=x');
    expect(out).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;!--');
    expect((dataOf(out).report as ComparisonReport).policies[1].name).toBe(evil.policies[1].name);
    expect(jsonForScript({ a: '</script><!--' })).toBe('{"a":"\\u003c/script>\\u003c!--"}');
    expect(renderPage({ title: '<b>x</b>', bodyHtml: '', data: null, script: '' })).toContain('<title>&lt;b&gt;x&lt;/b&gt;</title>');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('renders nulls as a dash, never NaN, null or undefined', () => {
    for (const out of [html, renderComparisonHtml(gateFixture()), renderComparisonHtml(runFixture()), renderSweepHtml(sweepFixture(true))]) {
      const text = withoutScripts(out);
      expect(text).not.toMatch(/\bNaN\b|\bnull\b|\bundefined\b|Infinity/);
      expect(text).toContain('—');
    }
    // the baseline has no targeted selection
    expect(html).toMatch(/title="targeted_hit_rate: 95 % interval: [^"]*">Targeted hit rate<span class="unit">%<\/span><\/td><td>—<\/td>/);
  });

  it('shows a single run without intervals, and without a Replications chart (one dot per policy is no spread)', () => {
    const run = renderComparisonHtml(runFixture());
    expect(run).toContain('Single run: values without intervals.');
    expect(withoutScripts(run)).not.toMatch(/±|\[\d/);
    expect(chartNames(run)).not.toContain('replications');
    expect(withoutScripts(run)).not.toContain('<h3>Replications</h3>');
    expect(chartNames(html)).toContain('replications');
  });

  it('sums up first: a trade-offs block above the summary (best per dimension, conflicts)', () => {
    expect(html.indexOf('<h2>Trade-offs</h2>')).toBeGreaterThan(0);
    expect(html.indexOf('<h2>Trade-offs</h2>')).toBeLessThan(html.indexOf('<h2>Summary</h2>'));
    expect(html).toMatch(/<li>clearance \(mean clearance time, lower is better\): reform \+ smart gate, 11\d\.?\d* min; next reform, /);
    expect(html).toContain('<li class="agree">no conflict: reform + smart gate is best on clearance, detection</li>');
    // a report that carries its own trade-offs (compare.json) shows those lines
    const own = clone(compare);
    own.tradeoffs = { best: [], conflicts: [], lines: ['conflict: fastest is reform, but baseline detects most'] };
    expect(renderComparisonHtml(own)).toContain('<li class="conflict">conflict: fastest is reform, but baseline detects most</li>');
  });

  it('never shows an impossible interval: revenue not below 0, a time not down by more than 100 %', () => {
    const out = withoutScripts(renderComparisonHtml(fivePolicies()));
    // the card: both bounds, the lower one cut at zero, never "± 57 171 784"
    expect(out).toContain(`51${NB}127${NB}330 [0, 108${NB}299${NB}114] RMB`);
    expect(out).not.toContain(`± 57${NB}171${NB}784`);
    expect(out).not.toContain(`${'\u2212'}6${NB}044${NB}454`);
    // the table: the cut interval marked as such
    expect(out).toMatch(new RegExp(`<span class="ci cut" title="The 95 % interval reaches past[^"]*">\\[0, 108${NB}299${NB}114\\]</span>`));
    // the differences: relative interval of the median cut at −100 %
    expect(out).toContain('<span class="ci">[\u2212100.0, \u221297.7]</span>');
    expect(out).not.toContain('102.2');
  });

  it('charts: short detection labels that cannot overlap, policy names never broken, one colour per queue', () => {
    const five = dataOf(renderComparisonHtml(fivePolicies())).charts;
    const detection = five.find((c) => c.name === 'detection')!.option!;
    expect(detection.xAxis!.data).toEqual(['Recall', 'Hit rate', 'Hit rate, random', 'Hit rate, targeted']);
    expect(detection.xAxis!.axisLabel).toMatchObject({ interval: 0, hideOverlap: false, overflow: 'break' });
    for (const label of detection.xAxis!.data!) for (const word of label.split(' ')) expect(word.length * 7.2, word).toBeLessThan(Number(detection.xAxis!.axisLabel!.width));
    // policy names on the replications axis: whole, turned when five do not fit a half-width chart
    const reps = five.find((c) => c.name === 'replications')!.variants![0].option;
    expect(reps.xAxis!.data).toEqual(['baseline', 'reform', 'reform-rules', 'random-control', 'reform-no-sharing']);
    expect(reps.xAxis!.axisLabel!.overflow).toBe('none');
    expect(reps.xAxis!.axisLabel!.rotate).toBe(30);
    const queues = dataOf(html).charts.find((c) => c.name === 'queues')!;
    for (const v of queues.variants!) {
      const colours = v.option.series!.map((x) => x.itemStyle!.color);
      expect(new Set(colours).size, v.label).toBe(colours.length);
    }
    // nine queues, as a port run samples them: still nine colours
    const nine = clone(compare);
    for (const p of nine.policies) {
      const q = p.charts.queues_over_time!;
      q.series = Object.fromEntries(['gate_smart', 'gate_manual', 'scanner', 'doc_reviewer', 'image_analyst', 'physical_inspector', 'risk_analyst', 'in_system', 'trucks_present'].map((k) => [k, q.t_h.map(() => 1)]));
    }
    const nineColours = dataOf(renderComparisonHtml(nine)).charts.find((c) => c.name === 'queues')!.variants![0].option.series!.map((x) => x.itemStyle!.color);
    expect(new Set(nineColours).size).toBe(9);
  });

  it('sweeps: a chart per headline metric, lines per policy × other factors, a row per point', () => {
    const one = renderSweepHtml(sweepFixture());
    expect(chartNames(one)).toEqual(['metric_0', 'metric_1', 'metric_2', 'metric_3']);
    expect(one.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)).toHaveLength(4);
    expect(dataOf(one).charts[0].option!.legend!.data).toEqual(['baseline', 'reform']);
    const two = renderSweepHtml(sweepFixture(true));
    expect(dataOf(two).charts[0].option!.legend!.data).toHaveLength(6);
    expect(dataOf(two).charts[0].option!.legend!.data![0]).toBe('baseline · targeting=random');
    expect(two.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)).toHaveLength(12);
  });
});

interface PageCheck {
  charts: number;
  rendered: number;
  errors: string[];
  painted: { name: string; painted: number; instance: boolean }[];
}

// counts non-transparent pixels of each chart's canvas (the charts have no background fill)
const CHECK = `(() => ({
  charts: document.querySelectorAll('.chart').length,
  rendered: window.__chartsRendered,
  errors: window.__reportErrors,
  painted: Array.from(document.querySelectorAll('.chart')).map((div) => {
    const canvas = div.querySelector('canvas');
    let painted = 0;
    if (canvas) {
      const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;
    }
    return { name: div.dataset.chart, painted, instance: !!echarts.getInstanceByDom(div) };
  }),
}))()`;

describe.skipIf(!chromiumAvailable())('HTML report in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'ctwin-report-'));
  const artifacts = resolve('test-artifacts');

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(html: string, file: string, screenshot?: string): Promise<{ check: PageCheck; problems: string[]; pwned: unknown; select: (name: string, i: number) => Promise<PageCheck> }> {
    const path = join(dir, file);
    writeFileSync(path, html);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      // our own pixel readback below triggers Chromium's willReadFrequently hint
      if ((m.type() === 'error' || m.type() === 'warn') && !m.text().startsWith('Canvas2D: Multiple readback')) problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    page.on('request', (r) => { if (!/^(file|data|blob):/.test(r.url())) problems.push(`network: ${r.url()}`); });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    await page.waitForFunction('window.__reportReady === true', { timeout: 20_000 });
    const check = (await page.evaluate(CHECK)) as PageCheck;
    const pwned = await page.evaluate('window.__pwned');
    if (screenshot) await page.screenshot({ path: join(artifacts, screenshot) as `${string}.png`, fullPage: true });
    const select = async (name: string, i: number): Promise<PageCheck> => {
      await page.select(`select[data-variant-for="${name}"]`, String(i));
      return (await page.evaluate(CHECK)) as PageCheck;
    };
    return { check, problems, pwned, select };
  }

  function expectHealthy({ check, problems }: { check: PageCheck; problems: string[] }, expected: number): void {
    expect(problems).toEqual([]);
    expect(check.errors).toEqual([]);
    expect(check.charts).toBe(expected);
    expect(check.rendered).toBe(check.charts);
    for (const c of check.painted) {
      expect(c.instance, c.name).toBe(true);
      expect(c.painted, `${c.name} has too few painted pixels`).toBeGreaterThan(5000);
    }
  }

  it('comparison: every chart paints, variants switch, no errors', async () => {
    const got = await open(renderComparisonHtml(comparisonFixture()), 'compare.html', 'report-compare.png');
    expectHealthy(got, 6);
    for (const [name, i] of [['queues', 2], ['replications', 7], ['replications', 8]] as const) {
      const after = await got.select(name, i);
      expect(after.errors).toEqual([]);
      expect(after.painted.find((c) => c.name === name)!.painted).toBeGreaterThan(5000);
    }
    expect(got.problems).toEqual([]);
  }, 60_000);

  it('single run, gate scenario and hostile names render too', async () => {
    expectHealthy(await open(renderComparisonHtml(runFixture()), 'run.html'), 5);
    expectHealthy(await open(renderComparisonHtml(gateFixture()), 'gate.html'), 1);
    const evil = clone(comparisonFixture());
    evil.policies[2].name = '</script><script>window.__pwned = 1</script>';
    evil.policies[2].description = '<img src=x onerror="window.__pwned = 2">';
    const got = await open(renderComparisonHtml(evil), 'evil.html');
    expectHealthy(got, 6);
    expect(got.pwned).toBeUndefined();
  }, 60_000);

  it('at 1600 px the tables fit without scrolling sideways (five policies, RMB in the tens of millions)', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1600, height: 900 });
    const path = join(dir, 'five.html');
    writeFileSync(path, renderComparisonHtml(fivePolicies()));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    await page.waitForFunction('window.__reportReady === true', { timeout: 20_000 });
    const tables = (await page.evaluate(`Array.from(document.querySelectorAll('.table-wrap')).map((w) => ({
      title: w.closest('section').querySelector('h2').textContent, scroll: w.scrollWidth, client: w.clientWidth }))`)) as { title: string; scroll: number; client: number }[];
    expect(tables.map((t) => t.title)).toEqual(['All metrics', 'Differences']);
    for (const t of tables) expect(t.scroll, t.title).toBeLessThanOrEqual(t.client);
    // every figure on the policy cards stays inside its card (a wide money interval wraps)
    const spill = (await page.evaluate(`Array.from(document.querySelectorAll('.card dd')).filter((d) => {
      const c = d.closest('.card').getBoundingClientRect(), r = d.getBoundingClientRect();
      return r.right > c.right + 0.5 || r.left < c.left - 0.5; }).map((d) => d.textContent)`)) as string[];
    expect(spill).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'report-five-policies-1600.png') as `${string}.png`, fullPage: true });
    await page.close();
  }, 60_000);

  it('real output: a comparison of the shrunk port-reform (every policy, 2 seeds) and an M/M/c gate', async () => {
    const port = await runComparison({ scenario: smallPort(4), seeds: seedList(11, 2), workers: 0, version: 'test' });
    expectHealthy(await open(renderComparisonHtml(port), 'real-port.html', 'report-real-port.png'), 6);
    const gate = await runComparison({ scenario: loadScenario('scenarios/gate-mmc.yaml'), seeds: seedList(1, 3), workers: 0, version: 'test' });
    // the gate's hourly queue length is charted too (steady-state evidence), so three charts
    expectHealthy(await open(renderComparisonHtml(gate), 'real-gate.html'), 3);
  }, 120_000);

  it('sweeps over one and two factors', async () => {
    expectHealthy(await open(renderSweepHtml(sweepFixture()), 'sweep.html', 'report-sweep.png'), 4);
    expectHealthy(await open(renderSweepHtml(sweepFixture(true)), 'sweep2.html', 'report-sweep-2-factors.png'), 4);
  }, 60_000);
});
