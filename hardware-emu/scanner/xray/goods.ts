/**
 * Goods that look like themselves: each class of goods is built as the solids it is packed as
 * (material, packing, arrangement), so the image shows steel coils as steel coils and garments as
 * bales. A row of identical packages across the container's width is one solid as deep as the row
 * (the beam crosses them all; parallel projection makes that exact); rows at other places, and
 * the different things inside packages, overlap along the beam as they would.
 *
 * The load is built from the front wall over [x0, x1) until the goods' mass reaches the cargo's
 * weight or the space ends; packaged goods (cartons, bales, bags) that are lighter than the weight
 * are packed denser, up to twice, so a load heavier than its papers looks denser.
 */
import type { Rng } from '../../../sim/kernel/rng.js';
import type { MaterialName } from './materials.js';
import { massKg, type Solid } from './solids.js';

export const GOODS_CLASSES = [
  'steel-coils', 'steel-plate', 'machinery', 'vehicle', 'electronics', 'garments', 'drums', 'ibc', 'bottled-drinks', 'timber',
  'tyres', 'furniture', 'food-bags', 'food-cartons', 'ceramics', 'paper-rolls', 'cigarettes', 'tobacco-bales', 'plastic-pellets',
  'hardware', 'light-cartons', 'consolidated', 'empty',
] as const;
export type GoodsClass = (typeof GOODS_CLASSES)[number];

/** The goods class of an HS code (six digits, or at least the chapter's two). */
export function goodsOfHs(code: string): GoodsClass {
  const ch = Number(code.slice(0, 2)), hd = code.slice(0, 4);
  if (hd === '2402' || hd === '2403') return 'cigarettes';
  if (hd === '2401') return 'tobacco-bales';
  if (hd === '2710' || hd === '2709' || hd === '1507' || hd === '1511') return 'drums';
  if (hd === '7208' || hd === '7209' || hd === '7210' || hd === '7219') return Number(code.slice(4, 6) || '0') < 40 ? 'steel-coils' : 'steel-plate';
  if (hd === '8703' || hd === '8704' || hd === '8711') return 'vehicle';
  if (hd === '8471' || hd === '8517' || hd === '8528' || hd === '8542' || hd === '8443' || hd === '8518' || ch === 90) return 'electronics';
  if (hd === '7318' || hd === '7317' || hd === '8205') return 'hardware';
  if (hd === '4011' || hd === '4012') return 'tyres';
  if (hd === '3901' || hd === '3902' || hd === '3903' || hd === '3907' || hd === '3915') return 'plastic-pellets';
  if (ch === 72 || ch === 73) return 'steel-plate';
  if (ch === 84 || ch === 85 || ch === 86 || ch === 87 || ch === 89) return 'machinery';
  if (ch >= 50 && ch <= 63) return 'garments';
  if (ch === 22) return 'bottled-drinks';
  if (ch === 28 || ch === 29 || ch === 32 || ch === 34 || ch === 38) return 'ibc';
  if (ch === 44) return 'timber';
  if (ch === 94) return 'furniture';
  if (ch === 48 || ch === 47) return 'paper-rolls';
  if (ch === 69 || ch === 70 || ch === 68) return 'ceramics';
  if (ch === 2 || ch === 3 || ch === 4 || ch === 7 || ch === 8 || ch === 16 || ch === 20) return 'food-cartons';
  if (ch === 10 || ch === 11 || ch === 12 || ch === 17 || ch === 19 || ch === 23 || ch === 25 || ch === 31) return 'food-bags';
  if (ch === 74 || ch === 76 || ch === 82 || ch === 83) return 'hardware';
  return 'light-cartons';
}

export interface LoadSpace {
  /** interior length, height and width of the container (cm) */
  L: number;
  Hi: number;
  Wz: number;
  /** the stretch along the length the goods take (cm) */
  x0: number;
  x1: number;
  /** weight of the goods (kg) */
  targetKg: number;
}

const WZ = 235;
const u = (r: Rng, a: number, b: number) => a + (b - a) * r.next();
const box = (m: MaterialName, x0: number, x1: number, y0: number, y1: number, z0: number, z1: number, fill = 1): Solid => ({ kind: 'box', m, x0, x1, y0, y1, z0, z1, fill });

