/**
 * A processing-trade zone, wired: factories import bonded materials, make products by their true
 * bills of materials, export them or sell some at home with duty, and now and then need a new model
 * number filed in their e-account book; customs verifies the books against the ERP, writes them off
 * per period, checks goods at the zone gate and audits after the fact. Enterprises (credit) and
 * book changes are XState machines; this file is the world between them: the factories' physical
 * side, the book operations, and the checks on their calendar. The factories are
 * zone-factories.ts, the hidden violations zone-violations.ts, customs' checks zone-customs.ts;
 * the rules they apply are in sim/supervision/ (zone-gate-check.ts, book-check.ts, write-off.ts,
 * zone-audit-calendar.ts with the dumbbell audit).
 *
 * The hidden truth (bonded-population.ts) plants at most one violation per enterprise. Its acts
 * (a diversion, a shortage, an outside processor, a surplus sold) move physical stock and accrue
 * revenue at stake; a check finds it when the arithmetic shows it (and the figures were not
 * falsified), a gate check when goods move, an audit with its own probability. A case settles the
 * discrepancy in the book, recovers the revenue at stake so far, stops the violation and costs the
 * enterprise its credit.
 *
 * Random streams, by purpose (the same world for every policy on a seed): `zone.population`,
 * `zone.truth`, `zone.changes`; `zone.output.<i>` (each factory's daily production, drawn every day
 * whatever happens); `zone.review` (declaration and change review times), `zone.gate`,
 * `zone.stocktake`, `zone.audit.<i>` (audit calendar), `zone.audit.find`.
 */
import type { Simulation } from '../engine/simulation.js';
import { drawBondedPopulation, type BondedEnterprise } from '../supervision/bonded-population.js';
import { EAccountBook } from '../supervision/e-account-book.js';
import type { ZoneConfig } from '../supervision/zone-config.js';
import { enterpriseMachine, type EnterpriseEmitted } from './enterprise.machine.js';
import { wireZoneCustoms } from './zone-customs.js';
import { wireZoneFactories } from './zone-factories.js';
import { DAY, type AdminActivity, type Plant, type ZoneRecord, type ZoneWorld } from './zone-plant.js';
import { wireZoneViolations } from './zone-violations.js';

export { CASE_ADMIN_H, DAY } from './zone-plant.js';
export type { AdminActivity, AuditReason, ZoneRecord } from './zone-plant.js';

const HOUR = 3600;
/** Morning: production, shipments, imports. Evening: customs' checks of the day. */
const MORNING = 8 * HOUR;
const EVENING = 18 * HOUR;

export interface ZoneSite {
  readonly enterprises: readonly BondedEnterprise[];
  /** books of the enterprises, for tests and reports */
  books(): EAccountBook[];
}

export function buildZoneSite(sim: Simulation, cfg: ZoneConfig): ZoneSite {
  const w = cfg.world;
  const policy = cfg.policy;
  const population = drawBondedPopulation(w, {
    population: sim.rng.stream('zone.population'),
    truth: sim.rng.stream('zone.truth'),
    changes: sim.rng.stream('zone.changes'),
  });
  // every record is about one enterprise: it goes to the stream under the enterprise's id
  const rec = (r: ZoneRecord) => sim.record(population[r.enterprise].id, r);
  const concealment = policy.books === 'paper' ? w.concealment.selfReport : w.concealment.erp;
  const admin = (p: Plant, activity: AdminActivity, hours: number) => {
    if (hours > 0) rec({ type: 'bond.admin', enterprise: p.e.index, activity, hours });
  };
  const z: ZoneWorld = { sim, w, policy, rec, admin };

  const plants: Plant[] = population.map((e) => {
    const v = e.violation;
    return {
      e,
      entity: sim.spawn(enterpriseMachine, e.id, { index: e.index, credit: e.credit }),
      book: new EAccountBook(e.book),
      credit: e.credit,
      stock: new Map(e.openingStock),
      inTransit: new Map(e.book.materials.map((m) => [m.number, 0])),
      products: new Map([...e.bom.keys()].map((p) => [p, 0])),
      workOrders: new Map(e.book.materials.map((m) => [m.number, 0])),
      current: new Map(e.book.materials.map((m) => [m.number, m.number])),
      pending: new Map(),
      currentSeq: new Map(),
      models: new Map(),
      output: sim.rng.stream(`zone.output.${e.index}`),
      v:
        v === null
          ? null
          : {
              kind: v.kind,
              material: v.material,
              product: v.product,
              startDay: v.startDay,
              concealed: v.concealDraw < concealment,
              started: false,
              detected: false,
              startedAt: 0,
              taxAtStake: 0,
              recovered: 0,
              out: 0,
              extra: v.extra,
              producedSince: 0,
              surplusSold: 0,
              surplusWaiting: 0,
            },
      domesticThisMonth: false,
      signalAudit: false,
    };
  });

  const customs = wireZoneCustoms(z, (p, v, units) => truth.divert(p, v, units));
  const truth = wireZoneViolations(z, customs.gateCheck);
  const factories = wireZoneFactories(z, plants);

  for (const p of plants) {
    rec({ type: 'bond.enterprise', enterprise: p.e.index, credit: p.e.credit, materials: p.e.book.materials.length, products: p.e.bom.size });
    if (p.v !== null && p.v.startDay < 0) truth.start(p, p.v);
  }

  sim.on<Extract<EnterpriseEmitted, { type: 'enterprise.credit_changed' }>>('enterprise.credit_changed', (_e, ev) => {
    plants[ev.enterprise].credit = ev.credit;
  });

  // ---- the calendar --------------------------------------------------------------------------

  const changesByDay = new Map<number, { p: Plant; material: string }[]>();
  for (const p of plants) {
    for (const c of p.e.changes) {
      const list = changesByDay.get(c.day) ?? [];
      list.push({ p, material: c.material });
      changesByDay.set(c.day, list);
    }
  }

  const morning = (day: number) => {
    for (const c of changesByDay.get(day) ?? []) factories.newModel(c.p, c.material);
    for (const p of plants) {
      truth.act(p, day);
      factories.produce(p);
      truth.takeSurplus(p);
      if (day % 7 === p.e.index % 7) factories.weeklyImports(p);
      if (day % 7 === (p.e.index + 3) % 7) {
        factories.shipProducts(p);
        truth.truckSurplus(p);
      }
      if (policy.tax.payment === 'aggregated' && day % 30 === 29 && p.domesticThisMonth) {
        admin(p, 'tax', policy.tax.adminH);
        p.domesticThisMonth = false;
      }
    }
    if (day + 1 < w.days) sim.at((day + 1) * DAY + MORNING, morning, day + 1);
  };
  const evening = (day: number) => {
    const verify = policy.verification.everyDays > 0 && (day + 1) % policy.verification.everyDays === 0;
    const writeOffDay = (day + 1) % policy.writeOff.everyDays === 0;
    for (const p of plants) {
      if (writeOffDay) {
        admin(p, 'write_off', policy.writeOff.adminH);
        customs.check(p, 'write_off');
      } else if (verify) {
        admin(p, 'verification', policy.verification.adminH);
        customs.check(p, 'verification');
      }
    }
    if (day + 1 < w.days) sim.at((day + 1) * DAY + EVENING, evening, day + 1);
  };
  sim.at(MORNING, morning, 0);
  sim.at(EVENING, evening, 0);
  for (const p of plants) customs.scheduleAudit(p, sim.rng.stream(`zone.audit.${p.e.index}`));

  return {
    enterprises: population,
    books: () => plants.map((p) => p.book),
  };
}
