/**
 * The twin's what-if fork (twin/whatif.ts): against M/M/c theory from an empty start, determinism,
 * the weight of the starting state, the effect of more lanes, a live site left untouched, and the
 * request's validation.
 */
import { describe, expect, it } from 'vitest';
import { emptySnapshot, forkState, whatIf, whatIfRequestSchema, type GateSnapshot, type WhatIfBase, type WhatIfRequestInput } from '../../twin/whatif.js';
import { mmc, mmcWaitQuantile } from '../../sim/kernel/erlang.js';
import { TwinSite, type TwinInput } from '../../twin/site-state.js';
import { siteConfigOfPort } from '../../twin/site-config.js';
import { RELEASE_FORMAT, type ReleaseNotice } from '../../twin/release-notice.js';
import type { GatherInfo } from '../../hardware-emu/gate-frontend/gather-info.js';
import { config } from '../agents/port-fixture.js';

const req = (r: WhatIfRequestInput) => whatIfRequestSchema.parse(r);

// M/M/2 at ρ = 0.7: λ = 84 trucks/h, exponential passes of mean 60 s
const MU_MEAN = 60;
const LAMBDA_H = 84;
const mm2: WhatIfBase = {
  smartLanes: 2,
  misreadRate: 0,
  smartGateS: { dist: 'exponential', mean: MU_MEAN },
  misreadFixS: { dist: 'constant', value: 0 },
  arrivalsPerHour: LAMBDA_H,
};
/** released trucks reach the gate at once: the gate sees the Poisson releases themselves */
const AT_ONCE = { release_to_gate_s: { dist: 'constant' as const, value: 0 } };

describe('whatIf', () => {
  it('matches Erlang C from an empty start (M/M/2, ρ = 0.7)', () => {
    const theory = mmc(LAMBDA_H / 3600, 1 / MU_MEAN, 2);
    const r = whatIf(emptySnapshot(2), mm2, req({ horizon_h: 48, replications: 20, seed: 7, overrides: AT_ONCE }));
    const w = r.kpis.wait_mean_s;
    const half = (w.ci95[1] - w.ci95[0]) / 2;
    // the interval, widened for the empty start and the trucks still waiting at the end
    expect(Math.abs(w.mean - theory.Wq)).toBeLessThan(Math.max(3 * half, 0.08 * theory.Wq));
    const p95 = mmcWaitQuantile(LAMBDA_H / 3600, 1 / MU_MEAN, 2, 0.95);
    expect(Math.abs(r.kpis.wait_p95_s.mean - p95) / p95).toBeLessThan(0.1);
    expect(r.kpis.lane_utilisation.mean).toBeCloseTo(theory.rho, 1);
    expect(Math.abs(r.kpis.queue_mean.mean - theory.Lq) / theory.Lq).toBeLessThan(0.12);
    expect(r.kpis.trucks_through.mean / 48).toBeCloseTo(LAMBDA_H, -1);
    expect(r.inputs.arrivals_per_hour).toEqual({ value: LAMBDA_H, source: 'scenario' });
    expect(r.inputs.release_to_gate_s.source).toBe('override');
    expect(r.start).toEqual({ t: 0, on_the_way: 0, at_lanes: 0 });
  });

  it('is deterministic in the seed', () => {
    const q = req({ horizon_h: 2, replications: 5, seed: 3, overrides: { misread_rate: 0.1, misread_fix_s: { dist: 'triangular', min: 45, mode: 90, max: 240 } } });
    const snap = withBacklog(emptySnapshot(2, 4000), 10, 900);
    const a = whatIf(snap, mm2, q);
    const b = whatIf(snap, mm2, q);
    expect(b).toEqual(a);
    expect(whatIf(snap, mm2, { ...q, seed: 4 })).not.toEqual(a);
  });

  it('starts from the current state: a backlog raises the wait over a short horizon', () => {
    const q = req({ horizon_h: 1, replications: 20, seed: 1 });
    const empty = withObserved(emptySnapshot(2, 36_000));
    // 30 trucks released long before any observed truck took to reach the gate: queueing already
    const backlog = withBacklog(empty, 30, 5000);
    const e = whatIf(empty, mm2, q);
    const b = whatIf(backlog, mm2, q);
    expect(b.start.on_the_way).toBe(30);
    expect(b.inputs.release_to_gate_s.value.model).toBe('empirical');
    expect(b.kpis.wait_mean_s.mean).toBeGreaterThan(2 * e.kpis.wait_mean_s.mean);
    expect(b.kpis.wait_mean_s.ci95[0]).toBeGreaterThan(e.kpis.wait_mean_s.ci95[1]);
    expect(b.kpis.gate_arrivals.mean).toBeGreaterThanOrEqual(30);
    // trucks on the decks finish their pass in the fork
    const busy: GateSnapshot = { ...empty, lanes: empty.lanes.map((l) => ({ ...l, state: 'manualHandling', ref: 1, misread: true, started_t: 35_900, in_state_s: 30 })) };
    const fix: WhatIfBase = { ...mm2, misreadFixS: { dist: 'constant', value: 600 } };
    const s = whatIf(busy, fix, req({ horizon_h: 0.5, replications: 4, overrides: { arrivals_per_hour: 0 } }));
    expect(s.start.at_lanes).toBe(2);
    expect(s.kpis.trucks_through.mean).toBe(2); // both done after 570 s of the 600 s fix
    expect(s.kpis.lane_utilisation.mean).toBeCloseTo(570 / 1800, 6);
  });

  it('more lanes, less wait (same trucks: common random numbers)', () => {
    const snap = withBacklog(withObserved(emptySnapshot(2, 36_000)), 10, 5000);
    const two = whatIf(snap, mm2, req({ horizon_h: 4, replications: 20, overrides: AT_ONCE }));
    const three = whatIf(snap, mm2, req({ horizon_h: 4, replications: 20, overrides: { ...AT_ONCE, smart_lanes: 3 } }));
    expect(three.inputs.smart_lanes).toEqual({ value: 3, source: 'override' });
    expect(two.inputs.smart_lanes).toEqual({ value: 2, source: 'scenario' });
    expect(three.kpis.wait_mean_s.ci95[1]).toBeLessThan(two.kpis.wait_mean_s.mean);
    expect(three.kpis.queue_mean.mean).toBeLessThan(two.kpis.queue_mean.mean);
    expect(three.kpis.gate_arrivals).toEqual(two.kpis.gate_arrivals);
    // fewer lanes than trucks on the decks: they finish, then the lane closes
    const busy: GateSnapshot = { ...snap, lanes: snap.lanes.map((l, i) => ({ ...l, state: 'reading', ref: i, started_t: snap.t, in_state_s: 0 })) };
    const one = whatIf(busy, mm2, req({ horizon_h: 1, replications: 3, overrides: { smart_lanes: 1 } }));
    expect(one.kpis.trucks_through.mean).toBeGreaterThan(2);
  });
});

