/**
 * NMEA 0183 GGA and RMC sentences: `$` + talker + formatter, comma fields, `*hh` XOR checksum, CR LF, at most
 * 82 characters. Numeric fields stay strings: their precision ("4807.038" vs "4807.0380") is part of what a
 * receiver sends, so keeping the text makes decode/encode exact; nmeaDegrees converts coordinates.
 */
import { DecodeError, guarded, type Codec } from '../codec.js';

const FORMAT = 'nmea';
const MAX_LENGTH = 82;

type Hemi<A extends string, B extends string> = '' | A | B;
interface Position { latitude: string; latHemisphere: Hemi<'N', 'S'>; longitude: string; lonHemisphere: Hemi<'E', 'W'> }

export interface NmeaGga extends Position {
  sentence: 'GGA';
  /** two letters: GP GPS, GN multi-GNSS, GL GLONASS, ... */
  talker: string;
  /** hhmmss[.sss] UTC, or empty */ time: string;
  /** 0 invalid, 1 GPS, 2 DGPS, 3 PPS, 4 RTK, 5 float RTK, 6 estimated, 7 manual, 8 simulation */ quality: number;
  satellites: string; hdop: string;
  altitude: string; altitudeUnit: '' | 'M';
  geoidSeparation: string; geoidUnit: '' | 'M';
  dgpsAge: string; dgpsStation: string;
}
export interface NmeaRmc extends Position {
  sentence: 'RMC';
  talker: string; time: string;
  /** A active, V void */ status: 'A' | 'V';
  speedKnots: string; course: string;
  /** ddmmyy, or empty */ date: string;
  magneticVariation: string; magneticDirection: Hemi<'E', 'W'>;
  /** NMEA 2.3 mode indicator; absent in older sentences (12 fields instead of 13) */
  mode?: 'A' | 'D' | 'E' | 'M' | 'S' | 'N';
}
export type NmeaSentence = NmeaGga | NmeaRmc;

const DEC = /^\d+(\.\d+)?$/;
const SIGNED = /^-?\d+(\.\d+)?$/;
const opt = (re: RegExp) => (s: string) => s === '' || re.test(s);