/** A carton (or crate, `wall` the board's material and thickness) with its walls edge-on and face-on; the contents go inside. */
function carton(out: Solid[], x0: number, x1: number, y0: number, y1: number, z0: number, z1: number, n = 1, wall: MaterialName = 'paper', t = 0.6, wfill = 0.25): void {
  out.push(box(wall, x0, x0 + t, y0, y1, z0, z1, wfill), box(wall, x1 - t, x1, y0, y1, z0, z1, wfill));
  out.push(box(wall, x0, x1, y0, y0 + t, z0, z1, wfill), box(wall, x0, x1, y1 - t, y1, z0, z1, wfill));
  // the two faces the beam crosses, per package in the row
  out.push(box(wall, x0 + t, x1 - t, y0 + t, y1 - t, z0, z0 + 2 * t * n, wfill));
}

/** A wooden pallet under goods (stringers seen end-on, deck boards edge-on). */
function pallet(out: Solid[], x0: number, x1: number, y0: number, z0: number, z1: number): number {
  out.push(box('wood', x0, x1, y0, y0 + 2.2, z0, z1, 0.8), box('wood', x0, x1, y0 + 12.2, y0 + 14.4, z0, z1, 0.8));
  for (const f of [0, 0.47, 0.94]) out.push(box('wood', x0 + f * (x1 - x0 - 8), x0 + f * (x1 - x0 - 8) + 8, y0 + 2.2, y0 + 12.2, z0, z1, 0.8));
  return y0 + 14.4;
}

interface Item { m: MaterialName; fill: number; w: number; h: number; d: number; shape?: 'box' | 'disc' | 'rod' }

/**
 * Cartons on the floor in columns of stacked layers: every carton holds `content` (bulk at a fill)
 * and a few `items` drawn per carton (devices, bottles, parts) at jittered places.
 */
function cartons(r: Rng, sp: LoadSpace, o: { w: [number, number]; h: [number, number]; d: number; content: MaterialName; fill: number; items?: (r: Rng) => Item[]; pallets?: boolean; topFrac?: [number, number]; wall?: MaterialName }): { solids: Solid[]; packed: Solid[] } {
  const solids: Solid[] = [], packed: Solid[] = [];
  let mass = 0;
  const n = Math.max(1, Math.floor(WZ / o.d));
  for (let x = sp.x0; x < sp.x1 - 20 && mass < sp.targetKg; ) {
    const cw = Math.min(u(r, o.w[0], o.w[1]), sp.x1 - x);
    const top = sp.Hi * u(r, ...(o.topFrac ?? [0.6, 0.95]));
    let y = o.pallets ? pallet(solids, x, x + cw, 0, 0, n * o.d) : 0;
    while (y < top - 10) {
      const ch = Math.min(u(r, o.h[0], o.h[1]), top - y);
      // two groups across the width, their contents placed differently
      for (const [z0, k] of [[0, Math.ceil(n / 2)], [Math.ceil(n / 2) * o.d, Math.floor(n / 2)]] as const) {
        if (k === 0) continue;
        const z1 = z0 + k * o.d;
        carton(solids, x, x + cw, y, y + ch, z0, z1, k, o.wall ?? 'paper');
        const c = box(o.content, x + 0.6, x + cw - 0.6, y + 0.6, y + ch - 0.6, z0, z1, o.fill * u(r, 0.85, 1.15));
        packed.push(c);
        mass += massKg(c);
        for (const it of o.items?.(r) ?? []) {
          const iw = Math.min(it.w, cw - 3), ih = Math.min(it.h, ch - 3);
          const ix = x + 1.5 + u(r, 0, cw - 3 - iw), iy = y + 1.5 + u(r, 0, ch - 3 - ih);
          const s: Solid = it.shape === 'disc' ? { kind: 'cylZ', m: it.m, cx: ix + iw / 2, cy: iy + ih / 2, r: Math.min(iw, ih) / 2, ri: 0, z0, z1: z0 + it.d * k, fill: it.fill }
            : it.shape === 'rod' ? { kind: 'cylY', m: it.m, cx: ix + iw / 2, cz: z0 + o.d / 2, r: iw / 2, ri: 0, y0: iy, y1: iy + ih, fill: it.fill * k }
            : box(it.m, ix, ix + iw, iy, iy + ih, z0, z0 + it.d * k, it.fill);
          solids.push(s);
          mass += massKg(s);
        }
      }
      y += ch;
    }
    x += cw;
  }
  return { solids, packed };
}

