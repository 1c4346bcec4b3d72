/**
 * What an H986 scan of a consignment's container shows, from its declaration and hidden truth:
 * the input of the scanner behaviour (hardware-emu/scanner/h986.ts). The simulation's scanner
 * records it; on the wire, and for a trainee image analyst, the behaviour renders it to a PNG.
 *
 * - Cargo texture by the declared goods' HS chapter (machinery, textiles, liquids in drums,
 *   general cartons); density from the true cargo weight, so goods heavier than declared look
 *   denser than the papers suggest.
 * - Anomalies only for what X-rays can show: prohibited goods in a hidden compartment or behind a
 *   wall panel, misclassified goods as cargo that does not match the declared texture.
 *   Undervaluation, origin fraud and counterfeits look like the declared goods.
 */
import type { Rng } from '../kernel/rng.js';
import { uniform } from '../kernel/distributions.js';
import type { Anomaly, CargoKind, ScanInput } from '../../hardware-emu/scanner/h986.js';
import { HS_HEADINGS } from './hs-catalog.js';
import { V_MISCLASSIFIED, V_PROHIBITED } from './vocabulary.js';
import type { Consignment } from './consignment.js';

/** the model's containers are 40-ft high cubes */
export const SIM_SIZE_TYPE = '45G1';
/** cargo weight that fills a 40-ft box's attenuation scale (density 1) */
const FULL_DENSITY_KG = 28_000;

/** Texture family of an HS chapter's goods. */
export function cargoKindOf(chapter: number): CargoKind {
  if (chapter === 84 || chapter === 85 || chapter === 86 || chapter === 87 || chapter === 90) return 'machinery';
  if (chapter >= 50 && chapter <= 63) return 'textiles';
  if (chapter === 15 || chapter === 22 || (chapter >= 27 && chapter <= 29) || chapter === 38) return 'liquid';
  return 'general';
}

/** The scan input of consignment `c` in container `container`, scanned at `at`; `rng` is the consignment's own scan stream. */
export function scanSubject(c: Consignment, container: string, at: number, rng: Rng): ScanInput {
  // the heaviest declared item sets the look of the load
  let main = c.items[0];
  for (const it of c.items) if (it.weightKg > main.weightKg) main = it;
  const cargoKg = Math.max(0, c.trueGrossKg - c.tareKg);
  const fill = uniform(rng, 0.55, 0.95);
  const pick = rng.next();
  const x0 = uniform(rng, 0.1, 0.65), w = uniform(rng, 0.1, 0.25), y0 = uniform(rng, 0.2, 0.55), h = uniform(rng, 0.15, 0.35);
  const region = { x0, x1: x0 + w, y0, y1: y0 + h };
  let anomaly: Anomaly | undefined;
  if (c.violation === V_PROHIBITED) anomaly = { kind: pick < 0.5 ? 'hidden-compartment' : 'wall-concealment', ...region };
  else if (c.violation === V_MISCLASSIFIED) anomaly = { kind: 'mismatched-cargo', ...region };
  return {
    at,
    containerNumber: container,
    sizeType: SIM_SIZE_TYPE,
    cargo: { kind: cargoKindOf(HS_HEADINGS[main.heading].chapter), density: Math.min(1, Math.max(0.05, cargoKg / FULL_DENSITY_KG)), fill },
    ...(anomaly ? { anomaly } : {}),
  };
}