describe('forkState', () => {
  it('reads the live site without changing it', () => {
    const port = config();
    const site = new TwinSite(siteConfigOfPort(port));
    let id = 0;
    const input = (t: number, lane: string, device: string, format: string, value: unknown): TwinInput => ({ id: ++id, t, source: 'test', lane, device, format, seq: null, value });
    for (let k = 1; k <= 5; k++) site.apply(input(10 * k, '', 'customs', RELEASE_FORMAT, notice(k)));
    site.apply(input(1000, 'L1', 'L1-frontend', 'gather-info', gather(notice(1), 'L1', true)));
    site.apply(input(1200, 'L2', 'L2-frontend', 'gather-info', gather(notice(2), 'L2', false))); // no e-seal: held for an officer
    site.apply(input(1209, 'L1', 'L1-frontend', 'gather-info', gather(notice(3), 'L1', true)));
    site.advance(1210);

    const before = site.digest();
    const snap = forkState(site);
    const copy = structuredClone(snap);
    const base: WhatIfBase = { smartLanes: port.policy.gate.smartLanes, misreadRate: null, smartGateS: port.world.times.smartGateS, misreadFixS: port.world.times.misreadFixS, arrivalsPerHour: 30 };
    const r = whatIf(snap, base, req({ horizon_h: 1, replications: 3, overrides: { smart_lanes: 4 } }));
    expect(site.digest()).toBe(before);
    expect(snap).toEqual(copy);

    expect(snap.t).toBe(1210);
    expect(snap.on_the_way.map((c) => c.ref)).toEqual([4, 5]);
    expect(snap.on_the_way[0]).toEqual({ ref: 4, released_t: 40, elapsed_s: 1170 });
    const [l1, l2] = snap.lanes;
    expect(l1).toMatchObject({ lane: 'L1', state: 'reading', ref: 3, misread: false, started_t: 1209, in_state_s: 1 });
    expect(l2).toMatchObject({ lane: 'L2', state: 'manualHandling', ref: 2, misread: true, started_t: 1200 });
    expect(l2.in_state_s).toBeCloseTo(10 - site.config.smartPassS, 9);
    expect(snap.observed).toMatchObject({ window_s: 1210, gate_passes: 3, held: 1, release_to_gate_s: [990, 1179, 1180] });
    expect(snap.observed.releases_per_hour).toBeCloseTo((5 * 3600) / 1210, 9);
    expect(snap.observed.misread_share).toBeCloseTo(1 / 3, 9);
    // three passes are too few to forecast a hold share from; the window is long enough for a rate
    expect(r.inputs.misread_rate.source).toBe('default');
    expect(r.inputs.arrivals_per_hour.source).toBe('observed');
    expect(r.inputs.release_to_gate_s.value).toMatchObject({ model: 'exponential', n_observed: 3 });
    expect(r.start).toEqual({ t: 1210, on_the_way: 2, at_lanes: 2 });
  });
});

