/**
 * `ctwin run` as a user meets it: files written, reproducibility byte for byte, the same output
 * from both executors, and bad input refused with exit 2 and nothing written.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, readdirSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadScenario } from '../../scenarios/loader.js';
import { estimateEventVolume } from '../../runner/event-volume.js';
import { ctwin, tempDir, ROOT, CTWIN, TEST_STORE } from './helpers.js';

const SCENARIO = join(ROOT, 'scenarios', 'gate-mmc.yaml');

function runTo(dir: string, ...extra: string[]) {
  const r = ctwin(['run', SCENARIO, '--out', dir, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r;
}

describe('ctwin run', () => {
  it('writes events.ndjson and summary.json and prints a readable summary', () => {
    const dir = join(tempDir(), 'out');
    const r = runTo(dir);
    expect(readdirSync(dir).sort()).toEqual(['events.ndjson', 'report.html', 'summary.json']);
    expect(r.stdout).toMatch(/gate-mmc · seed 7/);
    expect(r.stdout).toMatch(/wait in queue\s+mean [\d.]+ s/);
    expect(r.stdout).toMatch(/Erlang C/);
    const lines = readFileSync(join(dir, 'events.ndjson'), 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]);
    expect(header).toMatchObject({ type: 'run.header', schema: 'customs-twin.events/1', scenario: 'gate-mmc', seed: 7 });
    const events = lines.slice(1).map((l) => JSON.parse(l));
    for (let i = 1; i < events.length; i++) expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.trucks.arrived).toBe(events.filter((e) => e.type === 'truck.arrived').length);
    expect(summary.trucks.exited).toBe(events.filter((e) => e.type === 'truck.exited').length);
    expect(summary.theory.wq_s).toBeCloseTo(44.73, 1);
  });

  it('same scenario and seed twice: byte-identical stream and summary; another seed: a different stream', () => {
    const base = tempDir();
    runTo(join(base, 'a'));
    runTo(join(base, 'b'));
    runTo(join(base, 'c'), '--seed', '8');
    const read = (d: string, f: string) => readFileSync(join(base, d, f));
    expect(read('a', 'events.ndjson').equals(read('b', 'events.ndjson'))).toBe(true);
    expect(read('a', 'summary.json').equals(read('b', 'summary.json'))).toBe(true);
    expect(read('a', 'events.ndjson').equals(read('c', 'events.ndjson'))).toBe(false);
  });

  it('the xstate executor writes the same bytes as the compiled one', () => {
    const base = tempDir();
    runTo(join(base, 'compiled'));
    runTo(join(base, 'xstate'), '--engine', 'xstate');
    for (const f of ['events.ndjson', 'summary.json']) {
      expect(readFileSync(join(base, 'xstate', f)).equals(readFileSync(join(base, 'compiled', f))), f).toBe(true);
    }
  });

  it('--json prints one JSON object, the same as summary.json', () => {
    const dir = join(tempDir(), 'out');
    const r = runTo(dir, '--json');
    const printed = JSON.parse(r.stdout);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(printed).toEqual(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')));
  });
});

describe('ctwin run refuses bad input: exit 2, one clear message, nothing written', () => {
  const good = readFileSync(SCENARIO, 'utf8');
  const cases: [string, string | null, RegExp][] = [
    ['YAML syntax error', good.replace('lanes: 4', 'lanes: [4'), /broken\.yaml:\d+:\d+/],
    ['unknown key', good.replace('lanes: 4', 'lanes: 4\n    lane_count: 5'), /site\.gates\.lane_count: unknown key 'lane_count'/],
    ['wrong type', good.replace('per_hour: 192', 'per_hour: fast'), /demand\.arrivals\.per_hour: expected a positive number, got "fast"/],
    ['negative lanes', good.replace('lanes: 4', 'lanes: -2'), /broken\.yaml:\d+:\d+: site\.gates\.lanes: expected a positive integer, got -2/],
    ['a rate no run can hold (per_hour 1e9)', good.replace('per_hour: 192', 'per_hour: 1e9'), /broken\.yaml:\d+:\d+: demand\.arrivals\.per_hour: expected at most 10,000,000 trucks an hour, got 1000000000: a single hour at a higher rate already exceeds what a run can hold; a run holds every truck waiting at the gate in memory/],
    ['lanes no run can hold (1e9)', good.replace('lanes: 4', 'lanes: 1e9'), /broken\.yaml:\d+:\d+: site\.gates\.lanes: expected at most 10,000 lanes, got 1000000000: a run holds every one in memory/],
    ['a horizon of 1e12 hours', good.replace('hours: 24', 'hours: 1e12'), /broken\.yaml:\d+:\d+: horizon\.hours: expected at most 87,600 hours, got 1000000000000: 10 years/],
    ['missing file', null, /nowhere\.yaml/],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => {
      const dir = tempDir();
      const file = join(dir, text === null ? 'nowhere.yaml' : 'broken.yaml');
      if (text !== null) writeFileSync(file, text);
      const out = join(dir, 'out');
      const r = ctwin(['run', file, '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
      expect(existsSync(out)).toBe(false);
    });
  }
  it('--no-events removes a stream an earlier run left in the folder', () => {
    const dir = join(tempDir(), 'out');
    runTo(dir, '--seed', '1');
    expect(existsSync(join(dir, 'events.ndjson'))).toBe(true);
    runTo(dir, '--seed', '2', '--no-events');
    expect(existsSync(join(dir, 'events.ndjson'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).seed).toBe(2);
  });
  it('--out below a file: exit 2, nothing written', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), 'x');
    const r = ctwin(['run', SCENARIO, '--out', join(dir, 'afile', 'sub')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out: cannot create the folder .*ENOTDIR/);
    expect(readdirSync(dir)).toEqual(['afile']);
  });
  it('--out naming an existing file', () => {
    const dir = tempDir();
    const file = join(dir, 'taken');
    writeFileSync(file, 'keep me');
    const r = ctwin(['run', SCENARIO, '--out', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out: .*taken exists and is not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
  it('bad options', () => {
    for (const args of [
      ['run', SCENARIO, '--seed', 'abc'],
      ['run', SCENARIO, '--seed', '99999999999999999999'],
      ['run', SCENARIO, '--engine', 'turbo'],
      ['run'],
      ['bench', 'mmc', '--servers', '0'],
      ['bench', 'mmc', '--lambda', '5', '--mu', '1', '--servers', '4'],
      ['frobnicate'],
    ]) {
      const r = ctwin(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });
});

describe('ctwin bench mmc', () => {
  it('prints the documented JSON fields; the mean wait matches Erlang C', () => {
    const r = ctwin(['bench', 'mmc', '--lambda', '3.2', '--mu', '1', '--servers', '4', '--trucks', '200000', '--seed', '7', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['trucks', 'wq', 'w', 'erlang_c_wq', 'rel_err', 'wall_s', 'trucks_per_s', 'events_per_s', 'peak_rss_mb', 'engine']) expect(j).toHaveProperty(k);
    expect(j.trucks).toBe(200000);
    expect(j.erlang_c_wq).toBeCloseTo(0.74554, 4);
    expect(Math.abs(j.rel_err)).toBeLessThan(0.03);
  });
  it('compiled and xstate engines give the same mean wait to every digit', () => {
    const args = ['bench', 'mmc', '--trucks', '20000', '--seed', '3', '--json'];
    const a = JSON.parse(ctwin([...args, '--engine', 'compiled']).stdout);
    const b = JSON.parse(ctwin([...args, '--engine', 'xstate']).stdout);
    expect(b.engine).toBe('xstate');
    expect(b.wq).toBe(a.wq);
    expect(b.w).toBe(a.w);
    expect(b.events).toBe(a.events);
  });
});

describe('ctwin run stops cleanly: Ctrl-C, SIGTERM, a disk too small for the streams', () => {
  /** A gate run of minutes (8,000,000 trucks, within the ceilings), to be interrupted. */
  function longGate(): string {
    const file = join(tempDir(), 'long-gate.yaml');
    writeFileSync(
      file,
      'version: 1\nname: long-gate\nhorizon: { hours: 400 }\nsite: { gates: { lanes: 10, service_s: { dist: constant, value: 1 } } }\ndemand: { arrivals: { per_hour: 20000 } }\n',
    );
    return file;
  }

  it('SIGINT while the stream is written: exit 130, the .partial files and the folder it made are gone', async () => {
    const out = join(tempDir(), 'out');
    const r = await interruptRun([longGate(), '--out', out], join(out, 'events.ndjson.partial'), 'SIGINT');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toBe("ctwin: interrupted by SIGINT; the run's files were removed\n");
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('SIGTERM into a folder that existed: exit 143, the folder as it was', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    const r = await interruptRun([longGate(), '--out', out], join(out, 'events.ndjson.partial'), 'SIGTERM');
    expect(r.code, r.stderr).toBe(143);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  }, 120_000);

  it('streams larger than the free space of the output folder: exit 2 naming --no-events, nothing written', () => {
    // a port scenario of 1,000,000 consignments (the ceiling) and enough policies to need more
    // than the disk has: about 2.6 GB of stream each
    const free = statfsSync(tmpdir()).bavail * statfsSync(tmpdir()).bsize;
    const doc = parse(readFileSync(join(ROOT, 'scenarios', 'port-reform.yaml'), 'utf8'), { merge: true, maxAliasCount: -1 }) as {
      horizon: Record<string, number>;
      policies: { name: string }[];
    };
    doc.horizon = { trucks: 1_000_000 };
    const n = Math.ceil(free / 2.6e9) + 1;
    doc.policies = Array.from({ length: n }, (_, i) => ({ ...doc.policies[0], name: `p${i + 1}` }));
    const file = join(tempDir(), 'huge.yaml');
    writeFileSync(file, stringify(doc, { aliasDuplicateObjects: false }));
    const out = join(tempDir(), 'out');
    const r = spawnSync(process.execPath, [CTWIN, 'run', file, '--out', out, '--no-store', '--no-report'], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^ctwin: --out: the event streams of this run would take about [\\d.]+ GB \\(1,000,000 consignments × 2,600 B × ${n} policies\\), and \\S+ has [\\d.]+ GB free; run with --no-events \\(summary\\.json only\\), free some space, or choose another --out\\n$`));
    expect(existsSync(out)).toBe(false);
  }, 90_000);

  it('the estimate is within a quarter of what a run writes (gate and network)', () => {
    for (const [name, policies] of [['gate-mmc', 1], ['suzhou-factory-direct', 2]] as const) {
      const dir = join(tempDir(), 'out');
      const file = join(ROOT, 'scenarios', `${name}.yaml`);
      expect(ctwin(['run', file, '--out', dir, '--no-report', '--no-store']).status).toBe(0);
      const streams = name === 'gate-mmc' ? [join(dir, 'events.ndjson')] : readdirSync(join(dir, 'events')).map((f) => join(dir, 'events', f));
      const written = streams.reduce((a, f) => a + statSync(f).size, 0);
      const estimate = estimateEventVolume(loadScenario(file), policies).bytes;
      expect(estimate / written, name).toBeGreaterThan(1);
      expect(estimate / written, name).toBeLessThan(1.25);
    }
  }, 120_000);
});

/** Starts `ctwin run ARGS` through its shebang, sends `signal` once `partial` exists, and waits for the exit. */
async function interruptRun(args: string[], partial: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(CTWIN, ['run', ...args, '--no-store', '--no-report'], { env: { ...process.env, CTWIN_DEBUG: '', CTWIN_STORE: TEST_STORE } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  const t0 = Date.now();
  while (!existsSync(partial) && child.exitCode === null && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(partial), stderr).toBe(true);
  child.kill(signal);
  const r = await exited;
  return { ...r, stderr };
}