/** checks of each field: a name and a test; the first failing one is the decode error */
function problems(s: NmeaSentence): string | undefined {
  const checks: [string, boolean][] = [
    ['talker', /^[A-Z]{2}$/.test(s.talker)],
    ['time', opt(/^([01]\d|2[0-3])[0-5]\d[0-5]\d(\.\d{1,3})?$/)(s.time)],
    ['latitude', s.latitude === '' || coordOk(s.latitude, 2, 90)],
    ['latitude hemisphere', (s.latitude === '') === (s.latHemisphere === '') && ['', 'N', 'S'].includes(s.latHemisphere)],
    ['longitude', s.longitude === '' || coordOk(s.longitude, 3, 180)],
    ['longitude hemisphere', (s.longitude === '') === (s.lonHemisphere === '') && ['', 'E', 'W'].includes(s.lonHemisphere)],
  ];
  if (s.sentence === 'GGA') {
    checks.push(
      ['quality', Number.isInteger(s.quality) && s.quality >= 0 && s.quality <= 8],
      ['satellites', opt(/^\d{1,2}$/)(s.satellites)], ['hdop', opt(DEC)(s.hdop)],
      ['altitude', opt(SIGNED)(s.altitude)], ['altitude unit', ['', 'M'].includes(s.altitudeUnit)],
      ['geoid separation', opt(SIGNED)(s.geoidSeparation)], ['geoid unit', ['', 'M'].includes(s.geoidUnit)],
      ['dgps age', opt(DEC)(s.dgpsAge)], ['dgps station', opt(/^\d{1,4}$/)(s.dgpsStation)],
    );
  } else {
    checks.push(
      ['status', s.status === 'A' || s.status === 'V'],
      ['speed', opt(DEC)(s.speedKnots)], ['course', opt(DEC)(s.course) && !(Number(s.course) > 360)],
      ['date', opt(/^(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d\d$/)(s.date)],
      ['magnetic variation', opt(DEC)(s.magneticVariation) && !(Number(s.magneticVariation) > 180)],
      ['magnetic direction', ['', 'E', 'W'].includes(s.magneticDirection)],
      ['mode', s.mode === undefined || ['A', 'D', 'E', 'M', 'S', 'N'].includes(s.mode)],
    );
  }
  return checks.find(([, ok]) => !ok)?.[0];
}

function coordOk(v: string, degDigits: number, max: number): boolean {
  if (!new RegExp(`^\\d{${degDigits}}[0-5]\\d(\\.\\d{1,7})?$`).test(v)) return false;
  return Number(v.slice(0, degDigits)) + Number(v.slice(degDigits)) / 60 <= max;
}

/** Signed decimal degrees of an NMEA coordinate, or undefined when the field is empty. */
export function nmeaDegrees(value: string, hemisphere: string): number | undefined {
  if (value === '') return undefined;
  const dot = value.indexOf('.');
  const degDigits = (dot < 0 ? value.length : dot) - 2;
  const deg = Number(value.slice(0, degDigits)) + Number(value.slice(degDigits)) / 60;
  return hemisphere === 'S' || hemisphere === 'W' ? -deg : deg;
}

/** XOR of the characters between `$` and `*`. */
export function nmeaChecksum(body: string): number {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x;
}

function fields(s: NmeaSentence): string[] {
  const pos = [s.latitude, s.latHemisphere, s.longitude, s.lonHemisphere];
  if (s.sentence === 'GGA') {
    return [s.time, ...pos, String(s.quality), s.satellites, s.hdop, s.altitude, s.altitudeUnit, s.geoidSeparation, s.geoidUnit, s.dgpsAge, s.dgpsStation];
  }
  return [s.time, s.status, ...pos, s.speedKnots, s.course, s.date, s.magneticVariation, s.magneticDirection, ...(s.mode === undefined ? [] : [s.mode])];
}

export function encodeNmea(s: NmeaSentence): Uint8Array {
  const bad = problems(s);
  if (bad) throw new RangeError(`NMEA ${s.sentence}: bad ${bad}`);
  const body = [`${s.talker}${s.sentence}`, ...fields(s)].join(',');
  const text = `$${body}*${nmeaChecksum(body).toString(16).toUpperCase().padStart(2, '0')}\r\n`;
  if (text.length > MAX_LENGTH) throw new RangeError(`NMEA sentence of ${text.length} characters exceeds ${MAX_LENGTH}`);
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function decode(bytes: Uint8Array): NmeaSentence {
  const fail = (problem: 'framing' | 'length' | 'checksum' | 'syntax' | 'field', msg: string, at?: number): never => { throw new DecodeError(FORMAT, problem, msg, at); };
  const n = bytes.length;
  if (n < 1 || bytes[0] !== 0x24) fail('framing', 'sentence must start with $', 0);
  if (n < 6 || bytes[n - 2] !== 0x0d || bytes[n - 1] !== 0x0a) fail('framing', 'sentence must end with CR LF', Math.max(0, n - 2));
  if (n > MAX_LENGTH) fail('length', `${n} characters, NMEA 0183 allows ${MAX_LENGTH}`);
  for (let i = 1; i < n - 2; i++) if (bytes[i] < 0x20 || bytes[i] > 0x7e) fail('syntax', 'non-printable character', i);
  const text = String.fromCharCode(...bytes.subarray(0, n - 2));
  const star = text.length - 3;
  if (text[star] !== '*') fail('framing', 'checksum must be * and two hex digits before CR LF', star);
  const hex = text.slice(star + 1);
  if (!/^[0-9A-F]{2}$/.test(hex)) fail('syntax', 'checksum must be two upper-case hex digits', star + 1);
  const body = text.slice(1, star);
  if (/[$*!\\^~]/.test(body)) fail('syntax', 'reserved character inside the sentence', 1 + body.search(/[$*!\\^~]/));
  if (nmeaChecksum(body) !== parseInt(hex, 16)) fail('checksum', `checksum ${hex} does not match ${nmeaChecksum(body).toString(16).toUpperCase().padStart(2, '0')}`, star + 1);
  const f = body.split(',');
  const address = f[0];
  if (!/^[A-Z]{2}(GGA|RMC)$/.test(address)) fail('syntax', `sentence ${JSON.stringify(address)} is not a GGA or RMC`, 1);
  const talker = address.slice(0, 2), type = address.slice(2);
  let s: NmeaSentence;
  if (type === 'GGA') {
    if (f.length !== 15) fail('syntax', `GGA has 14 fields, got ${f.length - 1}`);
    if (!/^\d$/.test(f[6])) fail('field', 'bad quality');
    s = {
      sentence: 'GGA', talker, time: f[1], latitude: f[2], latHemisphere: f[3] as NmeaGga['latHemisphere'], longitude: f[4], lonHemisphere: f[5] as NmeaGga['lonHemisphere'],
      quality: Number(f[6]), satellites: f[7], hdop: f[8], altitude: f[9], altitudeUnit: f[10] as NmeaGga['altitudeUnit'],
      geoidSeparation: f[11], geoidUnit: f[12] as NmeaGga['geoidUnit'], dgpsAge: f[13], dgpsStation: f[14],
    };
  } else {
    if (f.length !== 12 && f.length !== 13) fail('syntax', `RMC has 11 or 12 fields, got ${f.length - 1}`);
    s = {
      sentence: 'RMC', talker, time: f[1], status: f[2] as NmeaRmc['status'], latitude: f[3], latHemisphere: f[4] as NmeaRmc['latHemisphere'],
      longitude: f[5], lonHemisphere: f[6] as NmeaRmc['lonHemisphere'], speedKnots: f[7], course: f[8], date: f[9],
      magneticVariation: f[10], magneticDirection: f[11] as NmeaRmc['magneticDirection'], ...(f.length === 13 ? { mode: f[12] as NmeaRmc['mode'] } : {}),
    };
  }
  const bad = problems(s);
  if (bad) fail('field', `bad ${bad}`);
  return s;
}

export const nmea: Codec<NmeaSentence> = {
  format: FORMAT,
  encode: encodeNmea,
  decode: (bytes) => guarded(FORMAT, bytes, decode),
};