describe('whatIfRequestSchema', () => {
  const issues = (body: unknown) => {
    const r = whatIfRequestSchema.safeParse(body);
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, keys: 'keys' in i ? i.keys : undefined }));
  };
  it('fills defaults', () => {
    expect(whatIfRequestSchema.parse({ horizon_h: 2 })).toEqual({ horizon_h: 2, overrides: {}, replications: 20, seed: 1 });
  });
  it('rejects bad bodies with paths', () => {
    expect(issues({ horizon_h: 2, replications: 1 })).toMatchObject([{ path: 'replications' }]);
    expect(issues({ horizon_h: -1 })).toMatchObject([{ path: 'horizon_h' }]);
    expect(issues({ horizon_h: 169 })).toMatchObject([{ path: 'horizon_h' }]);
    expect(issues({ replications: 5 })).toMatchObject([{ path: 'horizon_h' }]);
    expect(issues({ horizon_h: 2, seed: -3 })).toMatchObject([{ path: 'seed' }]);
    expect(issues({ horizon_h: 2, lanes: 3 })).toMatchObject([{ path: '', code: 'unrecognized_keys', keys: ['lanes'] }]);
    expect(issues({ horizon_h: 2, overrides: { smart_lanes: 2.5 } })).toMatchObject([{ path: 'overrides.smart_lanes' }]);
    expect(issues({ horizon_h: 2, overrides: { misread_rate: 1.5 } })).toMatchObject([{ path: 'overrides.misread_rate' }]);
    expect(issues({ horizon_h: 2, overrides: { lanes: 3 } })).toMatchObject([{ path: 'overrides', code: 'unrecognized_keys' }]);
    expect(issues({ horizon_h: 2, overrides: { smart_gate_s: { dist: 'exponential', mean: -1 } } })).toMatchObject([{ path: 'overrides.smart_gate_s.mean' }]);
    expect(issues({ horizon_h: 2, overrides: { smart_gate_s: { dist: 'exponential', mean: 5 }, arrivals_per_hour: 0 } })).toEqual([]);
  });
});

/** `n` trucks released `elapsed` s before the snapshot, not yet at a lane. */
function withBacklog(s: GateSnapshot, n: number, elapsed: number): GateSnapshot {
  return { ...s, on_the_way: Array.from({ length: n }, (_, i) => ({ ref: 1000 + i, released_t: s.t - elapsed, elapsed_s: elapsed })) };
}

/** Observed release→gate times of 10 to 20 minutes (none as long as the backlog's). */
function withObserved(s: GateSnapshot): GateSnapshot {
  return { ...s, observed: { ...s.observed, release_to_gate_s: Array.from({ length: 21 }, (_, i) => 600 + 30 * i) } };
}

function notice(k: number): ReleaseNotice {
  return { ref: k, driver_card: `IC${k}`, plate: `津A${1000 + k}`, eplate: `EP${k}`, container: `TGHU${String(k).padStart(7, '0')}`, seal: `ES${k}`, declared_gross_kg: 20_000 };
}

/** What the lane front-end sends for the release's truck; without the e-seal read when `seal` is false. */
function gather(r: ReleaseNotice, lane: string, seal: boolean): GatherInfo {
  return {
    areaId: '1200000001', chnlNo: lane === 'L1' ? '1200000011' : '1200000012', ieType: 'E', seqNo: String(r.ref).padStart(20, '0'),
    IC: { DR_IC_NO: r.driver_card, IC_DR_CUSTOMS_NO: '', IC_CO_CUSTOMS_NO: '', IC_BILL_NO: '', IC_GROSS_WT: '', IC_VE_CUSTOMS_NO: '', IC_VE_NAME: r.plate, IC_CONTA_ID: r.container, IC_ESEAL_ID: r.seal },
    WEIGHT: { GROSS_WT: '35000' },
    CAR: { VE_NAME: r.plate, CAR_EC_NO: r.eplate, CAR_EC_NO2: '', VE_CUSTOMS_NO: '', VE_WT: '15000' },
    CONTA: { CONTA_NUM: '1', CONTA_RECO: '1', CONTA_ID_F: r.container, CONTA_ID_B: '' },
    SEAL: { ESEAL_ID: seal ? r.seal : '', SEAL_KEY: '' },
  };
}
