/**
 * GT06 / Concox tracker protocol, short-frame form: 0x78 0x78, length (protocol..CRC), protocol number,
 * content, information serial, CRC-ITU over length..serial, 0x0D 0x0A. Login 0x01, GPS+LBS location 0x12,
 * status (heartbeat) 0x13. Times are UTC; coordinates are unsigned 1/30000 minutes with hemisphere bits.
 */
import { DecodeError, guarded, type Codec } from '../codec.js';
import { Reader, Writer, decodeBcd, encodeBcd } from './wire.js';

const FORMAT = 'gt06';

export const Gt06Protocol = { login: 0x01, location: 0x12, status: 0x13 } as const;
/** bytes of content each protocol number carries (between protocol number and serial) */
const CONTENT_LENGTH = { 0x01: 8, 0x12: 26, 0x13: 5 } as Record<number, number>;

/** 1/30000 minute units per degree: the coordinate scale of 0x12 */
export const GT06_UNITS_PER_DEGREE = 60 * 30000;

export interface Gt06Time { year: number; month: number; day: number; hour: number; minute: number; second: number }

export interface Gt06Login { kind: 'login'; serial: number; /** 16 BCD digits: '0' + the 15-digit IMEI */ terminalId: string }
export interface Gt06Location {
  kind: 'location'; serial: number;
  time: Gt06Time;
  /** high nibble of the GPS info byte (length of the GPS block, 12 on real devices) and low nibble (satellites) */
  gpsInfoLength: number; satellites: number;
  /** unsigned, in 1/30000 minute (degrees * 1 800 000) */
  latitude: number; longitude: number;
  /** km/h */ speed: number;
  /** course/status word: bits 0-9 course, 10 north, 11 west, 12 positioned, 13 differential (0 = real-time GPS) */
  course: number; north: boolean; west: boolean; positioned: boolean; differential: boolean;
  /** bits 14-15, left 0 by the GT06 sheet; some firmwares put ACC there (Traccar: 14 = ACC known, 15 = ACC on) */
  vendorBits: number;
  lbs: { mcc: number; mnc: number; lac: number; cellId: number };
}
export interface Gt06Status {
  kind: 'status'; serial: number;
  /** bit0 defence on, 1 ACC high, 2 charging, 3-5 alarm (0 normal, 1 shock, 2 power cut, 3 low battery, 4 SOS), 6 GPS tracking on, 7 oil/electricity cut */
  terminalInfo: number;
  /** 0 (no power) .. 6 (full) */ voltageLevel: number;
  /** 0 (no signal) .. 4 (strong) */ gsmSignal: number;
  /** high byte alarm, low byte language (1 Chinese, 2 English) */ alarmLanguage: number;
}
export type Gt06Frame = Gt06Login | Gt06Location | Gt06Status;

