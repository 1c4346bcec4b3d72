/**
 * `ctwin bench scenario <port scenario>`: the speed and memory of one policy of a port scenario,
 * run as `ctwin run` runs it but without writing anything. By default the metrics consumer reads
 * the stream (what a user's run costs); `--no-metrics` measures the bare simulation.
 *
 * `--repeat N` runs the same seed N times in this process: the timing fields are then the median
 * of the N runs, with `best` and `median` given apart. `--days N` stretches the horizon N times
 * (the daily arrival profile repeats) so that peak memory can be compared across run lengths:
 * it should not grow with them.
 */
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../../scenarios/loader.js';
import { portConfigFor } from '../../scenarios/port-config.js';
import { runPort } from '../../runner/run-port.js';
import type { PortConfig } from '../../sim/supervision/port-config.js';
import type { EngineKind } from '../../sim/engine/executor.js';
import { selectPolicies } from './policies.js';
import { NODE_FLAGS, semiSpaceMb } from '../../runner/node-flags.js';

export interface BenchScenarioOptions {
  policy?: string;
  seed?: number;
  engine: EngineKind;
  repeat: number;
  /** false: the bare simulation, no metrics consumer */
  metrics: boolean;
  days: number;
  /** override the policy's lodging */
  lodge?: 'before_arrival' | 'at_arrival';
  /** arrivals for this many hours instead of the scenario's horizon */
  hours?: number;
}

export interface BenchTiming {
  wall_s: number;
  /** CPU time of this process (all threads, GC included): steadier than wall time on a shared machine */
  cpu_s: number;
  consignments_per_s: number;
  consignments_per_cpu_s: number;
  events_per_s: number;
}

export interface BenchScenarioResult extends BenchTiming {
  bench: 'scenario';
  scenario: string;
  policy: string;
  seed: number;
  engine: EngineKind;
  metrics: 'full' | 'none';
  days: number;
  /** the horizon of arrivals, --days included (h); null for a number of consignments */
  horizon_h: number | null;
  /** simulated time at the end of a run, the drain after the horizon included (h) */
  simulated_h: number;
  consignments: number;
  events: number;
  emits: number;
  /** peak resident set of this process (getrusage maxRSS), loading and parsing included */
  peak_rss_mb: number;
  /** largest resident set sampled during the runs (every simulated hour) */
  rss_sampled_max_mb: number;
  /** largest heap in use after a full collection, every sixth simulated hour (needs node --expose-gc; else null) */
  live_heap_max_mb: number | null;
  /** resident set before the first run (code and scenario loaded) */
  rss_before_mb: number;
  /** the V8 semi-space bound this process was started with (MB); null for V8's default (16 MB) */
  max_semi_space_mb: number | null;
  repeat: number;
  /** with --repeat N > 1: the best of each figure (least time, highest rate) and the median */
  best?: BenchTiming;
  median?: BenchTiming;
}

const MB = 1024 * 1024;

/** `--days N`: the horizon N times as long (a number of consignments N times as many). */
export function stretch(cfg: PortConfig, days: number): PortConfig {
  if (days === 1) return cfg;
  const w = cfg.world;
  const world = Number.isFinite(w.endS)
    ? { ...w, arrivalsUntil: Number.isFinite(w.arrivalsUntil) ? w.arrivalsUntil * days : w.arrivalsUntil, endS: w.endS * days }
    : { ...w, maxConsignments: w.maxConsignments * days };
  return { ...cfg, world };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 === 1 ? s[k] : (s[k - 1] + s[k]) / 2;
}

