/**
 * Whole-run properties of the gate: invariants checked on the event stream (no truck lost, none
 * in two places, lanes never over capacity), and numbers checked against queueing theory over
 * replications (Erlang C, Little's law).
 */
import { describe, expect, it } from 'vitest';
import type { EventObject } from 'xstate';
import { runGate } from '../../runner/run-gate.js';
import { loadScenario, parseScenario } from '../../scenarios/loader.js';
import { gateSiteConfig, runHorizon } from '../../scenarios/gate-config.js';
import { mmc } from '../../sim/kernel/erlang.js';
import { Tally } from '../../sim/kernel/stats.js';
import type { GateSiteConfig } from '../../sim/agents/gate-site.js';
import { ROOT } from '../cli/helpers.js';
import { join } from 'node:path';

interface StreamEvent {
  t: number;
  id: string;
  ev: EventObject & { lane?: number; lanes?: number };
}

function record(cfg: GateSiteConfig, seed: number, endS: number, warmupS = 0) {
  const events: StreamEvent[] = [];
  const result = runGate(cfg, { seed, warmupS, endS, sink: (t, id, ev) => events.push({ t, id, ev: ev as StreamEvent['ev'] }) });
  return { events, result };
}

const mmcConfig = (lambdaPerS: number, meanServiceS: number, c: number, maxTrucks = Infinity, until = Infinity): GateSiteConfig => ({
  lanes: c,
  service: { dist: 'exponential', mean: meanServiceS },
  arrivals: { perHour: lambdaPerS * 3600 },
  arrivalsUntil: until,
  maxTrucks,
});

/** Walks the stream checking every truck's life and every lane's occupancy. */
function checkInvariants(events: StreamEvent[], capacityAt: (t: number) => number) {
  const stage = new Map<string, 'queued' | 'gate' | 'gone'>();
  const laneHolder = new Map<number, string>();
  let lanesOpen = 0;
  let busy = 0;
  for (const { t, id, ev } of events) {
    switch (ev.type) {
      case 'gate.capacity':
        lanesOpen = ev.lanes!;
        expect(lanesOpen).toBe(capacityAt(t));
        break;
      case 'truck.arrived':
        expect(stage.has(id), `${id} arrived twice`).toBe(false);
        stage.set(id, 'queued');
        break;
      case 'truck.gate_started':
        expect(stage.get(id), `${id} started without queueing`).toBe('queued');
        expect(laneHolder.has(ev.lane!), `lane ${ev.lane} given to ${id} while held by ${laneHolder.get(ev.lane!)}`).toBe(false);
        // no preemption: after a cut, busy lanes finish, but no truck starts unless a lane is open
        expect(busy, `${id} started at ${t} with ${busy} busy and ${lanesOpen} open`).toBeLessThan(lanesOpen);
        expect(ev.lane!).toBeLessThan(lanesOpen);
        laneHolder.set(ev.lane!, id);
        stage.set(id, 'gate');
        busy++;
        break;
      case 'truck.exited':
        expect(stage.get(id), `${id} exited from ${stage.get(id)}`).toBe('gate');
        expect(laneHolder.get(ev.lane!)).toBe(id);
        laneHolder.delete(ev.lane!);
        stage.set(id, 'gone');
        busy--;
        break;
    }
  }
  return stage;
}

describe('gate invariants over whole runs', () => {
  it('M/M/c until empty: every truck arrives once, is served once on a free lane, and leaves', () => {
    const { events, result } = record(mmcConfig(3.2 / 60, 60, 4, 20_000), 11, Infinity);
    const stage = checkInvariants(events, () => 4);
    expect(stage.size).toBe(20_000);
    for (const [id, s] of stage) expect(s, id).toBe('gone');
    expect(result.metrics.trucks).toMatchObject({ arrived: 20_000, exited: 20_000, in_system_at_end: 0, counted: 20_000 });
  });

  it('horizon cut: trucks still present at the end are counted as in the system, none lost', () => {
    const { events, result } = record(mmcConfig(4.5 / 60, 60, 4, Infinity, 6 * 3600), 5, 6 * 3600);
    const stage = checkInvariants(events, () => 4);
    const present = [...stage.values()].filter((s) => s !== 'gone').length;
    expect(present).toBeGreaterThan(0); // ρ = 1.125: the queue grows, so some are left
    expect(result.metrics.trucks.in_system_at_end).toBe(present);
    expect(result.metrics.trucks.arrived).toBe(result.metrics.trucks.exited + present);
  });

  it('shift calendar (gate-shifts.yaml): lanes open and close on time; no lane over capacity', () => {
    const s = loadScenario(join(ROOT, 'scenarios', 'gate-shifts.yaml'), 'gate');
    const h = runHorizon(s);
    const cfg = gateSiteConfig(s);
    const capacityAt = (t: number) => {
      const minute = ((t % 86400) + 86400) % 86400 / 60;
      for (const w of cfg.shifts ?? []) {
        const [fh, fm] = w.from.split(':').map(Number);
        const [th, tm] = w.to.split(':').map(Number);
        if (minute >= fh * 60 + fm && minute < th * 60 + tm) return w.lanes;
      }
      return cfg.lanes;
    };
    const { events, result } = record(cfg, 3, h.endS, h.warmupS);
    checkInvariants(events, capacityAt);
    const changes = events.filter((e) => e.ev.type === 'gate.capacity');
    expect(changes.length).toBeGreaterThan(7); // at least one change a day
    expect(result.metrics.lanes.utilisation).toBeGreaterThan(0);
    expect(result.metrics.lanes.utilisation).toBeLessThanOrEqual(1.05);
  });
});