/** Bales (compressed fibre) or sacks, stacked, with steel straps seen edge-on. */
function bales(r: Rng, sp: LoadSpace, m: MaterialName, fill: number, size: { w: number; h: number; d: number }, straps: boolean, sack = false): { solids: Solid[]; packed: Solid[] } {
  const solids: Solid[] = [], packed: Solid[] = [];
  const n = Math.max(1, Math.floor(WZ / size.d));
  let mass = 0;
  for (let x = sp.x0; x < sp.x1 - 20 && mass < sp.targetKg; ) {
    const bw = Math.min(size.w * u(r, 0.9, 1.1), sp.x1 - x);
    const top = sp.Hi * u(r, 0.7, 0.97);
    for (let y = 0; y < top - 10; ) {
      const bh = Math.min(size.h * u(r, 0.85, 1.15), top - y);
      const f = fill * u(r, 0.85, 1.15);
      if (sack) {
        // a filled sack lying along the container: round in section, n of them across the width
        const s: Solid = { kind: 'cylX', m, cy: y + bh / 2, cz: size.d / 2, r: bh / 2, ri: 0, x0: x + 2, x1: x + bw - 2, fill: f * n * (size.d / bh) };
        packed.push(s);
        mass += massKg(s) ;
      } else {
        // layers of fibre compressed unevenly
        for (let k = 0; k < 3; k++) {
          const s = box(m, x + 1, x + bw - 1, y + (k * bh) / 3, y + ((k + 1) * bh) / 3, 0, n * size.d, f * u(r, 0.85, 1.15));
          packed.push(s);
          mass += massKg(s);
        }
        if (straps) for (const fx of [0.25, 0.75]) solids.push(box('steel', x + fx * bw, x + fx * bw + 1.6, y, y + bh, 0, n * size.d, 0.03));
      }
      y += bh;
    }
    x += bw;
  }
  return { solids, packed };
}

/** A hollow steel casing (walls `t` cm): its walls edge-on at the sides, twice `t` across the middle. */
function casing(out: Solid[], m: MaterialName, x0: number, x1: number, y0: number, y1: number, z0: number, z1: number, t: number): void {
  out.push(box(m, x0, x0 + t, y0, y1, z0, z1), box(m, x1 - t, x1, y0, y1, z0, z1));
  out.push(box(m, x0 + t, x1 - t, y0, y0 + t, z0, z1), box(m, x0 + t, x1 - t, y1 - t, y1, z0, z1));
  out.push(box(m, x0 + t, x1 - t, y0 + t, y1 - t, z0, z0 + 2 * t));
}

function steelCoils(r: Rng, sp: LoadSpace): Solid[] {
  const out: Solid[] = [];
  const ro = u(r, 55, 85), ri = 30.5, w = u(r, 90, 150);
  const one = (Math.PI * (ro * ro - ri * ri) * w * 7.85) / 1000;
  const n = Math.max(1, Math.min(3, Math.round(sp.targetKg / one)));
  const eyeToBeam = r.next() < 0.5;
  const span = eyeToBeam ? 2 * ro + 30 : w + 40;
  const start = Math.max(sp.x0, sp.L / 2 - (n * span) / 2);
  for (let i = 0; i < n; i++) {
    const cx = start + span * (i + 0.5);
    // timber cradle under the coil
    out.push(box('wood', cx - ro * 0.7, cx + ro * 0.7, 0, 15, 40, 195, 0.9));
    if (eyeToBeam) out.push({ kind: 'cylZ', m: 'steel', cx, cy: 15 + ro, r: ro, ri, z0: WZ / 2 - w / 2, z1: WZ / 2 + w / 2 });
    else out.push({ kind: 'cylX', m: 'steel', cy: 15 + ro, cz: WZ / 2, r: ro, ri, x0: cx - w / 2, x1: cx + w / 2 });
    // steel bands round the coil
    out.push(box('steel', cx - 1, cx + 1, 15, 15 + 2 * ro, WZ / 2 - 5, WZ / 2 + 5, 0.2));
  }
  return out;
}

