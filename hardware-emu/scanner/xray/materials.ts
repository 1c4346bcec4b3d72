/**
 * Materials a cargo X-ray sees, with the mass attenuation coefficients of a dual-energy linac
 * scanner at its two effective energies.
 *
 * Energies. A 6/3 MV dual-energy linac (the H986 family) sends alternating bremsstrahlung pulses;
 * we treat each as monoenergetic at E_LOW = 3 MeV and E_HIGH = 6 MeV (no beam hardening, no
 * scatter). What dual energy uses survives the simplification: between 3 and 6 MeV Compton
 * scattering (∝ Z/A per gram) falls for every element, pair production (∝ Z²/A) rises, so low-Z
 * matter attenuates the 3 MeV beam ~1.43× as much as the 6 MeV one, iron ~1.18×, lead <1×.
 *
 * Values. μ/ρ (cm²/g, total with coherent scattering) of the elements from the NIST X-Ray Mass
 * Attenuation Coefficients tables (J. H. Hubbell and S. M. Seltzer, NIST Standard Reference
 * Database 126, 1995/2004; the same numbers as XCOM's totals), transcribed from the tabulated
 * 3 MeV and 6 MeV rows without network access: check them against the table before quoting.
 * Compounds by the mixture rule μ/ρ = Σ wᵢ (μ/ρ)ᵢ over weight fractions; effective Z by the
 * Spiers power law Z = (Σ aᵢ Zᵢ^2.94)^(1/2.94) over electron fractions aᵢ.
 */

export const E_LOW_MEV = 3;
export const E_HIGH_MEV = 6;

interface Element {
  z: number;
  /** atomic mass, g/mol */
  a: number;
  /** μ/ρ at E_LOW and E_HIGH, cm²/g */
  low: number;
  high: number;
}

/** NIST μ/ρ at 3 and 6 MeV (Hubbell & Seltzer, transcribed). */
export const ELEMENTS = {
  H: { z: 1, a: 1.008, low: 0.06921, high: 0.04498 },
  C: { z: 6, a: 12.011, low: 0.03562, high: 0.02469 },
  N: { z: 7, a: 14.007, low: 0.03561, high: 0.02478 },
  O: { z: 8, a: 15.999, low: 0.03589, high: 0.02538 },
  Al: { z: 13, a: 26.982, low: 0.03541, high: 0.02655 },
  Si: { z: 14, a: 28.086, low: 0.03636, high: 0.02733 },
  Fe: { z: 26, a: 55.845, low: 0.03621, high: 0.03057 },
  Cu: { z: 29, a: 63.546, low: 0.03642, high: 0.03159 },
  Pb: { z: 82, a: 207.2, low: 0.04234, high: 0.04391 },
} as const satisfies Record<string, Element>;

type El = keyof typeof ELEMENTS;

export interface Material {
  name: string;
  /** density of the solid material, g/cm³ (packing of goods is a fill fraction on top) */
  density: number;
  zeff: number;
  /** μ/ρ at E_LOW and E_HIGH, cm²/g */
  muLow: number;
  muHigh: number;
}

function material(name: string, density: number, weights: Partial<Record<El, number>>): Material {
  let sum = 0;
  for (const w of Object.values(weights)) sum += w!;
  let muLow = 0, muHigh = 0, electrons = 0;
  const e: [number, number][] = [];
  for (const [el, w] of Object.entries(weights) as [El, number][]) {
    const x = ELEMENTS[el], f = w / sum;
    muLow += f * x.low;
    muHigh += f * x.high;
    const ne = (f * x.z) / x.a;
    electrons += ne;
    e.push([ne, x.z]);
  }
  let zp = 0;
  for (const [ne, z] of e) zp += (ne / electrons) * z ** 2.94;
  return { name, density, zeff: Math.round(zp ** (1 / 2.94) * 100) / 100, muLow, muHigh };
}

// weight fractions from the formulas: cellulose C6H10O5, polyethylene (CH2)n, rubber (C5H8)n,
// cocaine C17H21NO4; tobacco and food as cellulose/starch with their water; glass as SiO2,
// porcelain as mullite-like Al2O3·SiO2; air as N2/O2 (argon folded into nitrogen)
const CELLULOSE = { C: 0.4445, H: 0.0622, O: 0.4934 };
const mix = (a: Partial<Record<El, number>>, wa: number, b: Partial<Record<El, number>>): Partial<Record<El, number>> => {
  const out: Partial<Record<El, number>> = {};
  for (const [k, v] of Object.entries(a) as [El, number][]) out[k] = (out[k] ?? 0) + wa * v;
  for (const [k, v] of Object.entries(b) as [El, number][]) out[k] = (out[k] ?? 0) + (1 - wa) * v;
  return out;
};
const WATER = { H: 0.1119, O: 0.8881 };

export const MATERIALS = {
  air: material('air', 0.0012, { N: 0.768, O: 0.232 }),
  steel: material('steel', 7.85, { Fe: 1 }),
  aluminium: material('aluminium', 2.7, { Al: 1 }),
  copper: material('copper', 8.96, { Cu: 1 }),
  lead: material('lead', 11.35, { Pb: 1 }),
  water: material('water', 1.0, WATER),
  oil: material('oil', 0.88, { C: 0.8563, H: 0.1437 }),
  paper: material('paper', 0.8, CELLULOSE),
  wood: material('wood', 0.6, CELLULOSE),
  cotton: material('cotton', 1.5, CELLULOSE),
  plastic: material('plastic', 0.94, { C: 0.8563, H: 0.1437 }),
  food: material('food', 1.0, mix(CELLULOSE, 0.6, WATER)),
  tobacco: material('tobacco', 1.0, mix(CELLULOSE, 0.88, WATER)),
  glass: material('glass', 2.5, { Si: 0.4674, O: 0.5326 }),
  ceramic: material('ceramic', 2.4, { O: 0.5, Si: 0.3, Al: 0.2 }),
  rubber: material('rubber', 1.15, { C: 0.8816, H: 0.1184 }),
  narcotic: material('narcotic', 1.2, { C: 0.6731, H: 0.0698, N: 0.0462, O: 0.211 }),
} as const satisfies Record<string, Material>;

export type MaterialName = keyof typeof MATERIALS;

/**
 * Dual-energy ratio R = μ(E_LOW)/μ(E_HIGH) = ln T_low / ln T_high for one material: independent
 * of thickness in this monoenergetic model, so a pixel's R names its material class.
 */
export function dualRatio(m: Material): number {
  return m.muLow / m.muHigh;
}
