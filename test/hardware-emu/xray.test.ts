import { describe, expect, it } from 'vitest';
import { Rng, deriveState } from '../../sim/kernel/rng.js';
import { MATERIALS, dualRatio } from '../../hardware-emu/scanner/xray/materials.js';
import { project, type Grid, type Solid } from '../../hardware-emu/scanner/xray/solids.js';
import { detect } from '../../hardware-emu/scanner/xray/detect.js';
import { CLASS_INORGANIC, CLASS_ORGANIC, materialClasses } from '../../hardware-emu/scanner/xray/display.js';
import { GOODS_CLASSES, goodsOfHs, type GoodsClass } from '../../hardware-emu/scanner/xray/goods.js';
import { encodeGreyPng, materialPngs, scanImages, type ScanInput } from '../../hardware-emu/scanner/h986.js';
import { trueGoodsOf } from '../../sim/supervision/scan-subject.js';

const rng = (seed = 'xray') => new Rng('xray', deriveState(seed, 'xray'));
/** a bare 100 × 60 px detector, 1 cm per pixel, no container */
const grid: Grid = { width: 100, height: 60, x0Px: 0, cmPerPxX: 1, floorPx: 60, cmPerPxY: 1 };
const slab = (m: Solid['m'], t: number): Solid => ({ kind: 'box', m, x0: 20, x1: 80, y0: 10, y1: 50, z0: 0, z1: t });
const inner = (a: Float32Array) => {
  const v: number[] = [];
  for (let y = 15; y < 45; y++) for (let x = 25; x < 75; x++) v.push(a[y * grid.width + x]);
  return v;
};
const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('X-ray physics', () => {
  it('the material table has the NIST shape: pair production lifts lead at 6 MeV, organics fall most, steel between', () => {
    expect(MATERIALS.water.muHigh).toBeCloseTo(0.0277, 3);
    expect(MATERIALS.steel.muLow).toBeCloseTo(0.0362, 3);
    expect(MATERIALS.lead.muHigh).toBeGreaterThan(MATERIALS.lead.muLow);
    expect(dualRatio(MATERIALS.paper)).toBeGreaterThan(1.4);
    expect(dualRatio(MATERIALS.narcotic)).toBeGreaterThan(1.4);
    expect(dualRatio(MATERIALS.steel)).toBeLessThan(1.25);
    expect(dualRatio(MATERIALS.glass)).toBeGreaterThan(1.3);
    expect(dualRatio(MATERIALS.glass)).toBeLessThan(1.4);
    expect(MATERIALS.water.zeff).toBeGreaterThan(7);
    expect(MATERIALS.water.zeff).toBeLessThan(8);
  });

  it.each([['steel', 10], ['water', 60], ['lead', 4]] as const)('Beer–Lambert: %s %d cm transmits exp(−μρt) at both energies, within the counting noise', (m, t) => {
    const mat = MATERIALS[m];
    const T = detect(project([slab(m, t)], grid), rng());
    for (const [meas, mu, n0] of [[T.low, mat.muLow, 25_000], [T.high, mat.muHigh, 60_000]] as const) {
      const expected = Math.exp(-mu * mat.density * t);
      const v = inner(meas);
      // 1500 pixels: the mean's sd is √(N)/N0/√1500 per pixel count, plus the 1 % pulse-to-pulse dose over 50 columns
      const sd = Math.sqrt(expected / n0 / v.length + (0.01 * expected) ** 2 / 50);
      expect(Math.abs(avg(v) - expected)).toBeLessThan(4 * sd);
    }
  });

  it('dual energy tells organic from metal at the same transmission', () => {
    // water and steel of equal 6 MeV attenuation (A = 2): the grey image cannot tell them apart
    const tw = 2 / (MATERIALS.water.muHigh * MATERIALS.water.density), ts = 2 / (MATERIALS.steel.muHigh * MATERIALS.steel.density);
    const w = detect(project([slab('water', tw)], grid), rng('a')), s = detect(project([slab('steel', ts)], grid), rng('b'));
    expect(Math.abs(avg(inner(w.high)) - avg(inner(s.high)))).toBeLessThan(0.003);
    const rw = avg(inner(w.low).map(Math.log)) / avg(inner(w.high).map(Math.log));
    const rs = avg(inner(s.low).map(Math.log)) / avg(inner(s.high).map(Math.log));
    expect(rw).toBeGreaterThan(1.4);
    expect(rs).toBeLessThan(1.25);
    const cw = inner(Float32Array.from(materialClasses(w))), cs = inner(Float32Array.from(materialClasses(s)));
    expect(cw.filter((c) => c === CLASS_ORGANIC).length / cw.length).toBeGreaterThan(0.99);
    expect(cs.filter((c) => c === CLASS_INORGANIC).length / cs.length).toBeGreaterThan(0.99);
  });
});

