/**
 * The trainer's Chinese names of goods, countries and units cover the whole catalog the exercises
 * draw from, by code, and a catalog description finds its name (a text not in the catalog finds none).
 */
import { describe, expect, it } from 'vitest';
import { HS_HEADINGS, ORIGINS } from '../../sim/supervision/hs-catalog.js';
import { GOODS_ZH, ORIGINS_ZH, UNITS_ZH, goodsZh, originZh, unitZh } from '../../viewer/src/train/goods-zh.js';

const CJK = /[\u3400-\u9fff]/;

describe('Chinese names of the catalog', () => {
  it('names every HS heading, country and unit of the catalog, and nothing else', () => {
    expect(Object.keys(GOODS_ZH).sort()).toEqual(HS_HEADINGS.map((h) => h.code).sort());
    expect(Object.keys(ORIGINS_ZH).sort()).toEqual(ORIGINS.map((o) => o.code).sort());
    expect(Object.keys(UNITS_ZH).sort()).toEqual([...new Set(HS_HEADINGS.map((h) => h.unit))].sort());
    for (const name of [...Object.values(GOODS_ZH), ...Object.values(ORIGINS_ZH), ...Object.values(UNITS_ZH)]) expect(name).toMatch(CJK);
  });

  it('finds a name from the English text the server sends', () => {
    const phones = HS_HEADINGS.find((h) => h.code === '851713')!;
    expect(goodsZh(phones.description)).toBe('智能手机');
    expect(originZh(ORIGINS.find((o) => o.code === 'DE')!.name)).toBe('德国');
    expect(unitZh('pair')).toBe('双');
    expect(goodsZh('Smartphones, refurbished')).toBeUndefined();
    expect(originZh('Atlantis')).toBeUndefined();
  });
});
