/**
 * The enterprises that declare at a port. Drawn once per
 * run from the `population` stream, so every policy on the same seed meets the same enterprises
 * with the same hidden propensities.
 */
import { empiricalDraw, empiricalTable, gamma, lognormal, type EmpiricalTable } from '../kernel/distributions.js';
import type { Rng } from '../kernel/rng.js';
import type { PopulationSpec, TruthSpec } from './port-config.js';
import { CREDIT_CLASSES, ENTERPRISE_KINDS } from './vocabulary.js';

export class Enterprise {
  /** e.g. 'E0042' */
  readonly id: string;
  readonly index: number;
  /** index into ENTERPRISE_KINDS */
  readonly kind: number;
  /** credit class when the run starts (index into CREDIT_CLASSES) */
  readonly initialCredit: number;
  /** current credit class: a seizure downgrades to dishonest (the enterprise machine decides) */
  credit: number;
  /** declares from its ERP through filed merge relations (networked supervision) */
  readonly erp: boolean;
  /** a new importer: no history, a rule profile of its own */
  readonly isNew: boolean;
  /** hidden: probability that one of its consignments violates */
  readonly propensity: number;
  /** relative share of the port's consignments */
  readonly volume: number;

  constructor(id: string, index: number, kind: number, credit: number, erp: boolean, isNew: boolean, propensity: number, volume: number) {
    this.id = id;
    this.index = index;
    this.kind = kind;
    this.initialCredit = credit;
    this.credit = credit;
    this.erp = erp;
    this.isNew = isNew;
    this.propensity = propensity;
    this.volume = volume;
  }
}

export interface Population {
  readonly enterprises: readonly Enterprise[];
  /** draws an enterprise index weighted by volume */
  drawEnterprise(rng: Rng): number;
}

const ids = (prefix: string, i: number, width: number) => prefix + String(i).padStart(width, '0');

export function drawPopulation(pop: PopulationSpec, truth: TruthSpec, rng: Rng): Population {
  const creditTable = empiricalTable(
    CREDIT_CLASSES.map((_, i) => i),
    CREDIT_CLASSES.map((c) => pop.creditMix[c]),
  );
  const kindTable = empiricalTable(
    ENTERPRISE_KINDS.map((_, i) => i),
    ENTERPRISE_KINDS.map((k) => pop.kindMix[k]),
  );
  const width = String(Math.max(0, pop.enterprises - 1)).length;
  const enterprises: Enterprise[] = [];
  for (let i = 0; i < pop.enterprises; i++) {
    const credit = empiricalDraw(rng, creditTable);
    const kind = empiricalDraw(rng, kindTable);
    const erp = rng.next() < pop.erpConnected[CREDIT_CLASSES[credit]];
    const isNew = rng.next() < pop.newShare;
    const rate = truth.violationRate[CREDIT_CLASSES[credit]];
    const shape = truth.propensityShape;
    const propensity = Math.min(1, rate > 0 ? rate * gamma(rng, shape, 1 / shape) : 0);
    const volume = pop.volumeCv > 0 ? lognormal(rng, 1, pop.volumeCv) : 1;
    enterprises.push(new Enterprise(ids('E', i, Math.max(4, width)), i, kind, credit, erp, isNew, propensity, volume));
  }
  const volumeTable: EmpiricalTable = empiricalTable(
    enterprises.map((e) => e.index),
    enterprises.map((e) => e.volume),
  );
  return {
    enterprises,
    drawEnterprise: (r) => empiricalDraw(r, volumeTable),
  };
}
