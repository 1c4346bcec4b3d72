/**
 * The twin's what-if fork: from the live site's CURRENT state at the smart exit gate, simulate
 * the gate stage for a few hours under other settings (more lanes, a worse misread rate, a
 * surge of releases) and return forecast KPIs with 95 % intervals over replications.
 *
 * Two steps, so that the live state is only read, never run:
 * - `forkState(site)` copies what the fork starts from into a plain `GateSnapshot` (trucks
 *   released and not yet at a lane, each lane's occupant and machine state, observed rates);
 * - `whatIf(snapshot, base, req)` runs `req.replications` independent simulations of the gate
 *   from that snapshot (the simulation's own gate-lane machines on a kernel Resource, FIFO) and
 *   reduces them with `meanInterval`.
 *
 * What the fork assumes (see also the constants below):
 * - Only the smart lanes are modelled, as one FIFO queue in front of identical lanes. The twin
 *   sees a truck only when it is on a lane's deck, so a released truck "not yet at a lane" may be
 *   driving, waiting in the yard, or already queueing at the gate: the fork draws when it reaches
 *   the gate from the observed release→gate times conditioned on the time already elapsed (exact
 *   conditional of the empirical distribution: one of the observed times longer than the elapsed
 *   one, uniformly). A truck later than every observed time is taken to be queueing at the gate
 *   already (it reaches the gate at once). With fewer than MIN_EMPIRICAL_N observations the delay
 *   is exponential with the observed mean (memoryless: the elapsed time does not matter); with
 *   none, an override or DEFAULT_RELEASE_TO_GATE.
 *   Observed times are of trucks that came through, so a long tail still on the way is missing
 *   from them (survivor bias): the fork is, if anything, early.
 * - New releases follow a Poisson process (`arrivals_per_hour`) from the fork's start and each
 *   reaches the gate after a drawn release→gate time; releases before the start are the snapshot's.
 * - A truck's pass time is drawn from `smart_gate_s`; with probability `misread_rate` it is
 *   misread and the lane's machine holds it for manual handling (`misread_fix_s`) before the lane
 *   frees. The rate is per truck (the twin's observed share of trucks held for an officer), not
 *   the scenario's per-device read failure rate: see `truckMisreadRate`.
 * - A lane busy at the start keeps its truck for the rest of its pass (drawn conditioned on the
 *   time it has been in its state: memoryless for exponentials, else redrawn until longer than
 *   the elapsed time, RESIDUAL_TRIES times at most, else it ends at once); the twin's verdict on
 *   that truck (misread or not) is kept.
 * - Fewer lanes than trucks on the decks: the extra lanes finish their truck, then close.
 *
 * Determinism: replication r runs on the simulation seed `${seed}/whatif/${r}`, whose named
 * streams (by purpose) are derived from (seed, r) alone; nothing reads a clock or Math.random.
 * Streams by purpose also give common random numbers across requests on the same seed: more lanes
 * see the same trucks at the same times with the same pass times.
 */