function steelPlate(r: Rng, sp: LoadSpace): Solid[] {
  const out: Solid[] = [];
  const len = Math.min(sp.x1 - sp.x0 - 20, u(r, 500, 1100));
  const width = u(r, 150, 220), t = u(r, 1.2, 5);
  const x0 = Math.max(sp.x0 + 5, (sp.L - len) / 2);
  const z0 = (WZ - width) / 2;
  let y = 0, mass = 0;
  while (mass < sp.targetKg && y < 80) {
    // dunnage between bundles, then a bundle of plates with thin gaps
    for (const f of [0.1, 0.5, 0.9]) out.push(box('wood', x0 + f * len - 5, x0 + f * len + 5, y, y + 8, z0, z0 + width, 0.9));
    y += 8;
    const k = Math.max(1, Math.round(u(r, 3, 8)));
    for (let i = 0; i < k && mass < sp.targetKg; i++) {
      const wj = width * u(r, 0.97, 1);
      const p = box('steel', x0 + u(r, 0, 3), x0 + len - u(r, 0, 3), y, y + t, z0, z0 + wj);
      out.push(p);
      mass += massKg(p);
      y += t + 0.15;
    }
  }
  return out;
}

function machinery(r: Rng, sp: LoadSpace): Solid[] {
  const out: Solid[] = [];
  let mass = 0;
  for (let x = sp.x0 + 5; x < sp.x1 - 60 && mass < sp.targetKg; ) {
    const first = out.length;
    const cw = Math.min(u(r, 80, 180), sp.x1 - x - 5), chh = Math.min(sp.Hi - 10, u(r, 70, 200)), cd = u(r, 90, 200), z0 = u(r, 5, WZ - cd - 5);
    // crate: timber skid, board walls, and the machine in it
    out.push(box('wood', x, x + cw, 0, 12, z0, z0 + cd, 0.8));
    carton(out, x, x + cw, 12, 12 + chh, z0, z0 + cd, 1, 'wood', 2, 0.9);
    const n = 2 + r.int(4);
    for (let i = 0; i < n; i++) {
      const kind = r.int(5);
      const mw = u(r, 25, cw * 0.6), mh = u(r, 25, chh * 0.6), mx = x + u(r, 4, cw - mw - 4), my = 14 + u(r, 0, chh - mh - 4);
      const d = u(r, 30, cd * 0.85), mz = z0 + u(r, 3, cd - d - 3);
      if (kind === 0) {
        // motor or gearbox: cast housing, a steel rotor and copper windings inside
        casing(out, 'steel', mx, mx + mw, my, my + mh, mz, mz + d, u(r, 1, 3));
        const rr = Math.min(mw, mh) * 0.3;
        out.push({ kind: 'cylZ', m: 'steel', cx: mx + mw / 2, cy: my + mh / 2, r: rr, ri: 0, z0: mz + 2, z1: mz + d - 2 });
        out.push({ kind: 'cylZ', m: 'copper', cx: mx + mw / 2, cy: my + mh / 2, r: rr * 1.4, ri: rr * 1.05, z0: mz + 4, z1: mz + d * 0.7, fill: 0.5 });
      } else if (kind === 1) out.push({ kind: 'cylZ', m: 'steel', cx: mx + mw / 2, cy: my + mh / 2, r: Math.min(mw, mh) / 2, ri: Math.min(mw, mh) * u(r, 0.1, 0.3), z0: mz, z1: mz + u(r, 4, 25) }); // valve body, flange, gear
      else if (kind === 2) out.push({ kind: 'cylX', m: 'steel', cy: my + mh / 2, cz: mz + d / 2, r: u(r, 3, 10), ri: 0, x0: mx, x1: mx + mw }); // shaft
      else if (kind === 3) out.push(box('steel', mx, mx + mw, my, my + u(r, 3, 12), mz, mz + d, 1)); // base plate, frame member
      else casing(out, 'aluminium', mx, mx + mw, my, my + mh, mz, mz + d, u(r, 0.8, 2)); // cast aluminium housing
    }
    for (const s of out.slice(first)) mass += massKg(s);
    x += cw + u(r, 5, 40);
  }
  return out;
}

