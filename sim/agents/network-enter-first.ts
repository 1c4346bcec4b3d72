/**
 * Enter first, declare later: the full declarations that follow entry, one per entry or
 * aggregated per enterprise and period, the overdue flag at the deadline, and the zone office's
 * review of them. The deadline rules are supervision/enter-first-deadline.ts.
 */
import type { Simulation } from '../engine/simulation.js';
import { sampler, type Sampler } from '../kernel/distributions.js';
import type { Rng } from '../kernel/rng.js';
import { afterWorking, type WorkCalendar } from '../kernel/work-calendar.js';
import { aggregatedFilingAt, aggregationPeriod, filesLate, singleFilingAt } from '../supervision/enter-first-deadline.js';
import type { NetworkConfig } from '../supervision/network-config.js';
import { Slot, type Consignment, type NetworkRecord } from './network-consignment.js';

export interface EnterFirstParts {
  uni: (c: Consignment, slot: Slot) => number;
  u: (c: Consignment, slot: Slot) => Rng;
  rec: (c: Consignment, r: NetworkRecord) => void;
  officeHours: (place: string) => WorkCalendar;
  reviewS: Sampler;
  reviewed: (entity: string, declaration: string, place: string, lines: number, afterEntry: boolean) => void;
}

export function wireEnterFirst(sim: Simulation, cfg: NetworkConfig, parts: EnterFirstParts) {
  const { world: w, policy: pol } = cfg;
  const { uni, u, rec, reviewed } = parts;
  const filing = sampler(pol.enterFirst.filingS);
  const lateBy = sampler(w.truth.lateDeclaration.lateS);
  /** Full declarations still to come (the run drains them too). */
  let filingsDue = 0;
  /** Aggregated declarations being gathered: (enterprise, period) → consignments. */
  const batches = new Map<string, Consignment[]>();

  const declareLater = (c: Consignment): void => {
    const ef = pol.enterFirst;
    const dueAt = sim.now + ef.declareWithinS;
    const late = filesLate(uni(c, Slot.LateFlag), c.credit, w.truth.lateDeclaration.rate);
    filingsDue++;
    if (late) {
      // the system knows every entry's deadline: an overdue one is flagged the moment it passes
      sim.at(dueAt, () => rec(c, { type: 'net.overdue', consignment: c.id, enterprise: c.enterprise, due_s: ef.declareWithinS }), undefined);
      sim.at(dueAt + lateBy(u(c, Slot.LateBy)), () => fileDeclaration(`${c.id}/late`, c.enterprise, [c]), undefined);
      return;
    }
    if (ef.aggregateS <= 0) {
      sim.at(singleFilingAt(sim.now, dueAt, filing(u(c, Slot.Filing))), () => fileDeclaration(`${c.id}/full`, c.enterprise, [c]), undefined);
      return;
    }
    const period = aggregationPeriod(sim.now, ef.aggregateS);
    const key = `${c.enterprise}/${period}`;
    const batch = batches.get(key);
    if (batch !== undefined) {
      batch.push(c);
      return;
    }
    batches.set(key, [c]);
    // filed after the period closes, within the deadline of its first entry (the schema keeps the
    // period within the deadline, so a batch is never filed early and started again)
    const fileAt = aggregatedFilingAt(period, ef.aggregateS, dueAt, filing(u(c, Slot.Filing)));
    sim.at(fileAt, () => {
      const lines = batches.get(key)!;
      batches.delete(key);
      fileDeclaration(key, c.enterprise, lines);
    }, undefined);
  };

  /** A full declaration is filed; the zone office reviews it in its hours (`review_h.enter_first`); the goods are long in. */
  const fileDeclaration = (id: string, enterprise: string, lines: Consignment[]): void => {
    const place = lines[0].flow.customs;
    sim.at(afterWorking(parts.officeHours(place), sim.now, parts.reviewS(u(lines[0], Slot.Review2))), () => {
      filingsDue -= lines.length;
      reviewed(enterprise, id, place, lines.length, true);
    }, undefined);
  };

  return { declareLater, filingsDue: () => filingsDue };
}
