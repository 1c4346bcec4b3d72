/**
 * The container and the trailer under it as solids, and where they sit in the image.
 *
 * ISO 6346 size code: first character '2' a 20-ft box (606 cm outside, 590 inside), else 40 ft
 * (1219 / 1203 cm); second character '5' a high cube (290 cm outside, 270 inside), else 259 / 239.
 * Inside width 235 cm. Steel: 1.6–2 mm corrugated walls, a corrugated front wall and two door
 * leaves (seen edge-on, the beam runs along them: dark columns), top and bottom side rails, floor
 * cross-members every 30 cm under a 28 mm hardwood floor, corner posts and castings; under the
 * box, the trailer's chassis beams and wheels.
 */
import type { Solid, Grid } from './solids.js';
import type { MaterialName } from './materials.js';

export interface Geometry {
  /** interior length, height, width (cm) */
  L: number;
  Hi: number;
  Wz: number;
  /** outer length and height (cm) */
  Lx: number;
  Hx: number;
}

/** Pixel layout of the box in the image (as the old drawing had it): columns and rows of its outline. */
export interface Layout { cx0: number; cx1: number; top: number; bottom: number }

const FLOOR = 15; // bottom side rail to the floor's top, cm
const ROOF = 5;

export function geometryOf(sizeType: string): Geometry {
  const twenty = sizeType.startsWith('2');
  const high = sizeType[1] === '5';
  const Lx = twenty ? 606 : 1219, Hx = high ? 290 : 259;
  return { Lx, Hx, L: Lx - 16, Hi: Hx - FLOOR - ROOF, Wz: 235 };
}

/** Image width: 800 px for a 40/45-ft box, 400 px for a 20-ft one (first ISO 6346 size code digit). */
export function scanWidth(sizeType: string): number {
  return sizeType.startsWith('2') ? 400 : 800;
}

export function layoutOf(width: number, height: number): Layout {
  const cx0 = Math.round(width * 0.03);
  return { cx0, cx1: width - cx0, top: Math.round(height * 0.07), bottom: Math.round(height * 0.8) };
}

export function gridOf(g: Geometry, width: number, height: number): Grid {
  const l = layoutOf(width, height);
  const cmPerPxX = g.Lx / (l.cx1 - l.cx0), cmPerPxY = g.Hx / (l.bottom - l.top);
  return { width, height, cmPerPxX, cmPerPxY, x0Px: l.cx0 + 8 / cmPerPxX, floorPx: l.bottom - FLOOR / cmPerPxY };
}

const box = (m: MaterialName, x0: number, x1: number, y0: number, y1: number, depth: number, fill = 1): Solid => ({ kind: 'box', m, x0, x1, y0, y1, z0: 0, z1: depth, fill });

export function containerSolids(g: Geometry): Solid[] {
  const { L, Hi, Wz } = g;
  const out: Solid[] = [];
  // the two side walls, and the flanks of their corrugations (the sheet crossed at a slant)
  out.push(box('steel', -8, L + 8, -FLOOR, Hi + ROOF, 0.4));
  for (let x = 0; x < L; x += 27.8) out.push(box('steel', x, x + 6, -FLOOR, Hi, 0.16), box('steel', x + 14, x + 20, -FLOOR, Hi, 0.16));
  // roof sheet and top side rails; bottom side rails, floor, cross-members
  out.push(box('steel', 0, L, Hi + 1, Hi + 3, Wz, 0.1));
  out.push(box('steel', -8, L + 8, Hi, Hi + ROOF, 2.4));
  out.push(box('steel', -8, L + 8, -FLOOR, 0, 2));
  out.push(box('wood', 0, L, -2.8, 0, Wz, 1.15));
  for (let x = 15; x < L - 10; x += 30) out.push(box('steel', x, x + 4.5, -FLOOR, -2.8, Wz, 0.1));
  // front wall and door leaves edge-on, corner posts, door locking bars, corner castings
  out.push(box('steel', -3, 0, 0, Hi, Wz, 0.07), box('steel', L, L + 3, 0, Hi, Wz, 0.09));
  out.push(box('steel', -8, -3, -FLOOR, Hi + ROOF, 3), box('steel', L + 3, L + 8, -FLOOR, Hi + ROOF, 3));
  out.push(box('steel', L + 4, L + 7, 0, Hi, 8.5));
  for (const [x0, y0] of [[-8, -FLOOR], [L - 10, -FLOOR], [-8, Hi + ROOF - 12], [L - 10, Hi + ROOF - 12]]) out.push(box('steel', x0, x0 + 18, y0, y0 + 12, 12));
  // trailer: two chassis beams (webs across, flanges along the beam), wheels (tyres, rims, hubs)
  out.push(box('steel', 40, L - 10, -40, -17, 2), box('steel', 40, L - 10, -19.5, -17, 30), box('steel', 40, L - 10, -40, -37.5, 30));
  const axles = L > 1000 ? [L - 89, L - 162, L - 235, 186] : [L - 64, L - 137, 105];
  for (const ax of axles) {
    out.push({ kind: 'cylZ', m: 'rubber', cx: ax, cy: -62, r: 30, ri: 18, z0: 0, z1: 12 });
    out.push({ kind: 'cylZ', m: 'rubber', cx: ax, cy: -62, r: 30, ri: 26, z0: 0, z1: 60, fill: 0.3 });
    out.push({ kind: 'cylZ', m: 'steel', cx: ax, cy: -62, r: 18, ri: 7, z0: 0, z1: 3.2 });
    out.push({ kind: 'cylZ', m: 'steel', cx: ax, cy: -62, r: 7, ri: 0, z0: 0, z1: 30 });
  }
  return out;
}
