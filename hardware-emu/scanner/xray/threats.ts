/**
 * Threats as solids, at their real size: a steel pistol, a rifle, bricks of an organic powder
 * (cocaine- or heroin-like), master cases of cigarettes, undeclared metal goods. They are added to
 * the scene like any other solid, so a threat among goods multiplies the transmission of what is
 * in front of and behind it: never pasted over the picture.
 *
 * Placement: centre in the x–y plane (cm), depth across the width, a roll `angle` in the image
 * plane and a `yaw` about the vertical axis (a flat object turned towards edge-on: narrower in the
 * picture, thicker along the beam, as a slab of thickness t seen at yaw θ is t / cos θ deep).
 */
import type { MaterialName } from './materials.js';
import type { Solid } from './solids.js';

export const THREAT_MODELS = ['pistol', 'rifle', 'narcotics', 'cigarettes', 'metal-goods'] as const;
export type ThreatModel = (typeof THREAT_MODELS)[number];

/** Older names of the projected threats. */
export function threatModelOf(kind: string): ThreatModel {
  if ((THREAT_MODELS as readonly string[]).includes(kind)) return kind as ThreatModel;
  if (kind.startsWith('w')) return 'pistol';
  if (kind.startsWith('n')) return 'narcotics';
  throw new RangeError(`unknown threat kind '${kind}': one of ${THREAT_MODELS.join(', ')}`);
}

interface Part { m: MaterialName; x: number; y: number; hx: number; hy: number; a?: number; t: number; fill?: number; ring?: number }

const PARTS: Record<ThreatModel, Part[]> = {
  // ~20 × 14 cm, 3 cm thick: slide with barrel, frame and grip with a loaded magazine, trigger guard
  pistol: [
    { m: 'steel', x: 2, y: 4, hx: 9.5, hy: 1.7, t: 2.6, fill: 0.8 },
    { m: 'steel', x: 3, y: 4, hx: 8, hy: 0.6, t: 1.2 },
    { m: 'steel', x: -4.5, y: -3, hx: 1.7, hy: 5.5, a: -0.3, t: 3.0, fill: 0.4 },
    { m: 'steel', x: -4.3, y: -3, hx: 1.0, hy: 5, a: -0.3, t: 2.2, fill: 0.35 },
    { m: 'steel', x: 0.5, y: -0.5, hx: 2.3, hy: 2.3, t: 1, ring: 1.7 },
  ],
  // ~95 × 22 cm
  rifle: [
    { m: 'steel', x: 20, y: 3, hx: 28, hy: 1.1, t: 2.2 },
    { m: 'steel', x: -8, y: 2, hx: 14, hy: 3.5, t: 3.5, fill: 0.5 },
    { m: 'steel', x: -2, y: -7, hx: 2, hy: 7, a: 0.25, t: 2.5, fill: 0.45 },
    { m: 'wood', x: -33, y: -1, hx: 13, hy: 5, a: 0.12, t: 4 },
    { m: 'plastic', x: -15, y: -6, hx: 1.8, hy: 5, a: -0.3, t: 3 },
  ],
  // six 1 kg bricks (22 × 14 × 4.5 cm) in two layers along the beam, taped (about 12 kg)
  narcotics: [-1, 0, 1].flatMap((i) => [-1, 1].map((j): Part => ({ m: 'narcotic', x: i * 23, y: j * 7.5, hx: 11, hy: 7, t: 9, fill: 0.8 }))),
  // four master cases of cigarettes
  cigarettes: [-1, 1].flatMap((i) => [-1, 1].map((j): Part => ({ m: 'tobacco', x: i * 29, y: j * 19, hx: 28, hy: 18.5, t: 90, fill: 0.12 }))),
  // a carton of steel parts beside a small bundle of copper cathode sheets
  'metal-goods': [
    { m: 'steel', x: -18, y: 0, hx: 18, hy: 14, t: 30, fill: 0.12 },
    { m: 'copper', x: 20, y: -9, hx: 16, hy: 3, t: 10, fill: 0.9 },
  ],
};

export interface ThreatPlacement {
  /** centre in container cm (x along, y up from the floor) and depth (z of the centre) */
  cx: number;
  cy: number;
  cz: number;
  angle: number;
  yaw: number;
  /** size factor on the real object in all three dimensions (1 = real size) */
  scale: number;
}

/** The threat's solids at `p`. */
export function threatSolids(model: ThreatModel, p: ThreatPlacement): Solid[] {
  const c = Math.cos(p.angle), s = Math.sin(p.angle), cy = Math.cos(p.yaw), sy = Math.abs(Math.sin(p.yaw));
  return PARTS[model].map((q): Solid => {
    const lx = q.x * p.scale * cy, ly = q.y * p.scale;
    const hx = q.hx * p.scale * cy + (q.t * sy) / 2, hy = q.hy * p.scale;
    // depth along the beam: the slab's thickness seen obliquely, at most its width
    const qt = q.t * p.scale;
    const t = Math.min(qt / Math.max(0.05, cy), qt * cy + 2 * q.hx * p.scale * sy);
    const cx = p.cx + lx * c - ly * s, cyy = p.cy + lx * s + ly * c;
    const z0 = p.cz - t / 2, z1 = p.cz + t / 2;
    if (q.ring !== undefined) return { kind: 'cylZ', m: q.m, cx, cy: cyy, r: q.hx * p.scale, ri: q.ring * p.scale, z0, z1, fill: q.fill ?? 1 };
    return { kind: 'prism', m: q.m, cx, cy: cyy, hx, hy, angle: p.angle + (q.a ?? 0), z0, z1, fill: q.fill ?? 1 };
  });
}

/** Half the extent of the real object (cm), for placing it inside a space. */
export function threatHalfSize(model: ThreatModel): { hx: number; hy: number } {
  let hx = 0, hy = 0;
  for (const q of PARTS[model]) {
    hx = Math.max(hx, Math.abs(q.x) + q.hx);
    hy = Math.max(hy, Math.abs(q.y) + q.hy);
  }
  return { hx, hy };
}