function vehicle(r: Rng, sp: LoadSpace): Solid[] {
  const out: Solid[] = [];
  const n = Math.max(1, Math.min(2, Math.floor((sp.x1 - sp.x0) / 470)));
  for (let i = 0; i < n; i++) {
    const x = sp.x0 + 20 + i * 480, len = u(r, 420, 460), wheelR = 32;
    // body shell (sheet steel, 0.8 mm, edge-on at its outline), cabin glass, engine block, seats, wheels
    casing(out, 'steel', x, x + len, wheelR, wheelR + 70, 30, 205, 0.08);
    casing(out, 'steel', x + len * 0.3, x + len * 0.75, wheelR + 70, wheelR + 130, 35, 200, 0.08);
    out.push(box('glass', x + len * 0.3, x + len * 0.75, wheelR + 72, wheelR + 128, 35, 37, 1));
    out.push(box('steel', x + len * 0.06, x + len * 0.22, wheelR + 10, wheelR + 62, 80, 140, 0.45));
    out.push(box('plastic', x + len * 0.35, x + len * 0.7, wheelR + 20, wheelR + 80, 50, 185, 0.08));
    for (const wx of [x + len * 0.17, x + len * 0.8]) {
      out.push({ kind: 'cylZ', m: 'rubber', cx: wx, cy: wheelR, r: wheelR, ri: 19, z0: 30, z1: 30 + 2 * 20, fill: 0.35 });
      out.push({ kind: 'cylZ', m: 'aluminium', cx: wx, cy: wheelR, r: 19, ri: 4, z0: 30, z1: 30 + 2 * 18, fill: 0.15 });
    }
    void r;
  }
  return out;
}

function drums(r: Rng, sp: LoadSpace, liquid: MaterialName): Solid[] {
  const out: Solid[] = [];
  const R = 29, h = 88, perRow = 4;
  let mass = 0;
  for (let x = sp.x0 + 2; x < sp.x1 - 2 * R && mass < sp.targetKg; x += 2 * R + 2) {
    const tiers = sp.Hi > 2 * (h + 15) + 5 && r.next() < 0.8 ? 2 : 1;
    let y = pallet(out, x - 2, x + 2 * R + 2, 0, 0, WZ);
    for (let t = 0; t < tiers && mass < sp.targetKg; t++) {
      const fillH = h * u(r, 0.85, 0.95);
      // four drums across the width: their shells and contents project on the same columns
      out.push({ kind: 'cylY', m: 'steel', cx: x + R, cz: WZ / 2, r: R, ri: R - 0.12, y0: y, y1: y + h, fill: perRow });
      const c: Solid = { kind: 'cylY', m: liquid, cx: x + R, cz: WZ / 2, r: R - 0.12, ri: 0, y0: y + 0.5, y1: y + 0.5 + fillH, fill: perRow };
      out.push(c);
      out.push({ kind: 'cylY', m: 'steel', cx: x + R, cz: WZ / 2, r: R, ri: 0, y0: y, y1: y + 0.5, fill: perRow * 0.25 });
      out.push({ kind: 'cylY', m: 'steel', cx: x + R, cz: WZ / 2, r: R, ri: 0, y0: y + h - 0.5, y1: y + h, fill: perRow * 0.25 });
      for (const ry of [h * 0.33, h * 0.66]) out.push({ kind: 'cylY', m: 'steel', cx: x + R, cz: WZ / 2, r: R + 0.8, ri: R, y0: y + ry, y1: y + ry + 1.5, fill: perRow });
      mass += massKg(c) + 18 * perRow;
      y += h + (tiers > 1 ? 15 : 0);
      if (t === 0 && tiers > 1) y = pallet(out, x - 2, x + 2 * R + 2, y - 15, 0, WZ);
    }
  }
  return out;
}

function ibc(r: Rng, sp: LoadSpace): Solid[] {
  const out: Solid[] = [];
  let mass = 0;
  for (let x = sp.x0 + 2; x < sp.x1 - 120 && mass < sp.targetKg; x += 122) {
    const y0 = 15;
    out.push(box('steel', x, x + 120, 0, 15, 0, 200, 0.04)); // steel-framed pallet
    const level = u(r, 0.7, 0.95) * 100;
    const c = box(r.next() < 0.5 ? 'water' : 'oil', x + 3, x + 117, y0 + 2, y0 + 2 + level, 2, 198, 1);
    out.push(c, box('plastic', x + 2, x + 118, y0, y0 + 106, 0, 200, 0.02));
    // the cage: vertical and horizontal tubes on the two faces the beam crosses
    for (let k = 0; k <= 6; k++) out.push(box('steel', x + k * 19.5, x + k * 19.5 + 2, y0, y0 + 110, 0, 0.6, 1));
    for (let k = 0; k <= 4; k++) out.push(box('steel', x, x + 120, y0 + k * 27, y0 + k * 27 + 2, 0, 0.6, 1));
    mass += massKg(c);
  }
  void sp;
  return out;
}

