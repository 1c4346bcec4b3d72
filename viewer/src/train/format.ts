/** Number, date and clock formatting in the UI language's locale; null (no trial) shows as a dash. */
import { locale } from './i18n.js';

const DASH = '—';

export function num(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return v.toLocaleString(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function pct(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return v.toLocaleString(locale(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function kg(v: number | null | undefined): string {
  return v === null || v === undefined ? DASH : `${num(v)} kg`;
}

export function dateTime(iso: string | null): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale(), { dateStyle: 'short', timeStyle: 'short' });
}

/** Scenario clock as hh:mm; runs longer than a day get a day prefix (d2 07:15) so times stay unambiguous. */
export function clock(scenarioS: number): string {
  const total = Math.max(0, Math.floor(scenarioS / 60));
  const day = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  const hm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return day > 0 ? `d${day + 1} ${hm}` : hm;
}

export function seconds(s: number): string {
  return num(s, 1);
}
