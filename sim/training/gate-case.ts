/**
 * A gate officer's case at a difficulty: a truck a smart lane held, its device reads against what
 * the release covers. The signal is a truck that truly differs from its papers: goods weighed off
 * the declaration beyond the tolerance (the run's own), or a projected discrepancy: another
 * container, a replaced seal, another truck, or goods heavier than declared. The noise is a hold
 * caused by a misread (one read off or missing while the others agree), which a hand check clears.
 * Difficulty makes a projected difference smaller (one digit instead of a different number, a
 * weight nearer the tolerance) and adds misreads to the clean cases (clutter).
 */
import { IndexedStreams } from '../kernel/rng.js';
import {
  drawContainerNumber, drawElectronicPlate, drawPlate, drawSealNumber, iso6346CheckDigit, iso6346CheckValue, misreadContainerNumber, misreadPlate,
} from '../supervision/identifiers.js';
import type { GateCaseContent, TruthKind } from './types.js';
import { weightOff, type GateCase } from './exercise.js';

export const GATE_PROJECTIONS = ['container', 'seal', 'truck', 'weight'] as const;
/** how far over the tolerance projected goods weigh, by level 1…5 */
const WEIGHT_OVER = [4, 3, 2, 1.5, 1.2];

export interface RenderedGate {
  content: GateCaseContent;
  truth: string;
  truthKind: TruthKind;
}

/** One digit of a string changed (another digit), at a position from `from` on. */
function oneDigitOff(s: string, from: number, u1: number, u2: number): string {
  const idx: number[] = [];
  for (let i = from; i < s.length; i++) if (s[i] >= '0' && s[i] <= '9') idx.push(i);
  if (idx.length === 0) return s + '1';
  const i = idx[Math.floor(u1 * idx.length)];
  const d = (Number(s[i]) + 1 + Math.floor(u2 * 9)) % 10;
  return s.slice(0, i) + d + s.slice(i + 1);
}

/**
 * Another valid container number with one serial digit changed (the check digit recomputed; a
 * serial whose check value is 10 is never issued, so the next digit is tried).
 */
function nearContainer(c: string, u1: number, u2: number): string {
  for (let k = 0; ; k++) {
    const first10 = oneDigitOff(c.slice(0, 10), 4, u1, (u2 + k / 9) % 1);
    if (iso6346CheckValue(first10) !== 10) return first10 + iso6346CheckDigit(first10);
  }
}

export function renderGateCase(c: GateCase, level: number, seed: number): RenderedGate {
  const g = c.gathered, d = c.declared;
  const reads = { plate: g.plate, eplate: g.eplate, container_front: g.container_front, container_back: g.container_back, seal: g.eseal, gross_kg: g.gross_kg, vehicle_kg: g.vehicle_kg };
  const r = new IndexedStreams(seed, 'training.gate.projection').at(c.ref);
  const u1 = r.next(), u2 = r.next();
  const hard = level >= 3;
  let truth = '';
  let truthKind: TruthKind = 'clean';
  if (c.projected) {
    const kind = GATE_PROJECTIONS[Math.floor(c.projection * GATE_PROJECTIONS.length)];
    if (kind === 'container') {
      const other = hard ? nearContainer(d.container, u1, u2) : drawContainerNumber(r);
      reads.container_front = other;
      // hardest: the rear camera did not read, so one read alone shows the other box
      reads.container_back = level === 5 ? '' : other;
      truth = `another container: read ${other}, released ${d.container}`;
      truthKind = 'container-swap';
    } else if (kind === 'seal') {
      reads.seal = hard ? oneDigitOff(d.seal, 2, u1, u2) : drawSealNumber(r);
      truth = `seal replaced: read ${reads.seal}, released ${d.seal}`;
      truthKind = 'seal-replaced';
    } else if (kind === 'truck') {
      reads.plate = hard ? misreadPlate(d.plate, r) : drawPlate(r);
      reads.eplate = drawElectronicPlate(r);
      truth = `another truck: plate ${reads.plate} and e-plate both differ`;
      truthKind = 'truck-swap';
    } else {
      const over = 1 + c.weightTolerance * WEIGHT_OVER[level - 1];
      const vehicle = reads.vehicle_kg ?? 0;
      reads.gross_kg = Math.round(vehicle + d.declared_gross_kg * over);
      truth = `goods weigh ${Math.round(reads.gross_kg - vehicle)} kg, declared ${Math.round(d.declared_gross_kg)} kg`;
      truthKind = 'overweight';
    }
  } else if (weightOff(g, d, c.weightTolerance)) {
    truth = `goods weigh ${Math.round(g.gross_kg! - (g.vehicle_kg ?? 0))} kg, declared ${Math.round(d.declared_gross_kg)} kg`;
    truthKind = 'overweight';
  } else if (hard) {
    // clutter: a clean truck with more misreads (a plate character, the front container read)
    reads.plate = reads.plate === d.plate ? misreadPlate(d.plate, r) : reads.plate;
    if (level >= 4 && reads.container_back === d.container) reads.container_front = misreadContainerNumber(d.container, r);
  }
  return {
    content: {
      kind: 'gate',
      lane: g.lane,
      declared: { plate: d.plate, eplate: d.eplate, container: d.container, seal: d.seal, gross_kg: Math.round(d.declared_gross_kg) },
      reads,
      weight_tolerance: c.weightTolerance,
    },
    truth,
    truthKind,
  };
}