function paperRolls(r: Rng, sp: LoadSpace): Solid[] {
  const out: Solid[] = [];
  const R = u(r, 40, 60), h = u(r, 90, 140);
  const lying = r.next() < 0.35;
  let mass = 0;
  if (lying) {
    for (let x = sp.x0; x < sp.x1 - 50 && mass < sp.targetKg; x += h + 4)
      for (let y = 0; y + 2 * R < sp.Hi && mass < sp.targetKg; y += 2 * R) {
        const s: Solid = { kind: 'cylX', m: 'paper', cy: y + R, cz: WZ / 2, r: R, ri: 5, x0: x, x1: x + h, fill: 0.95 * Math.floor(WZ / (2 * R)) };
        out.push(s);
        mass += massKg(s);
      }
  } else {
    const tiers = Math.max(1, Math.floor((sp.Hi - 10) / h));
    for (let x = sp.x0; x < sp.x1 - 2 * R && mass < sp.targetKg; x += 2 * R + 1)
      for (let t = 0; t < tiers && mass < sp.targetKg; t++) {
        const s: Solid = { kind: 'cylY', m: 'paper', cx: x + R, cz: WZ / 2, r: R, ri: 5, y0: t * h, y1: (t + 1) * h - 1, fill: 0.95 * Math.floor(WZ / (2 * R)) };
        out.push(s);
        mass += massKg(s);
      }
  }
  return out;
}

function timber(r: Rng, sp: LoadSpace): Solid[] {
  const out: Solid[] = [];
  const len = Math.min(sp.x1 - sp.x0 - 10, u(r, 360, 600));
  const boardT = u(r, 2.5, 7.5);
  const dense = r.next() < 0.2 ? 1.4 : 1; // hardwood bundles weigh more
  let mass = 0;
  for (let x = sp.x0 + 3; x + 100 < sp.x1 && mass < sp.targetKg; x += len + 8) {
    const l = Math.min(len, sp.x1 - x - 3);
    for (let b = 0; b < 2 && mass < sp.targetKg; b++) {
      let y = b * 115;
      for (const f of [0.05, 0.5, 0.95]) out.push(box('wood', x + f * (l - 8), x + f * (l - 8) + 8, y, y + 8, 0, WZ, 0.8));
      y += 8;
      for (let k = 0; k < Math.floor(100 / boardT) && y + boardT < sp.Hi; k++) {
        const s = box('wood', x + u(r, 0, 5), x + l - u(r, 0, 5), y, y + boardT - 0.3, 2, 2 + 2 * 108, u(r, 0.88, 0.98) * dense);
        out.push(s);
        mass += massKg(s);
        y += boardT;
      }
      out.push(box('steel', x + l * 0.3, x + l * 0.3 + 1.6, b * 115, y, 0, WZ, 0.02), box('steel', x + l * 0.7, x + l * 0.7 + 1.6, b * 115, y, 0, WZ, 0.02));
    }
  }
  return out;
}

function tyres(r: Rng, sp: LoadSpace): Solid[] {
  const out: Solid[] = [];
  const R = u(r, 30, 36), ri = R - u(r, 10, 14), w = u(r, 18, 26);
  const standing = r.next() < 0.5;
  let mass = 0;
  if (standing) {
    // rows of tyres on their treads, axes along the beam: rings you see through
    const n = Math.floor(WZ / w);
    for (let x = sp.x0; x < sp.x1 - 2 * R && mass < sp.targetKg; x += 2 * R + 1)
      for (let y = 0; y + 2 * R < sp.Hi; y += 2 * R) {
        const s: Solid = { kind: 'cylZ', m: 'rubber', cx: x + R, cy: y + R, r: R, ri, z0: 0, z1: n * w, fill: 0.3 };
        out.push(s, { kind: 'cylZ', m: 'steel', cx: x + R, cy: y + R, r: R - 1, ri: R - 2.5, z0: 0, z1: n * w, fill: 0.02 });
        mass += massKg(s);
      }
  } else {
    // stacks lying flat: every tyre a short vertical ring, its sidewalls and steel belt edge-on
    const across = Math.floor(WZ / (2 * R));
    for (let x = sp.x0; x < sp.x1 - 2 * R && mass < sp.targetKg; x += 2 * R + 1)
      for (let y = 0; y + w < sp.Hi; y += w) {
        const s: Solid = { kind: 'cylY', m: 'rubber', cx: x + R, cz: WZ / 2, r: R, ri, y0: y, y1: y + w - 0.5, fill: 0.3 * across };
        out.push(s, { kind: 'cylY', m: 'steel', cx: x + R, cz: WZ / 2, r: R - 1, ri: R - 1.3, y0: y + 2, y1: y + w - 2, fill: across });
        mass += massKg(s);
      }
  }
  return out;
}

