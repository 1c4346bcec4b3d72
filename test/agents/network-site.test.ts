/**
 * Whole runs of the road network: runs repeat event for event (and the XState engine agrees with
 * the compiled one); policies on one seed meet the same goods; every consignment ends exactly once;
 * sealed trips keep their bookkeeping; the e-seal corridor raises what it should end to end; the
 * interception teams catch smuggling; the costs are the arithmetic the scenario states; the
 * summary agrees with the stream.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EventObject } from 'xstate';
import { parse, stringify } from 'yaml';
import { runNetwork } from '../../runner/run-network.js';
import { loadScenario, parseScenario } from '../../scenarios/loader.js';
import { networkConfigFor } from '../../scenarios/network-config.js';
import type { NetworkScenario } from '../../scenarios/network-schema.js';

const TIANJIN = fileURLToPath(new URL('../../scenarios/tianjin-regional-clearance.yaml', import.meta.url));
const SUZHOU = fileURLToPath(new URL('../../scenarios/suzhou-factory-direct.yaml', import.meta.url));
const FTZ = fileURLToPath(new URL('../../scenarios/shanghai-ftz-2014.yaml', import.meta.url));

type Line = { t: number; id: string; e: EventObject & Record<string, any> };

function variant(file: string, edit: (doc: any) => void): NetworkScenario {
  const doc = parse(readFileSync(file, 'utf8'));
  edit(doc);
  return parseScenario(stringify(doc), 'variant.yaml', 'network');
}

function run(s: NetworkScenario, policy: string, seed: number, engine: 'compiled' | 'xstate' = 'compiled') {
  const lines: Line[] = [];
  const r = runNetwork(networkConfigFor(s, policy), { seed, engine, sink: (t, id, e) => lines.push({ t, id, e: e as Line['e'] }) });
  const of = (type: string): any[] => lines.filter((l) => l.e.type === type).map((l) => ({ ...l.e, t: l.t, id: l.id }));
  return { ...r, lines, of };
}

const tianjin = loadScenario(TIANJIN, 'network');
const suzhou = loadScenario(SUZHOU, 'network');
const short = (file: string, days: number) => variant(file, (d) => { d.horizon.days = days; });

describe('network runs', () => {
  it('repeat event for event, and the XState engine agrees with the compiled one', () => {
    const s = short(SUZHOU, 3);
    const a = run(s, 'factory-direct', 5), b = run(s, 'factory-direct', 5), x = run(s, 'factory-direct', 5, 'xstate');
    expect(a.lines.length).toBeGreaterThan(100);
    expect(JSON.stringify(b.lines)).toBe(JSON.stringify(a.lines));
    expect(JSON.stringify(x.lines)).toBe(JSON.stringify(a.lines));
    expect(JSON.stringify(run(s, 'factory-direct', 6).lines)).not.toBe(JSON.stringify(a.lines));
  });

  it('policies on one seed meet the same goods (common random numbers)', () => {
    const key = (l: any) => `${l.consignment} ${l.flow} ${l.credit} ${l.size} ${l.violation}`;
    const t = run(tianjin, 'transfer', 3).of('net.lodged').map(key).sort();
    const r = run(tianjin, 'regional', 3).of('net.lodged').map(key).sort();
    expect(t.length).toBeGreaterThan(200);
    expect(r).toEqual(t);
  });

  for (const [name, s, policy, seed] of [['tianjin', tianjin, 'transfer', 11], ['tianjin', tianjin, 'regional', 3], ['tianjin', tianjin, 'regional', 11], ['suzhou', suzhou, 'transfer', 11], ['suzhou', suzhou, 'factory-direct', 11]] as const) {
    it(`${name} ${policy} seed ${seed}: every consignment is lodged, then ends exactly once, released before it is delivered; trips keep their books`, () => {
      const r = run(s, policy, seed);
      const lodged = r.of('net.lodged');
      const ends = new Map<string, string[]>();
      for (const e of [...r.of('net.delivered'), ...r.of('net.seized')]) ends.set(e.consignment, [...(ends.get(e.consignment) ?? []), e.type]);
      for (const l of lodged) expect(ends.get(l.consignment)?.length ?? 0, l.consignment).toBeLessThanOrEqual(1);
      // lodged once, and before it ends (a regional export caught on the road before its declaration was due is lodged by the case)
      const lodgedAt = new Map<string, number>();
      for (const l of lodged) {
        expect(lodgedAt.has(l.consignment), `${l.consignment} lodged twice`).toBe(false);
        lodgedAt.set(l.consignment, l.t);
      }
      for (const e of [...r.of('net.delivered'), ...r.of('net.seized')]) expect(lodgedAt.get(e.consignment)!, e.consignment).toBeLessThanOrEqual(e.t);
      for (const e of r.of('net.seized')) expect(Number.isFinite(e.clearance_s), e.consignment).toBe(true);
      expect(r.metrics.consignments.in_system).toBe(lodged.length - ends.size);
      // the run drains: nothing is left on the road at the end
      expect(r.metrics.consignments.in_system).toBe(0);
      const released = new Map<string, number>();
      for (const e of r.of('net.released')) {
        expect(released.has(e.consignment), `${e.consignment} released twice`).toBe(false);
        released.set(e.consignment, e.t);
        expect(e.clearance_s).toBeGreaterThanOrEqual(0);
      }
      for (const d of r.of('net.delivered')) expect(released.get(d.consignment)!, d.consignment).toBeLessThanOrEqual(d.t);
      const delivered = new Set(r.of('net.delivered').map((d) => d.consignment));
      for (const c of r.of('net.cost')) {
        expect(c.holding_rmb).toBeGreaterThanOrEqual(0);
        // goods seized at the factory before they moved cost no transport; delivered goods always travelled
        if (delivered.has(c.consignment)) expect(c.transport_rmb).toBeGreaterThan(0);
        else expect(c.transport_rmb).toBeGreaterThanOrEqual(0);
      }
      // trips: departed once, then arrived or seized; alerts only while under way; an interception follows an alert
      const trips = new Map<string, { dep: number; end: number; alerts: number; intercepts: number; smuggling: string }>();
      for (const l of r.lines) {
        const e = l.e;
        if (e.type === 'transit.departed') {
          expect(trips.has(e.consignment)).toBe(false);
          trips.set(e.consignment, { dep: l.t, end: Infinity, alerts: 0, intercepts: 0, smuggling: e.smuggling });
        } else if (e.type === 'transit.alert') {
          const tr = trips.get(e.consignment)!;
          expect(l.t).toBeGreaterThanOrEqual(tr.dep);
          expect(tr.end).toBe(Infinity);
          tr.alerts++;
          if (tr.smuggling === 'none') expect(e.true_alert).toBe(false);
        } else if (e.type === 'transit.intercepted') {
          const tr = trips.get(e.consignment)!;
          expect(tr.alerts).toBeGreaterThan(0);
          tr.intercepts++;
        } else if (e.type === 'transit.arrived') {
          trips.get(e.consignment)!.end = l.t;
        } else if (e.type === 'transit.seized') {
          expect(trips.get(e.consignment)!.smuggling).not.toBe('none');
        }
      }
      for (const [id, tr] of trips) expect(tr.intercepts, id).toBeLessThanOrEqual(tr.alerts);
      const m = r.metrics;
      expect(m.transit.trips).toBe(trips.size);
      expect(m.transit.interceptions).toBeLessThanOrEqual(m.transit.alerts);
      expect(m.transit.caught_in_transit + m.transit.caught_at_arrival).toBeLessThanOrEqual(m.transit.smuggling_events);
      expect(m.consignments.seized).toBe(r.of('net.seized').length);
      expect(m.detection.inspections).toBe(r.of('net.inspected').length);
    });
  }

  it('a detour wider than the corridor and longer than the grace raises exactly one deviation alert per trip; one inside raises none', () => {
    const clean = (offset: number) => variant(SUZHOU, (d) => {
      d.horizon.days = 2;
      d.truth.transit_smuggling = { advanced_aeo: 0, general_aeo: 0, general: 0, dishonest: 0 };
      d.truth.rest_stop.per_trip = 0;
      d.truth.detour = { per_trip: 1, offset_m: offset, duration_min: { dist: 'uniform', min: 20, max: 40 } };
    });
    const wide = run(clean(2500), 'transfer', 2);
    const trips = wide.metrics.transit.trips;
    expect(trips).toBeGreaterThan(30);
    expect(wide.metrics.transit.alerts_by_kind.deviation).toBe(trips);
    expect(wide.metrics.transit.alerts_by_kind.stop + wide.metrics.transit.alerts_by_kind.tamper).toBe(0);
    const inside = run(clean(300), 'transfer', 2);
    expect(inside.metrics.transit.alerts).toBe(0);
  });

  it("a sealed trip takes each road's km at that road's speed (roads longer than their waypoints, roads of their own speed)", () => {
    const s = variant(TIANJIN, (d) => {
      d.horizon.days = 2;
      d.site.network.truck_speed_kmh = { dist: 'constant', value: 60 };
      d.site.network.roads[3].speed_kmh = { dist: 'constant', value: 40 };
      d.truth.transit_smuggling = { advanced_aeo: 0, general_aeo: 0, general: 0, dishonest: 0 };
      d.truth.rest_stop.per_trip = 0;
      d.truth.detour.per_trip = 0;
    });
    const r = run(s, 'transfer', 1);
    const trips = r.of('transit.departed');
    const arrived = new Map(r.of('transit.arrived').map((a) => [a.consignment, a.trip_s]));
    // Taiyuan customs → Tianjin port: 220 + 340 km at 60; Tianjin port → Lanzhou customs: 340 + 220 at 60, 1,080 at 40
    const expected: Record<string, number> = { 'taiyuan-customs': (560 / 60) * 3600, 'tianjin-port': ((560 / 60) + (1080 / 40)) * 3600 };
    expect(trips.length).toBeGreaterThan(10);
    for (const t of trips) {
      expect(t.km).toBeCloseTo(t.from === 'taiyuan-customs' ? 560 : 1640, 6);
      expect(t.planned_s).toBeCloseTo(expected[t.from], -1);
      // speed is redrawn each GPS interval (60 s): a change of road within one is taken at its next report
      expect(Math.abs(arrived.get(t.consignment)! - expected[t.from])).toBeLessThan(60);
    }
  });

  it('interception teams catch smuggling in transit; without teams an alert waits for the truck at its destination', () => {
    const smuggle = (teams: number) => variant(TIANJIN, (d) => {
      d.horizon.days = 7;
      d.truth.transit_smuggling = { advanced_aeo: 0.5, general_aeo: 0.5, general: 0.5, dishonest: 0.5 };
      d.truth.transit_mix = { unload_stop: 1, seal_tamper: 0, container_swap: 0 };
      for (const p of d.policies) p.interception.teams = teams;
    });
    const withTeams = run(smuggle(3), 'regional', 4).metrics.transit;
    const without = run(smuggle(0), 'regional', 4).metrics.transit;
    expect(withTeams.smuggling_events).toBeGreaterThan(20);
    expect(without.smuggling_events).toBe(withTeams.smuggling_events);
    expect(withTeams.interceptions).toBeGreaterThan(0);
    expect(withTeams.caught_in_transit).toBeGreaterThan(0);
    // a team reaches most trucks before they arrive (Shijiazhuang lies on the Taiyuan road)
    expect(withTeams.caught_in_transit).toBeGreaterThan(0.4 * withTeams.smuggling_events);
    expect(without.interceptions + without.caught_in_transit).toBe(0);
    // the alert still goes with the truck: found at arrival as often as a team would have found it
    expect(without.caught_at_arrival).toBeGreaterThan(0.6 * without.smuggling_events);
  });

  it('a truck stopped and cleared is chased again on a later alert (an innocent rest before the act does not shield it)', () => {
    const s = variant(TIANJIN, (d) => {
      d.horizon.days = 10;
      d.truth.transit_smuggling = { advanced_aeo: 0.3, general_aeo: 0.3, general: 0.3, dishonest: 0.3 };
      d.truth.transit_mix = { unload_stop: 1, seal_tamper: 0, container_swap: 0 };
      d.truth.rest_stop = { per_trip: 1, duration_min: { dist: 'constant', value: 90 } };
      for (const p of d.policies) p.interception.teams = 6;
    });
    const r = run(s, 'transfer', 5);
    const byTrip = new Map<string, string[]>();
    for (const l of r.lines) if (l.e.type.startsWith('transit.')) byTrip.set(l.e.consignment, [...(byTrip.get(l.e.consignment) ?? []), l.e.type]);
    const twice = [...byTrip.values()].filter((ts) => ts.filter((t) => t === 'transit.intercepted').length >= 2);
    expect(twice.length).toBeGreaterThan(0);
    // an alert after a clear is never left unanswered: a second interception follows, or the truck is seized at arrival, or it arrives clean
    const m = r.metrics.transit;
    expect(m.caught_in_transit + m.caught_at_arrival).toBeGreaterThan(0.8 * m.smuggling_events);
  });

  it("costs are the scenario's arithmetic: regional clearance saves the supervised carrier's premium and one site's fees (Lanzhou imports)", () => {
    const t = run(tianjin, 'transfer', 1), r = run(tianjin, 'regional', 1);
    const cost = (x: typeof t) => new Map(x.of('net.cost').map((c) => [c.consignment, c]));
    const ct = cost(t), cr = cost(r);
    const lodged = new Map(t.of('net.lodged').map((l) => [l.consignment, l]));
    const costs = tianjin.costs;
    let checked = 0;
    for (const [id, a] of ct) {
      const l = lodged.get(id)!;
      const b = cr.get(id);
      if (l.flow !== 'lanzhou-import' || b === undefined || a.ordinary_km === 0) continue;
      const perKm = costs.per_km_rmb[a.size as 'ft20'];
      // transfer: port → Lanzhou customs by licensed carrier, then a few km to the plant; regional: all the way by ordinary truck
      expect(b.supervised_km).toBe(0);
      expect(a.sites).toBe(2);
      expect(b.sites).toBe(1);
      const expected = a.supervised_km * perKm * (costs.supervised_carrier_factor - 1) + costs.site_fee_rmb[a.size as 'ft20'] + (a.supervised_km + a.ordinary_km - b.ordinary_km) * perKm;
      expect(a.transport_rmb - b.transport_rmb).toBeCloseTo(expected, 0);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('regional clearance declares exports while the truck is on its way; transfer lodges at the inland site', () => {
    const r = run(tianjin, 'regional', 2);
    const dep = new Map(r.of('transit.departed').map((d) => [d.consignment, d.t]));
    const arr = new Map(r.of('transit.arrived').map((d) => [d.consignment, d.t]));
    let n = 0;
    for (const l of r.of('net.lodged')) {
      if (l.direction !== 'export') continue;
      expect(l.t).toBeGreaterThanOrEqual(dep.get(l.consignment)!);
      if (arr.has(l.consignment)) expect(l.t).toBeLessThanOrEqual(arr.get(l.consignment)! + 1);
      n++;
    }
    expect(n).toBeGreaterThan(100);
  });

  it('the summary agrees with the stream', () => {
    const r = run(suzhou, 'factory-direct', 9);
    const m = r.metrics;
    expect(m.consignments.lodged).toBe(r.of('net.lodged').length);
    expect(m.consignments.delivered).toBe(r.of('net.delivered').length);
    expect(m.transit.alerts).toBe(r.of('transit.alert').length);
    expect(m.transit.interceptions).toBe(r.of('transit.intercepted').length);
    const rel = r.of('net.released').map((e) => e.clearance_s / 3600);
    expect(m.clearance_h.mean).toBeCloseTo(rel.reduce((a, b) => a + b, 0) / rel.length, 6);
    const transport = r.of('net.cost').reduce((a, c) => a + c.transport_rmb, 0);
    expect(m.cost_rmb.transport).toBe(Math.round(transport));
  });

  it('a transfer export that starts in a zone which is its own customs office goes straight to its formalities', () => {
    const s = variant(FTZ, (d) => {
      d.horizon.days = 3;
      d.policies = d.policies.filter((p: any) => p.name === 'before-2014');
      d.demand.flows.push({ name: 'zone-exports', direction: 'export', factory: 'waigaoqiao-zone', port: 'waigaoqiao-port', customs: 'waigaoqiao-zone', per_day: 20, ft40_share: 0.5, enterprises: 10, credit_mix: { advanced_aeo: 0.25, general_aeo: 0.25, general: 0.25, dishonest: 0.25 } });
    });
    const r = run(s, 'before-2014', 1);
    expect(r.metrics.clearance_by_direction_h.export.n).toBeGreaterThan(30);
    expect(r.metrics.consignments.in_system).toBe(0);
  });

  describe('enter first, declare later', () => {
    const ftz = short(FTZ, 7);
    const DAY = 86400;

    it('entries go in on the brief declaration; each is declared in full once, within 14 days unless it is overdue, and then flagged at the deadline', () => {
      const r = run(ftz, 'ftz-2014', 3);
      const entries = new Map(r.of('net.released').map((e) => [e.consignment, e.t]));
      expect(entries.size).toBeGreaterThan(500);
      const full = r.of('net.reviewed').filter((d) => d.after_entry);
      expect(full.every((d) => d.lines === 1)).toBe(true);
      const filed = new Map<string, number>();
      for (const d of full) {
        const id = d.declaration.split('/')[0];
        expect(filed.has(id), `${id} declared twice`).toBe(false);
        filed.set(id, d.t);
      }
      expect([...filed.keys()].sort()).toEqual([...entries.keys()].sort());
      const overdue = new Map(r.of('net.overdue').map((o) => [o.consignment, o.t]));
      expect(overdue.size).toBeGreaterThan(0);
      for (const [id, at] of filed) {
        const due = entries.get(id)! + 14 * DAY;
        if (overdue.has(id)) {
          expect(overdue.get(id)).toBeCloseTo(due, 3);
          expect(at).toBeGreaterThan(due);
        } else expect(at).toBeLessThanOrEqual(due + 1e-6);
      }
      expect(r.metrics.declarations.overdue).toBe(overdue.size);
    });

    it("aggregated: one declaration covers one enterprise's entries of one week, and costs the officers less", () => {
      const single = run(ftz, 'ftz-2014', 3), agg = run(ftz, 'ftz-2014-aggregated', 3);
      const enterpriseOf = new Map<string, string>();
      for (const l of agg.lines) if (l.e.type === 'net.lodged') enterpriseOf.set(l.e.consignment, l.id);
      const full = agg.of('net.reviewed').filter((d) => d.after_entry);
      const lines = full.reduce((a, d) => a + d.lines, 0);
      expect(lines).toBe(agg.metrics.consignments.delivered);
      expect(full.length).toBeLessThan(lines / 3);
      for (const d of full.filter((x) => !x.declaration.endsWith('/late'))) {
        const [enterprise, period] = d.declaration.split('/');
        expect(d.id).toBe(enterprise);
        expect(Number(period)).toBeGreaterThanOrEqual(0);
      }
      expect(agg.metrics.declarations.officer_h).toBeLessThan(0.6 * single.metrics.declarations.officer_h);
      // the goods do not wait for the full declaration: clearance is the same either way
      expect(agg.metrics.clearance_h.mean).toBeCloseTo(single.metrics.clearance_h.mean, 6);
    });

    it('is refused for an export flow, naming the policy and the flow', () => {
      expect(() => variant(TIANJIN, (d) => { d.policies[1].procedure = 'enter_first'; })).toThrow(/policies\[1\]\.procedure[\s\S]*enter_first is for imports into a zone; flow 'taiyuan-export' is an export/);
    });
  });
});