const base: ScanInput = { at: 0, containerNumber: 'MSCU1234565', sizeType: '45G1', cargo: { kind: 'empty', density: 0.6, fill: 0.9 } };

/** image statistics of the load: mean and spread of A_high, shares of organic / mixed / inorganic / impenetrable, edge density */
function features(k: GoodsClass, seed: string): number[] {
  const s = scanImages({ ...base, cargo: { kind: k, density: 0.6, fill: 0.9 } }, {}, rng(seed));
  const cls = materialClasses(s.transmission);
  const { width: w } = s;
  const a: number[] = [], share = [0, 0, 0, 0, 0];
  let edges = 0, n = 0;
  for (let y = 30; y < 225; y++)
    for (let x = 30; x < 700; x++) {
      const i = y * w + x;
      const v = -Math.log(s.transmission.high[i]);
      if (v < 0.2) continue;
      a.push(Math.min(v, 10));
      share[cls[i]]++;
      if (Math.abs(Math.log(s.transmission.high[i + 1] / s.transmission.high[i])) > 0.3) edges++;
      n++;
    }
  const m = avg(a);
  const sd = Math.sqrt(avg(a.map((x) => (x - m) ** 2)));
  return [m / 3, sd / 2, ...share.slice(1).map((c) => (2 * c) / Math.max(1, n)), (5 * edges) / Math.max(1, n), n / 100_000];
}

describe('goods that look like themselves', () => {
  it('maps HS codes to goods: cigarettes, steel plate, laptops, T-shirts, tyres, timber, furniture', () => {
    expect(['240220', '720851', '847130', '610910', '401110', '440710', '940360', '480100', '690721'].map(goodsOfHs)).toEqual(['cigarettes', 'steel-plate', 'electronics', 'garments', 'tyres', 'timber', 'furniture', 'paper-rolls', 'ceramics']);
  });

  it('misclassified goods show as what they are: cigarettes declared as leaf tobacco, cars or tyres declared as car parts', () => {
    expect(trueGoodsOf('240120', 0.5)).toBe('cigarettes');
    expect(['tyres', 'vehicle']).toContain(trueGoodsOf('870899', 0.1));
    expect(['tyres', 'vehicle']).toContain(trueGoodsOf('870899', 0.9));
    expect(trueGoodsOf('870899', 0.1)).not.toBe(trueGoodsOf('870899', 0.9));
  });

  it('a dozen goods classes are told apart by their image statistics (nearest class mean on other seeds)', () => {
    const classes = GOODS_CLASSES.filter((c) => c !== 'empty' && c !== 'consolidated');
    expect(classes.length).toBeGreaterThanOrEqual(12);
    const means = classes.map((c) => {
      const f = [features(c, 't1'), features(c, 't2')];
      return f[0].map((_, j) => (f[0][j] + f[1][j]) / 2);
    });
    let right = 0;
    const wrong: string[] = [];
    for (const [i, c] of classes.entries()) {
      const f = features(c, 'held-out');
      const d = means.map((m) => m.reduce((s, v, j) => s + (v - f[j]) ** 2, 0));
      const best = d.indexOf(Math.min(...d));
      if (best === i) right++;
      else wrong.push(`${c}→${classes[best]}`);
    }
    expect(right / classes.length, wrong.join(', ')).toBeGreaterThanOrEqual(0.75);
  }, 120_000);

  it('a threat adds attenuation: the image with it is never lighter than without (same seed), and darker where it is', () => {
    for (const kind of ['pistol', 'narcotics', 'rifle'] as const) {
      const input: ScanInput = { ...base, cargo: { kind: 'garments', density: 0.5, fill: 0.9 } };
      const a = scanImages({ ...input, threat: { kind, x: 0.4, y: 0.5, depth: 0.3, angle: 0.7 } }, {}, rng());
      const b = scanImages(input, {}, rng());
      let lighter = 0, darker = 0;
      for (let i = 0; i < a.grey.length; i++) {
        if (a.transmission.high[i] > b.transmission.high[i]) lighter++;
        if (a.transmission.high[i] < b.transmission.high[i]) darker++;
      }
      expect(lighter, kind).toBe(0);
      expect(darker, kind).toBeGreaterThan(50);
    }
  });

  it('is deterministic: the same seed gives the same grey and colour bytes, another seed other ones', () => {
    const input: ScanInput = { ...base, cargo: { kind: 'consolidated', density: 0.5, fill: 0.8 }, threat: { kind: 'pistol', x: 0.3, y: 0.5 } };
    const one = scanImages(input, {}, rng()), two = scanImages(input, {}, rng()), other = scanImages(input, {}, rng('other'));
    const png = (s: typeof one) => Buffer.from(encodeGreyPng(s.grey, s.width, s.height));
    expect(png(one).equals(png(two))).toBe(true);
    expect(Buffer.from(materialPngs(one).material).equals(Buffer.from(materialPngs(two).material))).toBe(true);
    expect(png(one).equals(png(other))).toBe(false);
  });
});