describe('open-ended runs', () => {
  it('a trucks horizon with shift windows ends when the last truck leaves', () => {
    const s = parseScenario(
      `version: 1
name: shifts-until-empty
horizon: { trucks: 3000 }
site:
  gates:
    lanes: 2
    service_s: { dist: exponential, mean: 60 }
    shifts:
      - { from: "08:00", to: "18:00", lanes: 4 }
demand:
  arrivals: { per_hour: 100 }
`,
      'inline.yaml',
      'gate',
    );
    const { events, result } = record(gateSiteConfig(s), 4, runHorizon(s).endS);
    expect(result.metrics.trucks).toMatchObject({ arrived: 3000, exited: 3000, in_system_at_end: 0 });
    // the run stops at the last exit, not at the calendar's next shift change
    const lastExit = Math.max(...events.filter((e) => e.ev.type === 'truck.exited').map((e) => e.t));
    expect(result.endS).toBe(lastExit);
  });
});

describe('time horizons', () => {
  const base = (extra: string) =>
    parseScenario(
      `version: 1
name: evening
${extra}
site:
  gates:
    lanes: 4
    service_s: { dist: exponential, mean: 60 }
    shifts:
      - { from: "06:00", to: "22:00", lanes: 4 }
      - { from: "22:00", to: "24:00", lanes: 2 }
demand:
  arrivals:
    profile_per_hour: [0, 0, 0, 0, 0, 0, 60, 90, 120, 120, 120, 120, 120, 120, 120, 120, 120, 120, 90, 0, 0, 0, 0, 0]
`,
      'inline.yaml',
      'gate',
    );

  it('shift changes after the last truck are still recorded (the calendar runs to the horizon)', () => {
    const s = base('horizon: { hours: 23 }');
    const h = runHorizon(s);
    const { events, result } = record(gateSiteConfig(s), 2, h.endS, h.warmupS);
    const changes = events.filter((e) => e.ev.type === 'gate.capacity').map((e) => [e.t, e.ev.lanes]);
    expect(changes).toContainEqual([22 * 3600, 2]);
    // open lanes averaged over the run: 4 outside the windows (00–06), 4 (06–22), 2 (22–23)
    expect(result.metrics.lanes.mean_open).toBeCloseTo((4 * 6 + 4 * 16 + 2 * 1) / 23, 9);
  });

  it('a warm-up longer than the run: empty statistics, no figures made up from warm-up data', () => {
    const s = base('horizon: { trucks: 50, warmup_hours: 30 }');
    const { result } = record(gateSiteConfig(s), 2, runHorizon(s).endS, runHorizon(s).warmupS);
    expect(result.metrics.trucks.counted).toBe(0);
    expect(result.metrics.queue_length.mean).toBeNaN();
    expect(result.metrics.lanes.utilisation).toBeNaN();
    expect(result.metrics.wait_in_queue_s.n).toBe(0);
  });
});

describe('gate numbers against queueing theory', () => {
  it("Little's law holds on every run (Lq = λ·Wq measured independently)", () => {
    for (const seed of [1, 2, 3]) {
      const { result } = record(mmcConfig(3.2 / 60, 60, 4, Infinity, 48 * 3600), seed, 48 * 3600, 3600);
      expect(Math.abs(result.metrics.little.rel_diff)).toBeLessThan(0.02);
    }
  });

  it('mean wait over 20 replications brackets Erlang C (M/M/4, ρ = 0.8)', () => {
    const th = mmc(3.2 / 60, 1 / 60, 4);
    const wq = new Tally();
    const util = new Tally();
    for (let seed = 100; seed < 120; seed++) {
      const { result } = record(mmcConfig(3.2 / 60, 60, 4, Infinity, 72 * 3600), seed, 72 * 3600, 3600);
      wq.add(result.metrics.wait_in_queue_s.mean);
      util.add(result.metrics.lanes.utilisation);
    }
    // replication means are independent: a t-interval; 3.5 standard errors keeps a fixed seed list
    // from failing by bad luck while still catching a wrong model (a 10 % bias is ~5 SE here)
    expect(Math.abs(wq.mean - th.Wq)).toBeLessThan(3.5 * wq.se);
    expect(wq.se / wq.mean).toBeLessThan(0.05);
    expect(Math.abs(util.mean - th.rho)).toBeLessThan(3.5 * util.se + 1e-9);
  });

  it('wait quantiles follow the M/M/c waiting-time distribution', () => {
    const { result } = record(mmcConfig(3.2 / 60, 60, 4, 300_000), 21, Infinity);
    const th = mmc(3.2 / 60, 1 / 60, 4);
    const w = result.metrics.wait_in_queue_s;
    // P(Wq > t) = C·exp(−(cμ − λ)t) ⇒ the p-quantile for p > 1 − C
    const q = (p: number) => Math.log(th.pWait / (1 - p)) / (4 / 60 - 3.2 / 60);
    for (const [p, measured] of [[0.9, w.p90], [0.95, w.p95], [0.99, w.p99]] as const) {
      expect(Math.abs(measured - q(p)) / q(p), `p${p * 100}`).toBeLessThan(0.06);
    }
    // a wait of exactly zero for the 1 − C share who find a free lane
    expect(w.p50).toBeLessThan(q(0.5 + 1e-9) + 1);
  });
});