export function benchScenario(file: string, o: BenchScenarioOptions): BenchScenarioResult {
  const scenario = loadScenario(file, 'port', 'ctwin bench scenario');
  const policy = o.policy === undefined ? scenario.policies[0].name : selectPolicies(scenario, [o.policy])[0];
  const seed = o.seed ?? scenario.seed ?? 1;
  let cfg = portConfigFor(scenario, policy);
  if (o.hours !== undefined) cfg = { ...cfg, world: { ...cfg.world, arrivalsUntil: o.hours * 3600, endS: o.hours * 3600 } };
  cfg = stretch(cfg, o.days);
  if (o.lodge !== undefined) cfg = { ...cfg, policy: { ...cfg.policy, declaration: { ...cfg.policy.declaration, lodge: o.lodge } } };

  const rssBefore = process.memoryUsage.rss();
  let rssMax = rssBefore;
  // with node --expose-gc, the live heap (after a full collection) every sixth simulated hour:
  // unlike the resident set, which follows the collector's appetite, it shows whether the run
  // keeps anything per consignment
  const gc = (globalThis as { gc?: () => void }).gc;
  let liveMax = 0;
  let calls = 0;
  const sample = () => {
    const r = process.memoryUsage.rss();
    if (r > rssMax) rssMax = r;
    if (gc !== undefined && ++calls % 6 === 0) {
      gc();
      liveMax = Math.max(liveMax, process.memoryUsage().heapUsed);
    }
  };
  const runs: (BenchTiming & { consignments: number; events: number; emits: number; endS: number })[] = [];
  for (let k = 0; k < o.repeat; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = runPort(cfg, { seed, engine: o.engine, noMetrics: !o.metrics, onProgress: sample });
    const wall = (performance.now() - t0) / 1000;
    const cu = process.cpuUsage(c0);
    sample();
    const cpu = (cu.user + cu.system) / 1e6;
    const first = runs[0];
    if (first && (first.consignments !== r.consignments || first.events !== r.events || first.emits !== r.emits)) {
      throw new Error(`bench scenario: run ${k + 1} of the same seed differs from run 1 (${r.events} events against ${first.events}): the simulation is not deterministic`);
    }
    runs.push({
      wall_s: wall,
      cpu_s: cpu,
      consignments_per_s: r.consignments / wall,
      consignments_per_cpu_s: r.consignments / cpu,
      events_per_s: r.events / wall,
      consignments: r.consignments,
      events: r.events,
      emits: r.emits,
      endS: r.endS,
    });
  }
  const pick = (f: (xs: number[]) => number, lowIsGood: (xs: number[]) => number): BenchTiming => ({
    wall_s: lowIsGood(runs.map((r) => r.wall_s)),
    cpu_s: lowIsGood(runs.map((r) => r.cpu_s)),
    consignments_per_s: f(runs.map((r) => r.consignments_per_s)),
    consignments_per_cpu_s: f(runs.map((r) => r.consignments_per_cpu_s)),
    events_per_s: f(runs.map((r) => r.events_per_s)),
  });
  const med = pick(median, median);
  const best = pick((xs) => Math.max(...xs), (xs) => Math.min(...xs));
  const r0 = runs[0];
  return {
    bench: 'scenario',
    scenario: scenario.name,
    policy,
    seed,
    engine: o.engine,
    metrics: o.metrics ? 'full' : 'none',
    days: o.days,
    horizon_h: Number.isFinite(cfg.world.endS) ? cfg.world.endS / 3600 : null,
    simulated_h: r0.endS / 3600,
    consignments: r0.consignments,
    events: r0.events,
    emits: r0.emits,
    ...med,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    rss_sampled_max_mb: rssMax / MB,
    live_heap_max_mb: gc !== undefined ? liveMax / MB : null,
    rss_before_mb: rssBefore / MB,
    max_semi_space_mb: semiSpaceMb(),
    repeat: o.repeat,
    ...(o.repeat > 1 ? { best, median: med } : {}),
  };
}

export function formatBenchScenario(r: BenchScenarioResult): string {
  const int = (n: number) => Math.round(n).toLocaleString('en-US');
  const lines = [
    `${r.scenario} · policy ${r.policy} · seed ${r.seed} · ${r.horizon_h === null ? '' : `arrivals for ${r.horizon_h.toFixed(1)} h${r.days > 1 ? ` (${r.days}×)` : ''}, `}${r.simulated_h.toFixed(1)} h simulated · ${r.engine} engine · ${r.metrics === 'full' ? 'with metrics' : 'no metrics'}`,
    `${int(r.consignments)} consignments · ${int(r.events)} events · ${int(r.emits)} emitted`,
    `${int(r.consignments_per_s)} consignments/s (${int(r.consignments_per_cpu_s)} per CPU s) · ${int(r.events_per_s)} events/s · ${r.wall_s.toFixed(2)} s wall · ${r.cpu_s.toFixed(2)} s CPU`,
    `peak RSS ${r.peak_rss_mb.toFixed(0)} MB (sampled during the run ${r.rss_sampled_max_mb.toFixed(0)} MB, ${r.rss_before_mb.toFixed(0)} MB before it)`,
    r.max_semi_space_mb === null
      ? `young generation: V8's default; ctwin runs with ${NODE_FLAGS.join(' ')} (start it as \`npx ctwin\` or \`node ${NODE_FLAGS.join(' ')} dist/bin/ctwin.js\`)`
      : `young generation: --max-semi-space-size=${r.max_semi_space_mb}`,
  ];
  if (r.best && r.median) {
    lines.push(`${r.repeat} runs: wall best ${r.best.wall_s.toFixed(2)} s, median ${r.median.wall_s.toFixed(2)} s · CPU best ${r.best.cpu_s.toFixed(2)} s, median ${r.median.cpu_s.toFixed(2)} s`);
  }
  return lines.join('\n') + '\n';
}
