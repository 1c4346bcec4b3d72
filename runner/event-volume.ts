/**
 * How many bytes a run's event streams will take, estimated from the scenario before it starts:
 * the trucks or consignments it sets in motion (scenarios/expected-counts.ts) times the bytes of
 * one's events. `ctwin run` refuses a run whose streams the output folder cannot hold.
 *
 * Bytes per entity, measured with `ctwin run` on the shipped scenarios (seeds as shipped): the
 * stream's size over the entities of the run, then rounded up past the largest.
 * - gate: gate-mmc.yaml 1,371,113 B / 4,608 trucks expected = 297; gate-shifts.yaml 5,300,053 B
 *   / 17,458 = 304 (three events a truck, and shift changes).
 * - port: port-peak.yaml 238,490,193 B / 100,498 consignments = 2,373; port-baseline.yaml 2,374;
 *   port-reform.yaml's policies 2,374 to 2,502 (reform-rules) per consignment expected.
 * - zone: suzhou-networked-zone.yaml, per enterprise, week and material or product of its book
 *   (range midpoints: 5.5 + 2): 3,719,481 to 4,017,536 B / (60 × 26 × 7.5) = 318 to 343.
 * - network: shanghai-ftz-2014.yaml 1,133 to 1,423 B per consignment, suzhou-factory-direct.yaml
 *   1,357, tianjin-regional-clearance.yaml 1,475 (GPS reports are not in the stream).
 */
import type { Scenario } from '../scenarios/schema.js';
import { expectedEntities, expectedNetworkConsignments } from '../scenarios/expected-counts.js';

export const EVENT_BYTES = {
  gateTruck: 320,
  portConsignment: 2_600,
  zoneBookEntryWeek: 360,
  networkConsignment: 1_550,
  /** the run.header line of each stream */
  header: 300,
} as const;

export interface EventVolume {
  bytes: number;
  /** how the estimate was made, for a message: "100,300 consignments × 2,600 B × 2 policies" */
  basis: string;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** The bytes of the streams of `policies` policies (a gate run has one stream: pass 1). */
export function estimateEventVolume(s: Scenario, policies: number): EventVolume {
  const each = (count: number, what: string, per: number): EventVolume => ({
    bytes: policies * (count * per + EVENT_BYTES.header),
    basis: `${n(count)} ${what} × ${n(per)} B${s.kind === 'gate' ? '' : ` × ${policies} ${policies === 1 ? 'policy' : 'policies'}`}`,
  });
  switch (s.kind) {
    case 'gate':
      return each(expectedEntities(s.horizon, s.demand.arrivals), 'trucks', EVENT_BYTES.gateTruck);
    case 'port':
      return each(expectedEntities(s.horizon, s.demand.arrivals), 'consignments', EVENT_BYTES.portConsignment);
    case 'zone': {
      const p = s.population;
      const entries = p.enterprises * ((p.materials[0] + p.materials[1]) / 2 + (p.products[0] + p.products[1]) / 2);
      return each(entries * (s.horizon.days / 7), 'book entries × weeks', EVENT_BYTES.zoneBookEntryWeek);
    }
    case 'network':
      return each(expectedNetworkConsignments(s.horizon.days, s.demand.flows), 'consignments', EVENT_BYTES.networkConsignment);
  }
}
