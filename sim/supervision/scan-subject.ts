/**
 * What an H986 scan of a consignment's container shows, from its declaration and hidden truth:
 * the input of the scanner behaviour (hardware-emu/scanner/h986.ts). The simulation's scanner
 * records it; on the wire, and for a trainee image analyst, the behaviour renders it to a PNG.
 *
 * - Goods by the declared heading (hardware-emu/scanner/xray/goods.ts: steel coils and plate,
 *   machinery, electronics in cartons, garments in bales, drums, …); weight from the true cargo
 *   weight, so goods heavier than declared look denser than the papers suggest.
 * - Anomalies only for what X-rays can show: prohibited goods in a hidden compartment or behind a
 *   wall panel; misclassified goods as a stretch of the load that is what the goods really are
 *   (a heading whose misclassifiers declare the declared code: cigarettes declared as tobacco
 *   leaf, …). Undervaluation, origin fraud and counterfeits look like the declared goods.
 */
import type { Rng } from '../kernel/rng.js';
import { uniform } from '../kernel/distributions.js';
import type { Anomaly, ScanInput } from '../../hardware-emu/scanner/h986.js';
import { goodsOfHs, type GoodsClass } from '../../hardware-emu/scanner/xray/goods.js';
import { HS_HEADINGS } from './hs-catalog.js';
import { V_MISCLASSIFIED, V_PROHIBITED } from './vocabulary.js';
import type { Consignment } from './consignment.js';

/** the model's containers are 40-ft high cubes */
export const SIM_SIZE_TYPE = '45G1';
/** cargo weight that fills a 40-ft box's attenuation scale (density 1) */
const FULL_DENSITY_KG = 28_000;

/** What goods declared under `code` by a misclassifier really are: the headings that declare it, else the code's own. */
export function trueGoodsOf(code: string, u: number): GoodsClass {
  const pool = truePools.get(code) ?? poolOf(code);
  return pool.length > 0 ? pool[Math.floor(u * pool.length)] : 'cigarettes';
}

/** per declared code, the goods its misclassifiers really carry (computed once per code: scans ask often) */
const truePools = new Map<string, GoodsClass[]>();
function poolOf(code: string): GoodsClass[] {
  const from = HS_HEADINGS.filter((h) => h.misclassAs === code && h.code !== code);
  const own = goodsOfHs(code);
  const other = from.filter((h) => goodsOfHs(h.code) !== own);
  const pool = (other.length > 0 ? other : from).map((h) => goodsOfHs(h.code));
  truePools.set(code, pool);
  return pool;
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
  else if (c.violation === V_MISCLASSIFIED) anomaly = { kind: 'mismatched-cargo', ...region, goods: trueGoodsOf(HS_HEADINGS[c.items[0].heading].code, pick) };
  return {
    at,
    containerNumber: container,
    sizeType: SIM_SIZE_TYPE,
    cargo: { kind: goodsOfHs(HS_HEADINGS[main.heading].code), density: Math.min(1, Math.max(0.05, cargoKg / FULL_DENSITY_KG)), fill },
    ...(anomaly ? { anomaly } : {}),
  };
}
