/**
 * Duty and import VAT on bonded goods, by HS chapter through the catalogue's duty rates.
 *
 * Processing-trade materials enter bonded: no duty or VAT is paid while they stay in the book.
 * Tax falls due when they leave the bond for the domestic market (内销补税): declared, it is
 * collected; undeclared (sold, lost, never returned from an outside processor), it is revenue at
 * stake until a check finds it. ILLUSTRATIVE FIGURES: VAT is China's standard 13 % (since 2019);
 * the exchange rate is a round number, not a quote.
 */
import { HS_HEADINGS } from './hs-catalog.js';

/** China's standard import VAT rate (most goods, since April 2019). */
export const VAT_RATE = 0.13;
/** Round exchange rate for the catalogue's USD reference prices. */
export const RMB_PER_USD = 7;

/** Duty plus import VAT on a customs value: VAT is charged on the duty-paid value. */
export function dutyAndVat(valueRmb: number, dutyRate: number): number {
  if (!(valueRmb >= 0)) throw new RangeError(`dutyAndVat: value must be >= 0, got ${valueRmb}`);
  if (!(dutyRate >= 0 && dutyRate <= 1)) throw new RangeError(`dutyAndVat: duty rate must be in [0, 1], got ${dutyRate}`);
  const duty = valueRmb * dutyRate;
  return duty + (valueRmb + duty) * VAT_RATE;
}

/** The duty rate of a six-digit HS code from the catalogue; a code it does not hold is an error. */
export function dutyRateOf(hs: string): number {
  const h = HS_HEADINGS.find((x) => x.code === hs);
  if (h === undefined) throw new RangeError(`no HS heading '${hs}' in the catalogue`);
  return h.dutyRate;
}
