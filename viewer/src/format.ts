/** Small text formatters shared by the overlay, controls and panel. */

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Simulated clock "day D HH:MM" (day 1 starts at t = 0). */
export function clockText(t: number): string {
  const s = Math.max(0, Math.floor(t));
  const day = Math.floor(s / 86400) + 1;
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `day ${day} ${pad(h)}:${pad(m)}`;
}

/** A duration in s as "1 h 05 min", "12 min", "40 s". */
export function durationText(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 0) s = 0;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${pad(m % 60)} min`;
}

export function ordinal(n: number): string {
  const v = n % 100;
  if (v >= 11 && v <= 13) return `${n}th`;
  switch (n % 10) {
    case 1: return `${n}st`;
    case 2: return `${n}nd`;
    case 3: return `${n}rd`;
    default: return `${n}th`;
  }
}

export function numText(v: number, digits = 0): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '—';
}

/** Escape text for innerHTML templates. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
