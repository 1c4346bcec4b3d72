/**
 * Threat Image Projection by level: where a projected threat goes in a scan, how it lies, and the
 * clutter around its site. Difficulty comes from the image, as in real cargo screening:
 *
 * - place: in the empty space behind the load (level 1), over the thinnest goods (2), among the
 *   goods at a typical thickness (3), behind the thickest goods up to near-impenetrable (4–5), where
 *   few photons are left to show it;
 * - clutter: decoys at the site, steel bits and organic packages alike (so they are no cue), in
 *   every image at the level, with or without the threat;
 * - pose: rolled in the image plane, turned towards edge-on (narrower, deeper along the beam);
 * - size: the threat's size factor, the one parameter calibrated with the reference observer
 *   (image-observer.ts) to the target d′ of the level (docs/TRAINER.md has the measured values).
 *
 * The site and the decoys are the case's own draws (stream `training.image.tip` at the case), so
 * the image with the threat is the image without it times the threat's transmission.
 */
import type { Rng } from '../kernel/rng.js';
import { placeThreat, type PreparedScan, type Threat } from '../../hardware-emu/scanner/h986.js';
import { project, type Solid } from '../../hardware-emu/scanner/xray/solids.js';
import { threatHalfSize, THREAT_MODELS, type ThreatModel } from '../../hardware-emu/scanner/xray/threats.js';

export interface TipLevel {
  place: 'gap' | 'thin' | 'inside' | 'dense';
  /** A_high of the goods along the site's ray above which a site is refused (past ~10 the threat is lost in the dark) */
  maxA: number;
  decoys: number;
  /** largest turn towards edge-on (rad) and whether the roll is free (else within ±15°) */
  yaw: number;
  roll: boolean;
  /** size factor on the real threat (calibrated) */
  scale: number;
  /** the reference observer's d′ the scale was calibrated to */
  target: number;
}

/**
 * Levels 1…5. Scales from `calibrateTipLevels` (sim/training/image-observer.ts) against the
 * targets, bounded to [0.4, 1.5] (a compact pistol to a large one; fewer or more bricks); level 1
 * is in the open and far above its target at any size, so it keeps the real size.
 */
export const TIP_LEVELS: readonly TipLevel[] = [
  { place: 'gap', maxA: 6, decoys: 0, yaw: 0.2, roll: false, scale: 1, target: 3 },
  { place: 'thin', maxA: 6, decoys: 0, yaw: 0.3, roll: true, scale: 1.25, target: 2 },
  { place: 'inside', maxA: 6, decoys: 3, yaw: 0.6, roll: true, scale: 0.8, target: 1.3 },
  { place: 'dense', maxA: 8, decoys: 6, yaw: 0.9, roll: true, scale: 0.65, target: 0.9 },
  { place: 'dense', maxA: 10, decoys: 10, yaw: 1.1, roll: true, scale: 0.42, target: 0.6 },
];

export const THREAT_KINDS: readonly ThreatModel[] = THREAT_MODELS;

/** A projected threat's site at a level: the threat (fractions, as the scanner takes it) and the clutter there. */
export interface TipSite {
  threat: Threat;
  clutter: Solid[];
}

const CANDIDATES = 12;

/** The site of a projected threat in `p` at `level`, drawn from `r`; `scale` overrides the level's (calibration). */
export function tipSite(p: PreparedScan, level: TipLevel, r: Rng, scale = level.scale): TipSite {
  const { L, Hi, Wz } = p.scene.geometry;
  const g = p.scene.grid;
  const kind = THREAT_KINDS[r.int(THREAT_KINDS.length)];
  const half = threatHalfSize(kind);
  const mx = Math.min(0.45, (half.hx * scale + 5) / L), my = Math.min(0.45, (half.hy * scale + 5) / Hi);
  const fill = Math.max(0, Math.min(1, p.scene.truth.cargo.fill));
  const inGap = level.place === 'gap' && 1 - fill > 2 * mx + 0.02;
  // in the open: clear of the door frame, the roof and the floor
  const lo = inGap ? fill + mx : mx, hi = inGap ? 1 - mx - 0.03 : Math.max(mx, fill - mx);
  const ylo = inGap ? 0.15 + my : my, yhi = inGap ? 0.85 - my : 1 - my;
  // candidate centres, each with the goods' A_high along its ray (one-pixel projections)
  const cands: { x: number; y: number; a: number }[] = [];
  for (let k = 0; k < CANDIDATES; k++) {
    const x = lo + (hi - lo) * r.next(), y = ylo + Math.max(0, yhi - ylo) * r.next();
    const px = Math.floor(g.x0Px + (x * L) / g.cmPerPxX), py = Math.floor(g.floorPx - ((1 - y) * Hi) / g.cmPerPxY);
    const a = project(p.scene.solids, g, { x0: px, x1: px + 1, y0: py, y1: py + 1 }).high[0];
    cands.push({ x, y, a });
  }
  // among the goods: rays that cross some (A_high > 0.4) and not impenetrable ones
  const ok = cands.filter((c) => c.a < level.maxA && (level.place === 'gap' || c.a > 0.4));
  const pool = ok.length > 0 ? ok : cands;
  pool.sort((a, b) => a.a - b.a);
  const site = level.place === 'gap' || level.place === 'thin' ? pool[0] : level.place === 'dense' ? pool[pool.length - 1] : pool[Math.floor(pool.length / 2)];
  const angle = level.roll ? 2 * Math.PI * r.next() : (r.next() - 0.5) * 0.5;
  const threat: Threat = { kind, x: site.x, y: site.y, depth: 0.1 + 0.8 * r.next(), angle, yaw: level.yaw * r.next(), scale };
  // decoys within two threat sizes of the site: steel bits and organic packages, half and half
  const clutter: Solid[] = [];
  const cx = site.x * L, cy = (1 - site.y) * Hi;
  for (let k = 0; k < level.decoys; k++) {
    const dx = (r.next() - 0.5) * 4 * half.hx * scale, dy = (r.next() - 0.5) * 4 * half.hy * scale;
    const z0 = r.next() * (Wz - 40);
    const a = 2 * Math.PI * r.next();
    if (k % 2 === 0) {
      clutter.push({ kind: 'prism', m: 'steel', cx: cx + dx, cy: cy + dy, hx: 4 + 10 * r.next(), hy: 0.8 + 2 * r.next(), angle: a, z0, z1: z0 + 1 + 3 * r.next() });
    } else {
      clutter.push({ kind: 'prism', m: r.next() < 0.5 ? 'plastic' : 'food', cx: cx + dx, cy: cy + dy, hx: 8 + 10 * r.next(), hy: 5 + 8 * r.next(), angle: a, z0, z1: z0 + 5 + 15 * r.next(), fill: 0.5 + 0.4 * r.next() });
    }
  }
  return { threat, clutter };
}

/** The prepared scan with the site's clutter, and with the threat when `present`. */
export function withTip(p: PreparedScan, site: TipSite, present: boolean): PreparedScan {
  const scene = { ...p.scene, solids: [...p.scene.solids, ...site.clutter] };
  return { ...p, scene: present ? placeThreat(scene, site.threat) : scene };
}
