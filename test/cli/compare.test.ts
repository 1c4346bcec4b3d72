/**
 * `ctwin compare`, `ctwin sweep` and `ctwin run --assert` as CI and planners use them: files
 * written, assertions deciding the exit status, JUnit XML, the runs store, and bad input refused
 * (exit 2) before anything runs or is written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ctwin, tempDir, ROOT } from './helpers.js';

let dir: string;
let PORT: string;
let GATE: string;

beforeAll(() => {
  dir = tempDir('ctwin-compare-');
  PORT = join(dir, 'port-small.yaml');
  GATE = join(dir, 'gate-small.yaml');
  writeFileSync(PORT, readFileSync(join(ROOT, 'scenarios', 'port-reform.yaml'), 'utf8').replace(/^  hours: 72$/m, '  hours: 4').replace(/^  warmup_hours: 24$/m, '  warmup_hours: 1'));
  writeFileSync(GATE, readFileSync(join(ROOT, 'scenarios', 'gate-mmc.yaml'), 'utf8').replace(/^  hours: 24$/m, '  hours: 4'));
});

describe('ctwin compare', () => {
  it('writes the report, CSVs and JSON, records the experiment, and fails the build on a failed assertion', () => {
    const out = join(dir, 'cmp');
    const store = join(dir, 'store');
    const junit = join(dir, 'junit.xml');
    const r = ctwin([
      'compare', PORT, '--policies', 'baseline,reform', '--replications', '3', '--workers', '2', '--out', out, '--store', store,
      '--assert', 'reform:gate_pass_mean_s < 30', '--assert', 'baseline:clearance_mean_min < 1', '--junit', junit,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^port-reform · 2 policies × 3 replications \(seeds 11–13, the same world for every policy\)/);
    expect(r.stdout).toMatch(/^PASS reform:gate_pass_mean_s < 30: reform \d+(\.\d+)? \(mean of 3 replications\)$/m);
    expect(r.stdout).toMatch(/^FAIL baseline:clearance_mean_min < 1: baseline \d+(\.\d+)? ✗ \(mean of 3 replications\)$/m);
    expect(r.stdout).toMatch(/^    Clearance time, mean\s+faster by \d+/m);
    // the summing-up comes first: best per dimension, then where the bests conflict (or that they do not)
    const lines = r.stdout.split('\n');
    const top = lines.findIndex((l) => l.startsWith('trade-offs, best by mean'));
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(lines.findIndex((l) => l.startsWith('mean ± half-width')));
    expect(lines[top + 1]).toMatch(/^  clearance \(clearance time, mean, lower is better\): (baseline|reform), /);
    expect(lines[top + 2]).toMatch(/^  detection \(recall \(violations caught at clearance\), higher is better\): /);
    expect(lines[top + 3]).toMatch(/^  officer hours \(officer hours worked/);
    expect(lines[top + 4]).toMatch(/^  (conflict|no conflict): /);
    for (const f of ['compare.json', 'metrics.csv', 'differences.csv', 'replications.csv', 'report.html']) expect(existsSync(join(out, f)), f).toBe(true);
    const j = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(j.policies.map((p: { name: string }) => p.name)).toEqual(['baseline', 'reform']);
    expect(j.seeds).toEqual([11, 12, 13]);
    expect(j.assertions.map((a: { passed: boolean }) => a.passed)).toEqual([true, false]);
    expect(j.tradeoffs.best.map((b: { dimension: string; metric: string }) => [b.dimension, b.metric])).toEqual([
      ['clearance', 'clearance_mean_min'], ['detection', 'recall'], ['officer_hours', 'officer_hours_worked'],
    ]);
    expect(j.tradeoffs.lines.map((l: string) => `  ${l}`)).toEqual(lines.slice(top + 1, top + 1 + j.tradeoffs.lines.length));
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(readFileSync(join(out, 'replications.csv'), 'utf8').split('\r\n')[0]).toMatch(/^policy,seed,clearance_mean_min,/);
    const list = ctwin(['report', '--list', '--store', store, '--json']);
    expect(list.status).toBe(0);
    const ex = JSON.parse(list.stdout).experiments;
    expect(ex).toHaveLength(1);
    expect(ex[0]).toMatchObject({ kind: 'compare', scenario: 'port-reform', replications: 3 });
    // past experiments side by side, as text and as one HTML report
    const html = join(dir, 'side-by-side.html');
    const side = ctwin(['report', '--compare', ex[0].id, 'last', '--store', store, '--html', html]);
    expect(side.status).toBe(0);
    expect(side.stdout).toMatch(/A baseline\s+A reform\s+B baseline\s+B reform/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('A reform');
    expect(page).toContain(ex[0].id);
  });

  it('--json prints the comparison with every metric CI tools read, and the same numbers as the files', () => {
    const out = join(dir, 'cmp-json');
    const r = ctwin(['compare', GATE, '--replications', '3', '--out', out, '--no-store', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schema: 'customs-twin.compare/1', kind: 'compare', family: 'gate', replications: 3, seeds: [7, 8, 9] });
    expect(j.policies[0].metrics.wait_in_queue_mean_s.ci95).toHaveLength(2);
    expect(j.theory.wait_in_queue_mean_s).toBeCloseTo(44.73, 2);
    expect(JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'))).toEqual(j);
  });

  it('refuses bad assertions, policies and counts before running, and writes nothing', () => {
    const out = join(dir, 'never');
    const cases: [string[], RegExp][] = [
      [['--assert', 'recal >= 0.5'], /--assert "recal >= 0.5": no metric 'recal'; did you mean 'recall'\?/],
      [['--assert', 'recall ~ 1'], /expected '\[policy:\]metric\[\.lo\|\.hi\] <op> <number>'/],
      [['--policies', 'reform,nope'], /--policies: scenario 'port-reform' has no policy 'nope'/],
      [['--replications', '0'], /--replications: expected a positive integer, got "0"/],
      [['--assert', 'recall.lo > 0.1', '--replications', '1'], /needs 2 or more replications/],
      [['--seed', '9007199254740991', '--replications', '3'], /run past 2\^53 − 1/],
      [['--junit', join(dir, 'no-such-folder', 'j.xml')], /--junit: the folder .*no-such-folder does not exist/],
    ];
    for (const [args, msg] of cases) {
      const r = ctwin(['compare', PORT, '--out', out, '--no-store', ...args]);
      // refused at once: nothing ran (a run of this scenario takes seconds)
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    }
    // an output path that is a file, or a store that cannot be opened, is found before running
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const o = ctwin(['compare', PORT, '--out', file, '--no-store']);
    expect(o.status).toBe(2);
    expect(o.stderr).toMatch(/--out: .*a-file exists and is not a folder/);
    const st = ctwin(['compare', PORT, '--out', out, '--store', file]);
    expect(st.status).toBe(2);
    expect(st.stderr).toMatch(/--store: cannot open the runs store in .*a-file/);
    expect(existsSync(out)).toBe(false);
  });

  it('a folder holds one experiment: files an earlier sweep or report left there are removed', () => {
    const out = join(dir, 'mixed');
    expect(ctwin(['sweep', GATE, '--vary', 'site.gates.lanes=4,5', '--replications', '2', '--out', out, '--no-store']).status).toBe(0);
    expect(ctwin(['compare', GATE, '--replications', '2', '--out', out, '--no-store', '--no-report']).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['compare.json', 'differences.csv', 'metrics.csv', 'replications.csv']);
  });
});

describe('ctwin sweep', () => {
  it('runs the factorial design and writes the table, JSON and report', () => {
    const out = join(dir, 'sweep');
    const r = ctwin(['sweep', GATE, '--vary', 'site.gates.lanes=4..5', '--vary', 'demand.arrivals.per_hour=150,180', '--replications', '2', '--out', out, '--no-store']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
    expect(j.points.map((p: { values: Record<string, number> }) => p.values)).toEqual([
      { 'site.gates.lanes': 4, 'demand.arrivals.per_hour': 150 },
      { 'site.gates.lanes': 4, 'demand.arrivals.per_hour': 180 },
      { 'site.gates.lanes': 5, 'demand.arrivals.per_hour': 150 },
      { 'site.gates.lanes': 5, 'demand.arrivals.per_hour': 180 },
    ]);
    // more lanes, shorter waits; more trucks, longer waits (same seeds at every point)
    const wq = j.points.map((p: { policies: { metrics: Record<string, { mean: number }> }[] }) => p.policies[0].metrics.wait_in_queue_mean_s.mean);
    expect(wq[2]).toBeLessThan(wq[0]);
    expect(wq[1]).toBeGreaterThan(wq[0]);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]).toMatch(/^point,site\.gates\.lanes,demand\.arrivals\.per_hour,policy,wait_in_queue_mean_s,wait_in_queue_mean_s_lo,/);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('refuses a wrong path or a value the scenario cannot take, naming it, and writes nothing', () => {
    const out = join(dir, 'sweep-never');
    const bad = ctwin(['sweep', GATE, '--vary', 'site.gate.lanes=1..2', '--out', out, '--no-store']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--vary site\.gate\.lanes: 'site' has no key 'gate' \(keys: gates\)/);
    const neg = ctwin(['sweep', GATE, '--vary', 'site.gates.lanes=-1,2', '--out', out, '--no-store']);
    expect(neg.status).toBe(2);
    expect(neg.stderr).toMatch(/\[site\.gates\.lanes=-1\].*site\.gates\.lanes/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('ctwin run --assert', () => {
  it('passes or fails the build on one run, and writes report.html beside the summary', () => {
    const out = join(dir, 'run');
    const ok = ctwin(['run', GATE, '--out', out, '--no-store', '--no-events', '--assert', 'lane_utilisation < 0.95']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^PASS lane_utilisation < 0.95: as-is 0\.\d+ \(one run\)$/m);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const junit = join(dir, 'run.xml');
    const fail = ctwin(['run', GATE, '--out', out, '--no-store', '--no-events', '--json', '--assert', 'wait_in_queue_mean_s < 1', '--junit', junit]);
    expect(fail.status).toBe(1);
    expect(fail.stderr).toMatch(/^FAIL wait_in_queue_mean_s < 1: as-is \d/);
    expect(JSON.parse(fail.stdout).scenario).toBe('gate-mmc');
    expect(readFileSync(junit, 'utf8')).toContain('<failure message="FAIL wait_in_queue_mean_s &lt; 1');
  });
});

describe('ctwin compare: steady state (issue 25)', () => {
  it('port-baseline as shipped is not in steady state: the evidence names the queue, and --assert steady fails the build', () => {
    const out = join(dir, 'steady-baseline');
    const r = ctwin(['compare', join(ROOT, 'scenarios', 'port-baseline.yaml'), '--out', out, '--no-store', '--no-report', '--assert', 'steady']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/NOT in steady state: baseline physical_inspector \d+ → \d+/);
    expect(r.stdout).toMatch(/FAIL steady/);
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(json.steady_state.ok).toBe(false);
    const e = json.steady_state.evidence.find((x: { queue: string }) => x.queue === 'physical_inspector');
    expect(e.grew_to).toBeGreaterThan(e.grew_from * 1.3);
    expect(e.p).toBeLessThan(0.01);
    expect(e.test).toMatch(/batch means/);
    expect(json.steady_state.warmup_h).toBe(24);
  }, 180_000);

  it('gate-mmc is in steady state (--assert steady passes); port-peak declares itself transient and claims none', () => {
    const g = ctwin(['compare', join(ROOT, 'scenarios', 'gate-mmc.yaml'), '--out', join(dir, 'steady-gate'), '--no-store', '--no-report', '--assert', 'steady', '--json']);
    expect(g.status, g.stderr).toBe(0);
    const gj = JSON.parse(g.stdout);
    expect(gj.steady_state).toMatchObject({ ok: true, transient: false, evidence: [] });
    expect(gj.assertions[0]).toMatchObject({ expression: 'steady', passed: true });
    // a short peak day (the shipped one runs 100,000 consignments): transient, as the shipped file declares
    const peak = join(dir, 'peak-small.yaml');
    const text = readFileSync(join(ROOT, 'scenarios', 'port-peak.yaml'), 'utf8');
    expect(text).toMatch(/^  transient: true/m);
    writeFileSync(peak, readFileSync(PORT, 'utf8').replace(/^  warmup_hours: 1$/m, '  warmup_hours: 1\n  transient: true'));
    const t = ctwin(['compare', peak, '--replications', '2', '--policies', 'reform', '--out', join(dir, 'steady-peak'), '--no-store', '--no-report', '--assert', 'steady']);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/transient scenario: metrics hold over this horizon; no steady state is claimed/);
  }, 180_000);
});

describe('ctwin compare --precision (issue 25)', () => {
  it('adds replications until every headline half-width is within the target, says how many, and equals the fixed-R comparison', () => {
    // the shipped M/M/4 gate, 24 h: at 10 % the p95 wait needs about 20 replications
    const GATE24 = join(ROOT, 'scenarios', 'gate-mmc.yaml');
    const r = ctwin(['compare', GATE24, '--precision', '0.1', '--max-replications', '60', '--json', '--workers', '2', '--out', join(dir, 'prec'), '--no-store', '--no-report']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.precision).toMatchObject({ target: 0.1, reached: true });
    const n = j.precision.replications;
    expect(n).toBeGreaterThan(5);
    expect(j.replications).toBe(n);
    expect(j.precision.rounds.at(-1)).toBe(n);
    for (const d of j.metrics_catalog.filter((x: { headline: boolean }) => x.headline)) {
      const m = j.policies[0].metrics[d.key];
      expect((m.ci95[1] - m.ci95[0]) / 2 / Math.abs(m.mean), d.key).toBeLessThanOrEqual(0.1);
    }
    // the same seeds as a fixed comparison of n replications, on one worker: the same numbers
    const fixed = ctwin(['compare', GATE24, '--replications', String(n), '--json', '--workers', '1', '--out', join(dir, 'prec-fixed'), '--no-store', '--no-report']);
    const f = JSON.parse(fixed.stdout);
    expect(JSON.stringify(f.policies)).toBe(JSON.stringify(j.policies));
  }, 300_000);

  it('refuses a precision outside (0, 1), an unknown metric, and --max-replications without --precision (exit 2)', () => {
    for (const [args, msg] of [
      [['--precision', '2'], /--precision 2: expected a relative half-width between 0 and 1/],
      [['--precision', '0.05', '--metrics', 'wait_mean'], /--metrics: no metric 'wait_mean'/],
      [['--max-replications', '9'], /--max-replications goes with --precision/],
    ] as const) {
      const r = ctwin(['compare', GATE, ...args, '--no-store', '--out', join(dir, 'prec-bad')]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(join(dir, 'prec-bad'))).toBe(false);
    }
  });
});
