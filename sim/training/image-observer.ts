/**
 * The reference observer: an automatic reader that scores each TIP level, so a level's difficulty
 * is measured, not asserted.
 *
 * Observer: a non-prewhitening matched filter (NPW) in the log domain, signal known exactly (it
 * knows the threat, its pose and its site; it does not know the goods). Its statistic on an image
 * is λ = Σ w(x)·A(x) over a window around the site, A = −ln T_high as measured, and w the threat's
 * own A_high (noise-free), made zero-mean over the window so that the goods' overall thickness
 * there does not count, only the threat-shaped part, and unit-norm. Over many seeded cases with the
 * threat (signal trials) and other cases without it (noise trials, the same site rules and
 * clutter), d′ = √2 Φ⁻¹(AUC), AUC the area under the ROC curve of λ (the d_a of signal detection
 * theory, which equals d′ for equal-variance normal λ and stays meaningful when it is not). NPW is near-ideal against the
 * quantum noise and blind to how much the goods' texture looks like the threat, which is what
 * clutter and superposition change; a human is no better than it.
 *
 * Cases: cargo as the port sends it (the HS catalog's trade shares → goods class, weight 15–80 %
 * of 28 t, 55–95 % of the length), 40-ft high cubes, the threat kind drawn per case.
 */
import { IndexedStreams } from '../kernel/rng.js';
import { prepareScan, renderScan, type ScanInput } from '../../hardware-emu/scanner/h986.js';
import { project } from '../../hardware-emu/scanner/xray/solids.js';
import { goodsOfHs } from '../../hardware-emu/scanner/xray/goods.js';
import { HS_HEADINGS, headingSampler } from '../supervision/hs-catalog.js';
import { TIP_LEVELS, tipSite, withTip, type TipLevel } from './tip.js';
import { normalUpperTail } from '../kernel/distributions.js';

/** Standard normal CDF, from the kernel's upper tail (relative error below 1.2e-7). */
export function phi(x: number): number {
  return 1 - normalUpperTail(x);
}

/** Its inverse, the probit, by bisection (80 halvings of [−12, 12]); sim/ keeps no statistics package of its own. */
export function probit(p: number): number {
  let lo = -12, hi = 12;
  for (let k = 0; k < 80; k++) {
    const mid = (lo + hi) / 2;
    if (phi(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const MARGIN_PX = 6;

/** One trial: the observer's λ on case `i` of stream `seed`, at `level`, with or without the threat. */
export function observerStatistic(seed: number | string, i: number, level: TipLevel, present: boolean, scale = level.scale): number {
  const r = new IndexedStreams(seed, 'observer.case').at(i);
  const heading = HS_HEADINGS[headingSampler()(r)];
  const subject: ScanInput = {
    at: 0, containerNumber: 'OBSV0000000', sizeType: '45G1',
    cargo: { kind: goodsOfHs(heading.code), density: 0.15 + 0.65 * r.next(), fill: 0.55 + 0.4 * r.next() },
  };
  const prep = prepareScan(subject, {}, new IndexedStreams(seed, 'observer.scan').at(i));
  const site = tipSite(prep, level, new IndexedStreams(seed, 'observer.tip').at(i), scale);
  const shown = withTip(prep, site, present);
  // the window: the threat's box (where it is, or would be) and a margin
  const would = present ? shown : withTip(prep, site, true);
  const b = would.scene.truth.threat!.box, g = prep.scene.grid;
  const win = { x0: Math.max(0, b.x0 - MARGIN_PX), x1: Math.min(g.width, b.x1 + MARGIN_PX), y0: Math.max(0, b.y0 - MARGIN_PX), y1: Math.min(g.height, b.y1 + MARGIN_PX) };
  if (win.x1 <= win.x0 || win.y1 <= win.y0) return 0;
  const img = renderScan(shown, win).transmission.high;
  const w = project(would.scene.threatSolids, g, win).high;
  let mean = 0;
  for (let k = 0; k < w.length; k++) mean += w[k];
  mean /= w.length;
  let norm = 0;
  for (let k = 0; k < w.length; k++) norm += (w[k] - mean) ** 2;
  norm = Math.sqrt(norm) || 1;
  let lambda = 0;
  for (let k = 0; k < w.length; k++) lambda += ((w[k] - mean) / norm) * -Math.log(img[k]);
  return lambda;
}

export interface LevelScore {
  level: number;
  /** d′ from the area under the ROC curve: √2 Φ⁻¹(AUC) (AUC capped at 1 − 1/2n) */
  dPrime: number;
  auc: number;
  /** trials per class (signal, noise) */
  n: number;
}

/** d′ of the reference observer at `level` (1…5) over `n` signal and `n` noise cases. */
export function observerDPrime(level: number, n: number, seed: number | string = 'observer', scale?: number): LevelScore {
  const L = TIP_LEVELS[level - 1];
  const s: number[] = [], z: number[] = [];
  for (let i = 0; i < n; i++) {
    s.push(observerStatistic(seed, i, L, true, scale));
    z.push(observerStatistic(seed, n + i, L, false, scale));
  }
  // AUC by ranks (Mann–Whitney), d′ = √2 Φ⁻¹(AUC): the threats differ in size by orders of
  // magnitude, so λ is far from normal and the means-and-variances d′ would be the spread's
  let wins = 0;
  for (const a of s) for (const b of z) wins += a > b ? 1 : a === b ? 0.5 : 0;
  const auc = Math.min(1 - 1 / (2 * n), Math.max(1 / (2 * n), wins / (n * n)));
  return { level, dPrime: Math.round(Math.SQRT2 * probit(auc) * 100) / 100, auc: Math.round(auc * 1000) / 1000, n };
}

/**
 * The size factor that brings level `level` to its target d′ (bisection on [0.4, 1.5]; d′ grows with
 * size). Used offline to set TIP_LEVELS' scales.
 */
export function calibrateScale(level: number, n: number, seed: number | string = 'calibration'): { scale: number; dPrime: number } {
  const target = TIP_LEVELS[level - 1].target;
  let lo = 0.4, hi = 1.5;
  let best = { scale: 1, dPrime: observerDPrime(level, n, seed, 1).dPrime };
  for (let k = 0; k < 6; k++) {
    const mid = (lo + hi) / 2;
    const d = observerDPrime(level, n, seed, mid).dPrime;
    if (Math.abs(d - target) < Math.abs(best.dPrime - target)) best = { scale: mid, dPrime: d };
    if (d > target) hi = mid;
    else lo = mid;
  }
  return best;
}

/**
 * The reference observer's d′ by level, measured with `observerDPrime(level, 300)` (seed
 * 'observer'), the figures docs/TRAINER.md quotes; test/training/image-observer.test.ts
 * re-measures them on fewer cases.
 */
export const OBSERVER_DPRIME: readonly number[] = [3.01, 1.3, 1.04, 0.74, 0.52];

/**
 * Detection probability at a level for a reader of the reference observer's sensitivity with an
 * unbiased criterion (halfway between the classes): P(hit) = Φ(d′/2), P(false alarm) = Φ(−d′/2).
 * What the port model can take for a simulated image analyst who is as good as the images allow.
 */
export function detectionProbability(level: number): { hit: number; falseAlarm: number } {
  const d = OBSERVER_DPRIME[Math.min(5, Math.max(1, Math.round(level))) - 1];
  return { hit: phi(d / 2), falseAlarm: phi(-d / 2) };
}
