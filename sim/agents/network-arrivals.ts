/**
 * Arrivals on the road network: each day's consignments of every flow (Poisson per day, uniform
 * over the flow's hours), drawn a day ahead; each one's enterprise (credit class fixed per
 * enterprise), container size, procedure by credit class and hidden truth from its own draws.
 */
import type { Simulation } from '../engine/simulation.js';
import { poisson, uniform, type Sampler } from '../kernel/distributions.js';
import type { Rng } from '../kernel/rng.js';
import { TRANSIT_SMUGGLING, type NetworkConfig } from '../supervision/network-config.js';
import { procedureFor } from '../supervision/network-inspection.js';
import { CREDIT_CLASSES } from '../supervision/vocabulary.js';
import { Slot, type Consignment } from './network-consignment.js';

const DAY = 86_400;
const HOUR = 3600;

export interface NetworkArrivalParts {
  uni: (c: Consignment, slot: Slot) => number;
  u: (c: Consignment, slot: Slot) => Rng;
  lead: Sampler;
  lodgeOnline: (c: Consignment, at: number) => void;
  start: (c: Consignment) => void;
}

export function wireNetworkArrivals(sim: Simulation, cfg: NetworkConfig, parts: NetworkArrivalParts): { count: number } {
  const { world: w, policy: pol } = cfg;
  const { uni, u, lead, lodgeOnline, start } = parts;
  const state = { count: 0 };
  const smuggleWeights = TRANSIT_SMUGGLING.map((k) => w.truth.transitMix[k]);
  const flowRngs = w.flows.map((f) => sim.rng.stream(`net.arrivals.${f.name}`));
  const creditPick = w.flows.map((f) => CREDIT_CLASSES.map((k) => f.creditMix[k]));
  /** each flow's enterprises have a fixed credit class, drawn once (the population stream) */
  const enterpriseCredit = w.flows.map((f, i) => {
    const rng = sim.rng.stream(`net.population.${f.name}`);
    return Array.from({ length: f.enterprises }, () => pick(rng.next(), creditPick[i]));
  });

  /** Day d's consignments are drawn a day ahead, so that a declaration lodged before the goods are ready can be. */
  const draw = (d: number): void => {
    const todays: { t: number; fi: number }[] = [];
    w.flows.forEach((f, fi) => {
      const rng = flowRngs[fi];
      const n = poisson(rng, f.perDay);
      for (let i = 0; i < n; i++) todays.push({ t: d * DAY + uniform(rng, f.hours[0] * HOUR, f.hours[1] * HOUR), fi });
    });
    todays.sort((a, b) => a.t - b.t || a.fi - b.fi);
    for (const a of todays) {
      const f = w.flows[a.fi];
      const k = state.count++;
      const c: Consignment = {
        id: `C${String(k + 1).padStart(6, '0')}`, k, flow: f, enterprise: '', credit: 0, size: 0, procedure: 'transfer', violation: false, smuggling: 'none',
        readyAt: a.t, lodgedAt: NaN, reviewedAt: NaN, onReviewed: null, releasedAt: NaN, heldFrom: Infinity, ended: false,
        supervisedKm: 0, ordinaryKm: 0, sites: 0,
      };
      const e = Math.min(f.enterprises - 1, Math.floor(uni(c, Slot.Enterprise) * f.enterprises));
      c.credit = enterpriseCredit[a.fi][e];
      c.enterprise = `${f.name}.E${String(e + 1).padStart(2, '0')}`;
      c.size = uni(c, Slot.Size) < f.ft40Share ? 1 : 0;
      const credit = CREDIT_CLASSES[c.credit];
      c.procedure = procedureFor(c.credit, pol.procedure);
      c.violation = uni(c, Slot.Violation) < w.truth.declarationViolation[credit];
      if (uni(c, Slot.SmuggleFlag) < w.truth.transitSmuggling[credit]) c.smuggling = TRANSIT_SMUGGLING[pick(uni(c, Slot.SmuggleKind), smuggleWeights)];
      // advance declaration: lodged `lead` before the goods are ready (an export under regional clearance lodges on its way instead)
      if ((c.procedure === 'factory_direct' && f.direction === 'export') || (c.procedure === 'regional' && f.direction === 'import')) lodgeOnline(c, a.t - lead(u(c, Slot.Lead)));
      sim.at(a.t, start, c);
    }
  };
  const day = (d: number): void => {
    if (d + 1 < w.days) draw(d + 1);
    if (d + 1 < w.days) sim.at((d + 1) * DAY, day, d + 1);
  };
  draw(0);
  sim.at(0, day, 0);
  return state;
}

function pick(x: number, weights: readonly number[]): number {
  let sum = 0;
  for (const v of weights) sum += v;
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] / sum;
    if (x < acc) return i;
  }
  return weights.length - 1;
}