function furniture(r: Rng, sp: LoadSpace): Solid[] {
  const out: Solid[] = [];
  let mass = 0;
  for (let x = sp.x0; x < sp.x1 - 40 && mass < sp.targetKg; ) {
    const first = out.length;
    const w = Math.min(u(r, 60, 160), sp.x1 - x);
    if (r.next() < 0.6) {
      // flat-pack: boards of particle board, stacked in a carton
      const h = u(r, 20, 60);
      for (let y = 0; y + h < sp.Hi * 0.9; y += h + 1) {
        const d = u(r, 40, 90), z0 = u(r, 0, WZ - d);
        carton(out, x, x + w, y, y + h, z0, z0 + d);
        for (let k = 0; k < 4; k++) out.push(box('wood', x + 1, x + w - 1, y + 1 + k * (h / 4), y + k * (h / 4) + h / 4 - 1, z0 + 2, z0 + d - 2, 1.1));
        out.push(box('steel', x + w * u(r, 0.1, 0.8), x + w * 0.1 + 6, y + 2, y + 6, z0 + 5, z0 + 9, 0.5)); // fittings bag
      }
    } else {
      // assembled pieces: chairs and tables, legs and frames with air between
      const h = u(r, 70, 110), z0 = u(r, 0, WZ - 60);
      for (const lx of [x + 2, x + w - 6]) out.push(box('wood', lx, lx + 4, 0, h, z0, z0 + 60, 1.2));
      out.push(box('wood', x, x + w, h * 0.45, h * 0.45 + 4, z0, z0 + 60, 1.2), box('plastic', x, x + w, h * 0.45 + 4, h * 0.45 + 12, z0, z0 + 55, 0.05));
      out.push(box('wood', x + 2, x + 5, h * 0.45, h, z0, z0 + 5, 1));
    }
    for (const s of out.slice(first)) mass += massKg(s);
    x += w + 2;
  }
  return out;
}

function consolidated(r: Rng, sp: LoadSpace): Solid[] {
  // several consignments one after another: each a few metres of its own kind of goods
  const kinds: GoodsClass[] = ['light-cartons', 'electronics', 'machinery', 'drums', 'garments', 'food-bags', 'furniture', 'hardware'];
  const out: Solid[] = [];
  let x = sp.x0;
  const parts = 2 + r.int(3);
  for (let i = 0; i < parts && x < sp.x1 - 60; i++) {
    const x1 = i === parts - 1 ? sp.x1 : Math.min(sp.x1, x + (sp.x1 - sp.x0) * u(r, 0.15, 0.45));
    out.push(...buildGoods(kinds[r.int(kinds.length)], { ...sp, x0: x, x1, targetKg: sp.targetKg / parts }, r));
    x = x1 + u(r, 5, 20);
  }
  return out;
}

function electronicsItems(kind: number): (r: Rng) => Item[] {
  // monitors/TVs: a flat panel (glass and an aluminium back, steel stand); laptops: aluminium and
  // a battery; phones: many small boxes; instruments: steel parts
  if (kind === 0) return (r) => [{ m: 'glass', fill: 0.6, w: u(r, 40, 70), h: u(r, 30, 45), d: 1.2 }, { m: 'aluminium', fill: 0.5, w: 50, h: 35, d: 0.6 }, { m: 'steel', fill: 1, w: 18, h: 3, d: 18 }];
  if (kind === 1) return (r) => [{ m: 'aluminium', fill: 0.3, w: 34, h: 3, d: 24 }, { m: 'copper', fill: 0.25, w: u(r, 8, 12), h: 3, d: 8 }, { m: 'plastic', fill: 0.3, w: 10, h: 4, d: 10 }];
  if (kind === 2) return (r) => Array.from({ length: 3 }, () => ({ m: 'glass', fill: 0.35, w: 15, h: u(r, 6, 9), d: 16 }));
  return (r) => [{ m: 'steel', fill: 0.4, w: u(r, 10, 25), h: u(r, 4, 10), d: 10, shape: 'rod' }, { m: 'plastic', fill: 0.4, w: 20, h: 10, d: 15 }];
}