import type { AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { gateLaneMachine, type GateLaneEmitted, type GateLaneEvent } from '../sim/agents/gate-lane.machine.js';
import type { Entity } from '../sim/engine/executor.js';
import { Simulation } from '../sim/engine/simulation.js';
import { PoissonArrivals } from '../sim/kernel/arrivals.js';
import { meanOf, type DistSpec } from '../sim/kernel/distribution-spec.js';
import { sampler, type Sampler } from '../sim/kernel/distributions.js';
import { Resource } from '../sim/kernel/resource.js';
import type { Rng } from '../sim/kernel/rng.js';
import { meanInterval } from '../experiments/stats.js';
import type { MetricStat } from '../reports/experiment-results.js';
import { distSchema } from '../scenarios/schema.js';
import type { TwinSite } from './site-state.js';

const HOUR = 3600;
/** observed rates are over the last hour of twin time (or all of it, if shorter) */
export const RATE_WINDOW_S = HOUR;
/** an observed rate over a shorter window is too noisy to forecast from: the scenario's is used */
export const MIN_OBSERVED_WINDOW_S = 900;
/** an observed hold share from fewer passes is too noisy (1 of 1 would be 100 %) */
export const MIN_OBSERVED_PASSES = 20;
/** the empirical release→gate distribution needs this many observations, else an exponential with their mean */
export const MIN_EMPIRICAL_N = 10;
/** release→gate time when nothing was observed and nothing is given: half an hour, exponential */
export const DEFAULT_RELEASE_TO_GATE: DistSpec = { dist: 'exponential', mean: 1800 };
/** redraws of a residual time before taking the truck as due now */
export const RESIDUAL_TRIES = 32;
/** release→gate times kept in a snapshot (the newest), as the twin keeps them */
const DURATIONS_MAX = 20_000;

// ---- the request ------------------------------------------------------------------------------

export const whatIfOverridesSchema = z.strictObject({
  smart_lanes: z.number().int().min(1).max(64).optional(),
  /** per truck: the share of trucks held at the lane for an officer */
  misread_rate: z.number().min(0).max(1).optional(),
  /** future releases reaching the gate, per hour */
  arrivals_per_hour: z.number().min(0).max(100_000).optional(),
  smart_gate_s: distSchema.optional(),
  misread_fix_s: distSchema.optional(),
  /** release notice → truck at the gate, s (default: as observed) */
  release_to_gate_s: distSchema.optional(),
});

export const whatIfRequestSchema = z.strictObject({
  overrides: whatIfOverridesSchema.default({}),
  horizon_h: z.number().positive().max(168),
  replications: z.number().int().min(2).max(200).default(20),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
});

export type WhatIfRequest = z.output<typeof whatIfRequestSchema>;
export type WhatIfRequestInput = z.input<typeof whatIfRequestSchema>;
export type WhatIfOverrides = z.output<typeof whatIfOverridesSchema>;

// ---- the snapshot -----------------------------------------------------------------------------

export type LaneState = 'idle' | 'reading' | 'manualHandling';

export interface SnapshotLane {
  lane: string;
  state: LaneState;
  /** the consignment on the deck (null: none, or a truck with no release) */
  ref: number | null;
  /** the twin's verdict on the truck on the deck: held for an officer */
  misread: boolean;
  /** twin time its pass started (null: idle) */
  started_t: number | null;
  /** seconds in the current state at the snapshot */
  in_state_s: number;
}

export interface GateSnapshot {
  /** twin time of the snapshot (s): the fork's time 0 */
  t: number;
  /** released, truck not yet at a lane */
  on_the_way: { ref: number; released_t: number; elapsed_s: number }[];
  lanes: SnapshotLane[];
  observed: {
    /** the window the rates are over (s): min(RATE_WINDOW_S, t) */
    window_s: number;
    releases_per_hour: number | null;
    /** trucks with a release reaching a lane's deck, per hour (trucks with none are not timed) */
    gate_arrivals_per_hour: number | null;
    gate_passes: number;
    held: number;
    /** held / gate_passes */
    held_share: number | null;
    /** trucks held for an officer at the lane (misread, no release, no weight) / gate_passes; a weight-only diversion is not */
    misread_share: number | null;
    /** release notice → truck on the deck, s, ascending (the newest DURATIONS_MAX) */
    release_to_gate_s: number[];
  };
}

/** A snapshot of a site with idle lanes and nothing on the way (for tests and previews). */
export function emptySnapshot(lanes: number | readonly string[], t = 0): GateSnapshot {
  const names = typeof lanes === 'number' ? Array.from({ length: lanes }, (_, i) => `L${i + 1}`) : [...lanes];
  return {
    t,
    on_the_way: [],
    lanes: names.map((lane) => ({ lane, state: 'idle', ref: null, misread: false, started_t: null, in_state_s: 0 })),
    observed: { window_s: Math.min(RATE_WINDOW_S, t), releases_per_hour: null, gate_arrivals_per_hour: null, gate_passes: 0, held: 0, held_share: null, misread_share: null, release_to_gate_s: [] },
  };
}

/** Reads the site (views and plain fields only) into a deep-copied snapshot; never changes it. */
export function forkState(site: TwinSite): GateSnapshot {
  const t = site.now;
  const k = site.kpiView();
  const window = Math.min(RATE_WINDOW_S, t);
  const from = t - window;
  const onTheWay: GateSnapshot['on_the_way'] = [];
  const passes: [number, number][] = [];
  let releasesInWindow = 0;
  let gateInWindow = 0;
  let weightOnly = 0;
  for (const c of site.consignments.values()) {
    if (c.released_t >= from) releasesInWindow++;
    if (c.status === 'released') onTheWay.push({ ref: c.ref, released_t: c.released_t, elapsed_s: t - c.released_t });
    if (c.gate_t !== null) {
      passes.push([c.gate_t, c.gate_t - c.released_t]);
      if (c.gate_t >= from) gateInWindow++;
    }
    // a diversion for weight alone does not stop the truck on the lane (gate-check.ts: not a misread)
    if (c.verdict !== null && c.verdict.divert && c.verdict.hold === 'weight') weightOnly++;
  }
  onTheWay.sort((a, b) => a.released_t - b.released_t || a.ref - b.ref);
  passes.sort((a, b) => a[0] - b[0]);
  const durations = passes.slice(-DURATIONS_MAX).map((p) => p[1]).sort((a, b) => a - b);

  const lanes: SnapshotLane[] = site.config.lanes.map((lane) => {
    const m = site.laneMachine(lane);
    const state = (m?.state ?? 'idle') as LaneState;
    const ctx = (m?.context ?? {}) as Partial<LaneCtx>;
    if (state === 'idle') return { lane, state, ref: null, misread: false, started_t: null, in_state_s: 0 };
    const ref = typeof ctx.ref === 'number' && ctx.ref >= 0 ? ctx.ref : null;
    // when the pass started: the consignment's time at the gate, else the lane front-end's last
    // frame (a truck with no release), else now
    const c = ref === null ? undefined : site.consignments.get(ref);
    const started = c?.gate_t ?? site.devices.get(`${lane}-frontend`)?.last?.at ?? t;
    const inPass = Math.max(0, t - started);
    const passS = typeof ctx.passS === 'number' ? ctx.passS : 0;
    return { lane, state, ref, misread: ctx.misread === true, started_t: started, in_state_s: state === 'manualHandling' ? Math.max(0, inPass - passS) : inPass };
  });

  const perHour = (n: number) => (window > 0 ? (n * HOUR) / window : null);
  return {
    t,
    on_the_way: onTheWay,
    lanes,
    observed: {
      window_s: window,
      releases_per_hour: perHour(releasesInWindow),
      gate_arrivals_per_hour: perHour(gateInWindow),
      gate_passes: k.gate_passes,
      held: k.held,
      held_share: k.gate_passes > 0 ? k.held / k.gate_passes : null,
      misread_share: k.gate_passes > 0 ? Math.max(0, k.held - weightOnly) / k.gate_passes : null,
      release_to_gate_s: durations,
    },
  };
}

type LaneCtx = { ref: number; passS: number; fixS: number; misread: boolean };

/**
 * A per-truck misread probability from the scenario's per-read failure rate (PolicySpec.gate.
 * misreadRate): a truck is held if any of its identity reads (plate, e-plate, container, seal)
 * fails. For callers building `base.misreadRate` from a scenario.
 */
export function truckMisreadRate(perRead: number, reads = 4): number {
  return 1 - (1 - perRead) ** reads;
}

// ---- the fork ---------------------------------------------------------------------------------

export type InputSource = 'override' | 'observed' | 'scenario' | 'default';
export interface Used<T> { value: T; source: InputSource }

export interface WhatIfBase {
  smartLanes: number;
  /** per truck (see truckMisreadRate); null: none known */
  misreadRate: number | null;
  smartGateS: DistSpec;
  misreadFixS: DistSpec;
  arrivalsPerHour: number | null;
}

export interface WhatIfResult {
  horizon_h: number;
  replications: number;
  seed: number;
  inputs: {
    smart_lanes: Used<number>;
    misread_rate: Used<number>;
    arrivals_per_hour: Used<number>;
    smart_gate_s: Used<DistSpec>;
    misread_fix_s: Used<DistSpec>;
    /** how the time from release to the gate is drawn: the observed times, or a distribution */
    release_to_gate_s: Used<{ model: 'empirical' | 'exponential' | 'distribution'; n_observed: number; mean_s: number; spec?: DistSpec }>;
  };
  start: { t: number; on_the_way: number; at_lanes: number };
  /**
   * Per replication, then mean and 95 % t-interval over replications:
   * trucks_through (lane passes ended within the horizon, trucks on the decks at the start included),
   * gate_arrivals, wait_mean_s and wait_p95_s (gate arrival → lane start, trucks started within
   * the horizon; a replication where none started is left out), queue_mean (time-weighted trucks
   * waiting), lane_utilisation (busy lane time / open lane time), waiting_at_end, on_the_way_at_end.
   */
  kpis: Record<string, MetricStat>;
}

type DelayModel = { kind: 'empirical'; values: readonly number[] } | { kind: 'dist'; spec: DistSpec; draw: Sampler };

/** First index with values[i] >= x (values ascending). */
function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A duration drawn from `draw`, given that `elapsed` of it has passed: what remains (0: due now). */
function residual(spec: DistSpec, draw: Sampler, rng: Rng, elapsed: number): number {
  if (!(elapsed > 0)) return Math.max(0, draw(rng));
  if (spec.dist === 'exponential') return draw(rng); // memoryless: exact
  for (let i = 0; i < RESIDUAL_TRIES; i++) {
    const x = draw(rng);
    if (x > elapsed) return x - elapsed;
  }
  return 0; // later than (nearly) every draw: overdue, so due now
}

function remainingDelay(m: DelayModel, rng: Rng, elapsed: number): number {
  if (m.kind === 'dist') return residual(m.spec, m.draw, rng, elapsed);
  const v = m.values;
  const i = lowerBound(v, elapsed);
  // later than every observed truck: taken to be queueing at the gate already
  if (i >= v.length) return 0;
  return Math.max(0, v[i + rng.int(v.length - i)] - elapsed);
}

interface Truck { arrived: number; passS: number; misread: boolean; fixS: number }

interface RepMetrics {
  trucks_through: number;
  gate_arrivals: number;
  wait_mean_s: number;
  wait_p95_s: number;
  queue_mean: number;
  lane_utilisation: number;
  waiting_at_end: number;
  on_the_way_at_end: number;
}

export function whatIf(snapshot: GateSnapshot, base: WhatIfBase, req: WhatIfRequest): WhatIfResult {
  const o = req.overrides ?? {};
  const obs = snapshot.observed;
  const lanes: Used<number> = o.smart_lanes !== undefined ? { value: o.smart_lanes, source: 'override' } : { value: base.smartLanes, source: 'scenario' };
  const misread: Used<number> =
    o.misread_rate !== undefined ? { value: o.misread_rate, source: 'override' }
    : obs.misread_share !== null && obs.gate_passes >= MIN_OBSERVED_PASSES ? { value: obs.misread_share, source: 'observed' }
    : base.misreadRate !== null ? { value: base.misreadRate, source: 'scenario' }
    : { value: 0, source: 'default' };
  const arrivals: Used<number> =
    o.arrivals_per_hour !== undefined ? { value: o.arrivals_per_hour, source: 'override' }
    : obs.releases_per_hour !== null && obs.window_s >= MIN_OBSERVED_WINDOW_S ? { value: obs.releases_per_hour, source: 'observed' }
    : base.arrivalsPerHour !== null ? { value: base.arrivalsPerHour, source: 'scenario' }
    : { value: 0, source: 'default' };
  const gateS: Used<DistSpec> = o.smart_gate_s !== undefined ? { value: o.smart_gate_s, source: 'override' } : { value: base.smartGateS, source: 'scenario' };
  const fixS: Used<DistSpec> = o.misread_fix_s !== undefined ? { value: o.misread_fix_s, source: 'override' } : { value: base.misreadFixS, source: 'scenario' };

  const durations = obs.release_to_gate_s;
  const n = durations.length;
  const obsMean = n === 0 ? NaN : durations.reduce((s, x) => s + x, 0) / n;
  let delay: DelayModel;
  let delayUsed: WhatIfResult['inputs']['release_to_gate_s'];
  if (o.release_to_gate_s !== undefined) {
    delay = { kind: 'dist', spec: o.release_to_gate_s, draw: sampler(o.release_to_gate_s) };
    delayUsed = { value: { model: 'distribution', n_observed: n, mean_s: meanOf(o.release_to_gate_s), spec: o.release_to_gate_s }, source: 'override' };
  } else if (n >= MIN_EMPIRICAL_N) {
    delay = { kind: 'empirical', values: durations };
    delayUsed = { value: { model: 'empirical', n_observed: n, mean_s: obsMean }, source: 'observed' };
  } else if (n > 0) {
    // too few for their shape: an exponential with their mean (all zero: at once)
    const spec: DistSpec = obsMean > 0 ? { dist: 'exponential', mean: obsMean } : { dist: 'constant', value: 0 };
    delay = { kind: 'dist', spec, draw: sampler(spec) };
    delayUsed = { value: { model: obsMean > 0 ? 'exponential' : 'distribution', n_observed: n, mean_s: obsMean, spec }, source: 'observed' };
  } else {
    delay = { kind: 'dist', spec: DEFAULT_RELEASE_TO_GATE, draw: sampler(DEFAULT_RELEASE_TO_GATE) };
    delayUsed = { value: { model: 'exponential', n_observed: 0, mean_s: meanOf(DEFAULT_RELEASE_TO_GATE), spec: DEFAULT_RELEASE_TO_GATE }, source: 'default' };
  }

  const drawPass = sampler(gateS.value);
  const drawFix = sampler(fixS.value);
  const horizon = req.horizon_h * HOUR;
  const params = { lanes: lanes.value, misread: misread.value, arrivals: arrivals.value, gateS: gateS.value, fixS: fixS.value, drawPass, drawFix, delay, horizon };

  const reps: RepMetrics[] = [];
  for (let r = 0; r < req.replications; r++) reps.push(replicate(snapshot, params, `${req.seed}/whatif/${r}`));

  const kpis: Record<string, MetricStat> = {};
  for (const key of Object.keys(reps[0] ?? {}) as (keyof RepMetrics)[]) kpis[key] = meanInterval(reps.map((m) => m[key]));

  return {
    horizon_h: req.horizon_h,
    replications: req.replications,
    seed: req.seed,
    inputs: {
      smart_lanes: lanes,
      misread_rate: misread,
      arrivals_per_hour: arrivals,
      smart_gate_s: { value: structuredClone(gateS.value), source: gateS.source },
      misread_fix_s: { value: structuredClone(fixS.value), source: fixS.source },
      release_to_gate_s: structuredClone(delayUsed),
    },
    start: { t: snapshot.t, on_the_way: snapshot.on_the_way.length, at_lanes: snapshot.lanes.filter((l) => l.state !== 'idle').length },
    kpis,
  };
}

interface RepParams {
  lanes: number;
  misread: number;
  arrivals: number;
  gateS: DistSpec;
  fixS: DistSpec;
  drawPass: Sampler;
  drawFix: Sampler;
  delay: DelayModel;
  horizon: number;
}

/** One replication: the fork's time 0 is the snapshot's time. */
function replicate(snap: GateSnapshot, p: RepParams, seed: string): RepMetrics {
  const sim = new Simulation({ seed });
  // streams by purpose: each draws the same numbers whatever the others do
  const releaseRng = sim.rng.stream('whatif.releases');
  const delayRng = sim.rng.stream('whatif.release_to_gate');
  const onTheWayRng = sim.rng.stream('whatif.on_the_way');
  const deckRng = sim.rng.stream('whatif.on_deck');
  const passRng = sim.rng.stream('service.gate');
  const misreadRng = sim.rng.stream('gate.misread');
  const fixRng = sim.rng.stream('gate.fix');

  const occupied = snap.lanes.filter((l) => l.state !== 'idle');
  // open lanes, and room for every truck on a deck now (extra lanes close once they are through)
  const servers = Math.max(p.lanes, occupied.length);
  const res = new Resource<Truck | null>(sim, { name: 'whatif.gate', capacity: servers, discipline: 'fifo', stats: 'moments' });
  const machines: Entity[] = [];
  for (let i = 0; i < servers; i++) machines.push(sim.spawn(gateLaneMachine as AnyStateMachine, `L${i + 1}`, { index: i, smart: true }));

  let through = 0;
  let arrivedAtGate = 0;
  let onTheWay = 0;
  const waits: number[] = [];
  sim.on<Extract<GateLaneEmitted, { type: 'lane.passed' }>>('lane.passed', (_e, ev) => {
    through++;
    res.release(ev.lane);
  });

  // the trucks on the decks now: the rest of their pass, with the twin's verdict on them
  const pass = (server: number, passS: number, misread: boolean, fixS: number) =>
    sim.send(machines[server], { type: 'PASS', ref: server, passS, fixS, misread, divert: false, hold: misread ? 'misread' : '' } satisfies GateLaneEvent);
  for (const l of occupied) {
    const passLeft = l.state === 'reading' ? residual(p.gateS, p.drawPass, deckRng, l.in_state_s) : 0;
    const fixLeft = !l.misread ? 0 : l.state === 'manualHandling' ? residual(p.fixS, p.drawFix, deckRng, l.in_state_s) : Math.max(0, p.drawFix(deckRng));
    res.request(null, (_t, server) => pass(server, passLeft, l.misread || l.state === 'manualHandling', fixLeft));
  }
  if (servers > p.lanes) res.setCapacity(p.lanes);

  const grant = (truck: Truck | null, server: number): void => {
    if (truck === null) return;
    waits.push(sim.now - truck.arrived);
    pass(server, truck.passS, truck.misread, truck.fixS);
  };
  const atGate = (_: null): void => {
    onTheWay--;
    arrivedAtGate++;
    // the truck's work is drawn when it reaches the gate, in arrival order (common random numbers)
    const truck: Truck = {
      arrived: sim.now,
      passS: Math.max(0, p.drawPass(passRng)),
      misread: misreadRng.next32() < p.misread,
      fixS: Math.max(0, p.drawFix(fixRng)),
    };
    res.request(truck, grant);
  };
  const toGate = (delay: number): void => {
    onTheWay++;
    const t = sim.now + delay;
    if (t <= p.horizon) sim.at(t, atGate, null);
  };

  // released before the fork: the rest of their way, given how long they have been on it
  for (const c of snap.on_the_way) toGate(remainingDelay(p.delay, onTheWayRng, c.elapsed_s));
  // released during the fork
  const process = new PoissonArrivals(p.arrivals);
  const release = (_: null): void => {
    toGate(remainingDelay(p.delay, delayRng, 0));
    next();
  };
  const next = (): void => {
    const t = process.next(sim.now, releaseRng);
    if (t <= p.horizon) sim.at(t, release, null);
  };
  next();

  sim.run(p.horizon);
  const rep = res.report(p.horizon);
  const sorted = waits.sort((a, b) => a - b);
  const k = sorted.length;
  return {
    trucks_through: through,
    gate_arrivals: arrivedAtGate,
    wait_mean_s: k === 0 ? NaN : sorted.reduce((s, x) => s + x, 0) / k,
    wait_p95_s: k === 0 ? NaN : sorted[Math.min(k - 1, Math.floor(0.95 * k))],
    queue_mean: rep.meanQueue,
    lane_utilisation: rep.utilisation,
    waiting_at_end: rep.queue,
    on_the_way_at_end: onTheWay,
  };
}