/** CRC-ITU as GT06 uses it: CRC-16/X-25 (reflected 0x1021, init and final XOR 0xFFFF). */
export function crcItu(b: Uint8Array): number {
  let crc = 0xffff;
  for (const x of b) {
    crc ^= x;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ~crc & 0xffff;
}

function timeProblem(t: Gt06Time): string | undefined {
  if (!(t.year >= 2000 && t.year <= 2099)) return 'year must be 2000-2099';
  if (!(t.month >= 1 && t.month <= 12)) return 'month must be 1-12';
  if (!(t.day >= 1 && t.day <= 31)) return 'day must be 1-31';
  if (!(t.hour <= 23 && t.minute <= 59 && t.second <= 59)) return 'time of day out of range';
  return undefined;
}

function coordProblem(f: Pick<Gt06Location, 'latitude' | 'longitude' | 'course' | 'satellites' | 'gpsInfoLength'>): string | undefined {
  if (f.latitude > 90 * GT06_UNITS_PER_DEGREE) return 'latitude above 90 degrees';
  if (f.longitude > 180 * GT06_UNITS_PER_DEGREE) return 'longitude above 180 degrees';
  if (f.course > 359) return 'course above 359';
  return undefined;
}

function content(f: Gt06Frame): Uint8Array {
  const w = new Writer();
  switch (f.kind) {
    case 'login': w.bytes(encodeBcd(f.terminalId, 8, 'terminal id')); break;
    case 'status':
      if (((f.terminalInfo >> 3) & 7) > 4 || f.voltageLevel > 6 || f.gsmSignal > 4) throw new RangeError('status field out of range');
      w.u8(f.terminalInfo).u8(f.voltageLevel).u8(f.gsmSignal).u16(f.alarmLanguage);
      break;
    case 'location': {
      const bad = timeProblem(f.time) ?? coordProblem(f);
      if (bad) throw new RangeError(bad);
      if (f.gpsInfoLength > 15 || f.satellites > 15 || f.vendorBits > 3) throw new RangeError('nibble/bit field out of range');
      const t = f.time;
      w.u8(t.year - 2000).u8(t.month).u8(t.day).u8(t.hour).u8(t.minute).u8(t.second)
        .u8((f.gpsInfoLength << 4) | f.satellites).u32(f.latitude, 'latitude').u32(f.longitude, 'longitude').u8(f.speed, 'speed')
        .u16(f.course | (f.north ? 1 << 10 : 0) | (f.west ? 1 << 11 : 0) | (f.positioned ? 1 << 12 : 0) | (f.differential ? 1 << 13 : 0) | (f.vendorBits << 14))
        .u16(f.lbs.mcc, 'mcc').u8(f.lbs.mnc, 'mnc').u16(f.lbs.lac, 'lac').u24(f.lbs.cellId, 'cell id');
      break;
    }
  }
  return w.done();
}

export function encodeGt06(f: Gt06Frame): Uint8Array {
  const body = content(f);
  const covered = new Writer().u8(1 + body.length + 2 + 2).u8(Gt06Protocol[f.kind]).bytes(body).u16(f.serial, 'serial').done();
  return new Writer().u8(0x78).u8(0x78).bytes(covered).u16(crcItu(covered)).u8(0x0d).u8(0x0a).done();
}

function decode(bytes: Uint8Array): Gt06Frame {
  const fail = (problem: 'framing' | 'length' | 'checksum', msg: string, at?: number): never => { throw new DecodeError(FORMAT, problem, msg, at); };
  if (bytes.length < 2 || bytes[0] !== 0x78 || bytes[1] !== 0x78) fail('framing', 'frame must start with 0x78 0x78 (0x79 0x79 long frames are not supported)', 0);
  if (bytes.length < 10) fail('length', `${bytes.length} bytes is shorter than the smallest frame`);
  if (bytes[bytes.length - 2] !== 0x0d || bytes[bytes.length - 1] !== 0x0a) fail('framing', 'frame must end with 0x0D 0x0A', bytes.length - 2);
  if (bytes[2] !== bytes.length - 5) fail('length', `packet length byte says ${bytes[2]}, frame carries ${bytes.length - 5}`, 2);
  const covered = bytes.subarray(2, bytes.length - 4);
  const crc = (bytes[bytes.length - 4] << 8) | bytes[bytes.length - 3];
  if (crcItu(covered) !== crc) fail('checksum', `CRC-ITU 0x${crc.toString(16).padStart(4, '0')} does not match`, bytes.length - 4);
  const r = new Reader(FORMAT, covered, 2);
  r.u8('length');
  const protocol = r.u8('protocol number');
  const want = CONTENT_LENGTH[protocol];
  if (want === undefined) r.fail('field', `protocol number 0x${protocol.toString(16)} is not supported`, 1);
  if (r.left !== want + 2) r.fail('length', `protocol 0x${protocol.toString(16)} carries ${want} content bytes, frame has ${r.left - 2}`, 1);
  const c = new Reader(FORMAT, r.take(want, 'content'), 4);
  const serial = r.u16('serial');
  if (protocol === Gt06Protocol.login) return { kind: 'login', serial, terminalId: decodeBcd(c, 8, 'terminal id') };
  if (protocol === Gt06Protocol.status) {
    const f: Gt06Status = { kind: 'status', serial, terminalInfo: c.u8('terminal info'), voltageLevel: c.u8('voltage level'), gsmSignal: c.u8('gsm signal'), alarmLanguage: c.u16('alarm/language') };
    if (((f.terminalInfo >> 3) & 7) > 4) c.fail('field', 'terminal info alarm code above 4', 0);
    if (f.voltageLevel > 6) c.fail('field', 'voltage level above 6', 1);
    if (f.gsmSignal > 4) c.fail('field', 'GSM signal strength above 4', 2);
    return f;
  }
  const time: Gt06Time = { year: 2000 + c.u8('year'), month: c.u8('month'), day: c.u8('day'), hour: c.u8('hour'), minute: c.u8('minute'), second: c.u8('second') };
  const tp = timeProblem(time);
  if (tp) c.fail('field', tp, 0);
  const info = c.u8('gps info');
  const latitude = c.u32('latitude'), longitude = c.u32('longitude'), speed = c.u8('speed'), cs = c.u16('course/status');
  const f: Gt06Location = {
    kind: 'location', serial, time, gpsInfoLength: info >> 4, satellites: info & 15, latitude, longitude, speed,
    course: cs & 0x3ff, north: (cs & 0x400) !== 0, west: (cs & 0x800) !== 0, positioned: (cs & 0x1000) !== 0, differential: (cs & 0x2000) !== 0,
    vendorBits: cs >>> 14,
    lbs: { mcc: c.u16('mcc'), mnc: c.u8('mnc'), lac: c.u16('lac'), cellId: c.u24('cell id') },
  };
  const cp = coordProblem(f);
  if (cp) c.fail('field', cp, 7);
  return f;
}

/** Signed decimal degrees of a location frame (north/east positive). */
export function gt06Degrees(f: Gt06Location): { latitude: number; longitude: number } {
  return { latitude: (f.north ? 1 : -1) * f.latitude / GT06_UNITS_PER_DEGREE, longitude: (f.west ? -1 : 1) * f.longitude / GT06_UNITS_PER_DEGREE };
}

export const gt06: Codec<Gt06Frame> = {
  format: FORMAT,
  encode: encodeGt06,
  decode: (bytes) => guarded(FORMAT, bytes, decode),
};
