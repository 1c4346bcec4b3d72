/**
 * Engineering values of decoded frames, for people reading them (`ctwin decode`). Wires carry scaled
 * integers and local conventions: JT/T 808 latitude in 1e-6 degrees with the hemisphere in a status
 * bit, speed in 0.1 km/h, time as BCD in GMT+8; NMEA ddmm.mmmm, knots, hhmmss + ddmmyy; a weighbridge's
 * sign flag and pounds; N42 counts per time slice. Beside each such wire value goes its value in plain
 * units (`lat_deg`, `speed_kmh`, `time_utc`, `weight_kg`, `gamma_cps` …), right after the wire key, so
 * both read side by side. The frame's own fields stay as decoded: these are additions, never edits.
 * A value the wire leaves empty or that is not a real date is null. Formats whose fields are already
 * plain units (container OCR and RFID: ISO UTC timestamps, dBm, 0..1 confidences) or identifiers
 * (ISO 6346, GATHER_INFO, barrier) get nothing.
 */
import { GT06_UNITS_PER_DEGREE, Jt808StatusBit, nmeaDegrees, type Gt06Frame, type Gt06Time, type Jt808Frame, type Jt808Location, type NmeaSentence } from './gps-eseal/index.js';
import type { MettlerToledoFrame } from './weighbridge/mettler-toledo.js';
import type { Xk3190Frame } from './weighbridge/xk3190.js';
import type { N42Frame } from './radiation/n42.js';
import type { AnprAlert } from './anpr/anpr-xml.js';
import type { AnprMultipart } from './anpr/multipart.js';

/** international knot, exactly */
export const KMH_PER_KNOT = 1.852;
/** international avoirdupois pound, exactly */
export const KG_PER_LB = 0.45359237;
/** JT/T 808 terminals report Beijing time */
const JT808_UTC_OFFSET_H = 8;

/** Rounds away float noise (48 + 7.038/60 = 48.117299999…) far below any wire's resolution. */
const tidy = (x: number, decimals: number): number => {
  const r = Math.round(x * 10 ** decimals) / 10 ** decimals;
  return r === 0 ? 0 : r; // no -0 in JSON
};

/** `o` with `add[k]`'s entries inserted right after key `k`, every key keeping its order. */
function beside<T extends object>(o: T, add: Partial<Record<keyof T, Record<string, unknown>>>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    out[k] = v;
    Object.assign(out, add[k as keyof T]);
  }
  return out as T;
}

/** ISO 8601 UTC of epoch milliseconds, with the fractional digits the source had (0–3). */
function isoUtc(ms: number, fractionDigits: number): string {
  const s = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return fractionDigits === 0 ? `${s.slice(0, 19)}Z` : `${s.slice(0, 20 + Math.min(fractionDigits, 3))}Z`;
}

/** Epoch milliseconds of a calendar date and time, or null when it is not a real one (31 Feb, hour 24). */
function realUtc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const t = new Date(ms);
  const same = t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === s;
  return same ? ms : null;
}

/** JT/T 808 BCD time YYMMDDhhmmss (GMT+8, years 2000–2099) as ISO 8601 UTC, or null when it is no real time (all zeros: no fix yet). */
export function jt808TimeUtc(bcd: string): string | null {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(bcd);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const local = realUtc(2000 + y, mo, d, h, mi, s);
  return local === null ? null : isoUtc(local - JT808_UTC_OFFSET_H * 3_600_000, 0);
}

/** Signed decimal degrees of a JT/T 808 location (south and west negative), or null when the terminal says they are encrypted. */
export function jt808Degrees(b: Pick<Jt808Location, 'latitude' | 'longitude' | 'status'>): { lat_deg: number | null; lon_deg: number | null } {
  if ((b.status >>> Jt808StatusBit.COORDINATES_ENCRYPTED) & 1) return { lat_deg: null, lon_deg: null };
  const sign = (bitNo: number) => ((b.status >>> bitNo) & 1 ? -1 : 1);
  return { lat_deg: tidy((sign(Jt808StatusBit.SOUTH_LATITUDE) * b.latitude) / 1e6, 6), lon_deg: tidy((sign(Jt808StatusBit.WEST_LONGITUDE) * b.longitude) / 1e6, 6) };
}