/** The solids of goods of class `c` in the stretch of `sp`, drawn from `r`. */
export function buildGoods(c: GoodsClass, sp: LoadSpace, r: Rng): Solid[] {
  const pack = (b: { solids: Solid[]; packed: Solid[] }) => {
    // packaged goods lighter than their weight are packed denser (up to twice)
    let m = 0;
    for (const s of b.packed) m += massKg(s);
    for (const s of b.solids) m += massKg(s);
    const k = m > 0 ? Math.min(2, Math.max(1, sp.targetKg / m)) : 1;
    return [...b.solids, ...b.packed.map((s) => ({ ...s, fill: (s.fill ?? 1) * k }))];
  };
  switch (c) {
    case 'steel-coils': return steelCoils(r, sp);
    case 'steel-plate': return steelPlate(r, sp);
    case 'machinery': return machinery(r, sp);
    case 'vehicle': return vehicle(r, sp);
    case 'electronics': {
      const kind = r.int(4);
      return pack(cartons(r, sp, { w: kind === 0 ? [70, 110] : [40, 60], h: kind === 0 ? [50, 70] : [25, 45], d: kind === 0 ? 20 : 45, content: 'plastic', fill: 0.04, items: electronicsItems(kind), pallets: true }));
    }
    case 'garments': return r.next() < 0.5 ? pack(bales(r, sp, 'cotton', 0.3, { w: 100, h: 60, d: 78 }, true)) : pack(cartons(r, sp, { w: [50, 65], h: [35, 45], d: 40, content: 'cotton', fill: 0.18 }));
    case 'drums': return drums(r, sp, r.next() < 0.6 ? 'oil' : 'water');
    case 'ibc': return ibc(r, sp);
    case 'bottled-drinks':
      return pack(cartons(r, sp, { w: [30, 40], h: [28, 33], d: 26, content: 'paper', fill: 0.02, pallets: true, topFrac: [0.55, 0.8],
        items: (): Item[] => [...[0, 1, 2].map((): Item => ({ m: 'water', fill: 0.75, w: 8, h: 26, d: 24, shape: 'rod' })), { m: 'glass', fill: 0.12, w: 30, h: 27, d: 24 }] }));
    case 'timber': return timber(r, sp);
    case 'tyres': return tyres(r, sp);
    case 'furniture': return furniture(r, sp);
    case 'food-bags': return pack(bales(r, sp, 'food', 0.75, { w: 90, h: 18, d: 50 }, false, true));
    case 'food-cartons': return pack(cartons(r, sp, { w: [40, 60], h: [20, 30], d: 35, content: r.next() < 0.5 ? 'water' : 'food', fill: 0.55, pallets: true }));
    case 'ceramics':
      return pack(cartons(r, sp, { w: [60, 62], h: [8, 12], d: 60, content: 'ceramic', fill: 0.6, pallets: true, topFrac: [0.3, 0.45] }));
    case 'paper-rolls': return paperRolls(r, sp);
    case 'cigarettes':
      // master cases of 50 cartons: light, fine regular rows of packs
      return pack(cartons(r, sp, { w: [56, 58], h: [36, 38], d: 45, content: 'tobacco', fill: 0.12, items: () => [0, 1, 2, 3].map(() => ({ m: 'tobacco' as const, fill: 0.15, w: 52, h: 1.2, d: 44 })) }));
    case 'tobacco-bales': return pack(cartons(r, sp, { w: [114, 116], h: [70, 74], d: 75, content: 'tobacco', fill: 0.3 }));
    case 'plastic-pellets': return pack(bales(r, sp, 'plastic', 0.55, { w: 100, h: 95, d: 105 }, false, true));
    case 'hardware': return pack(cartons(r, sp, { w: [28, 34], h: [14, 18], d: 22, content: 'steel', fill: 0.22, pallets: true, topFrac: [0.3, 0.5] }));
    case 'light-cartons':
      return pack(cartons(r, sp, { w: [40, 70], h: [30, 55], d: 50, content: r.next() < 0.5 ? 'plastic' : 'rubber', fill: 0.08,
        items: (rr) => (rr.next() < 0.3 ? [{ m: 'steel', fill: 0.5, w: 4, h: 6, d: 3 }] : []) }));
    case 'consolidated': return consolidated(r, sp);
    case 'empty': return [];
  }
}