/** Additional information items of JT/T 808-2013 table 27 that carry a scaled quantity. */
function jt808Extra(x: { id: number; value: Uint8Array }): Record<string, unknown> | undefined {
  const v = x.value;
  const word = v.length === 2 ? (v[0] << 8) | v[1] : undefined;
  if (x.id === 0x01 && v.length === 4) return { mileage_km: (((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0) / 10 }; // DWORD, 1/10 km
  if (x.id === 0x02 && word !== undefined) return { fuel_l: word / 10 }; // WORD, 1/10 L
  if (x.id === 0x03 && word !== undefined) return { recorder_speed_kmh: word / 10 }; // WORD, 1/10 km/h, from the tachograph
  return undefined;
}

export function jt808Values(f: Jt808Frame): Jt808Frame {
  if (f.body.kind !== 'location') return f;
  const b = f.body;
  const deg = jt808Degrees(b);
  const body = beside(b, {
    latitude: { lat_deg: deg.lat_deg }, longitude: { lon_deg: deg.lon_deg },
    altitude: { altitude_m: b.altitude }, speed: { speed_kmh: b.speed / 10 }, direction: { direction_deg: b.direction },
    time: { time_utc: jt808TimeUtc(b.time) },
  });
  body.extras = b.extras.map((x) => ({ ...x, ...jt808Extra(x) }));
  return { ...f, body };
}

/** GT06 date and time (UTC on the wire) as ISO 8601, or null when not a real date (the decoder allows day 31 in any month). */
export function gt06TimeUtc(t: Gt06Time): string | null {
  const ms = realUtc(t.year, t.month, t.day, t.hour, t.minute, t.second);
  return ms === null ? null : isoUtc(ms, 0);
}

export function gt06Values(f: Gt06Frame): Gt06Frame {
  if (f.kind !== 'location') return f;
  return beside(f, {
    time: { time_utc: gt06TimeUtc(f.time) },
    latitude: { lat_deg: tidy(((f.north ? 1 : -1) * f.latitude) / GT06_UNITS_PER_DEGREE, 9) },
    longitude: { lon_deg: tidy(((f.west ? -1 : 1) * f.longitude) / GT06_UNITS_PER_DEGREE, 9) },
    speed: { speed_kmh: f.speed }, course: { course_deg: f.course },
  });
}

/**
 * NMEA hhmmss[.s+] (and ddmmyy when the sentence has a date) as ISO 8601 UTC: a full date-time with
 * the date, a time of day (`12:35:19Z`) without. Two-digit years: 80–99 are 19xx, the rest 20xx (GPS began 1980).
 */
export function nmeaTimeUtc(time: string, date = ''): string | null {
  const t = /^(\d\d)(\d\d)(\d\d)(?:\.(\d+))?$/.exec(time);
  if (!t) return null;
  const frac = t[4] ?? '';
  if (date === '') return `${t[1]}:${t[2]}:${t[3]}${frac ? `.${frac}` : ''}Z`;
  const d = /^(\d\d)(\d\d)(\d\d)$/.exec(date);
  if (!d) return null;
  const yy = Number(d[3]);
  const ms = realUtc(yy >= 80 ? 1900 + yy : 2000 + yy, Number(d[2]), Number(d[1]), Number(t[1]), Number(t[2]), Number(t[3]));
  return ms === null ? null : isoUtc(ms + Math.round(Number(`0.${frac || '0'}`) * 1000), frac.length);
}

/** Knots (NMEA speed over ground) as km/h. */
export const knotsToKmh = (knots: number): number => tidy(knots * KMH_PER_KNOT, 6);

const numberOrNull = (s: string): number | null => (s === '' ? null : Number(s));
const degOrNull = (v: string, h: string): number | null => {
  const d = nmeaDegrees(v, h);
  return d === undefined ? null : tidy(d, 9);
};

export function nmeaValues(s: NmeaSentence): NmeaSentence {
  const pos = { latHemisphere: { lat_deg: degOrNull(s.latitude, s.latHemisphere) }, lonHemisphere: { lon_deg: degOrNull(s.longitude, s.lonHemisphere) } };
  if (s.sentence === 'GGA') return beside(s, { ...pos, time: { time_utc: nmeaTimeUtc(s.time) }, altitude: { altitude_m: numberOrNull(s.altitude) } });
  return beside(s, {
    ...pos,
    speedKnots: { speed_kmh: s.speedKnots === '' ? null : knotsToKmh(Number(s.speedKnots)) },
    course: { course_deg: numberOrNull(s.course) },
    time: { time_utc: nmeaTimeUtc(s.time, s.date) },
  });
}

/** Signed weight and tare in kilograms (pounds converted). */
export function mettlerToledoValues(f: MettlerToledoFrame): MettlerToledoFrame {
  const kg = (x: number) => tidy(f.unit === 'kg' ? x : x * KG_PER_LB, 6);
  return beside(f, { weight: { weight_kg: kg((f.negative ? -1 : 1) * f.weight) }, tare: { tare_kg: kg(f.tare) } });
}

/** The XK3190 frame carries no unit: the signed weight is in whatever the indicator is set to (kg on the gates modelled here). */
export function xk3190Values(f: Xk3190Frame): Xk3190Frame {
  return beside(f, { weight: { weight_signed: (f.negative ? -1 : 1) * f.weight } });
}

/** xs:dateTime with a zone as ISO 8601 UTC; null without one (local time of an unknown zone). */
export function isoOffsetToUtc(s: string): string | null {
  const m = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d+))?(?:Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : isoUtc(ms, (m[1] ?? '').length);
}

/** Count rates per slice: gross counts over the slice's real time. */
export function n42Values(f: N42Frame): N42Frame {
  const cps = (counts: number, s: number) => (s > 0 ? tidy(counts / s, 6) : null);
  return {
    ...f,
    measurements: f.measurements.map((m) => beside(m, {
      start: { time_utc: isoOffsetToUtc(m.start) }, gamma: { gamma_cps: cps(m.gamma, m.durationS) }, neutron: { neutron_cps: cps(m.neutron, m.durationS) },
    })),
  };
}

const anprAlertValues = (a: AnprAlert): AnprAlert => beside(a, { dateTime: { time_utc: isoOffsetToUtc(a.dateTime) } });

const BY_FORMAT: Record<string, (frame: never) => unknown> = {
  jt808: jt808Values,
  gt06: gt06Values,
  nmea: nmeaValues,
  'mettler-toledo': mettlerToledoValues,
  xk3190: xk3190Values,
  n42: n42Values,
  'anpr-xml': anprAlertValues,
  'anpr-multipart': (m: AnprMultipart) => ({ ...m, alert: anprAlertValues(m.alert) }),
};

/** A decoded frame of `format` with its engineering values beside the wire values (unchanged when it has none). */
export function withEngineeringValues(format: string, frame: unknown): unknown {
  const f = BY_FORMAT[format];
  return f ? f(frame as never) : frame;
}
