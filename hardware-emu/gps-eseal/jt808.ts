/**
 * JT/T 808-2013 (the Chinese road-transport terminal protocol most GPS e-locks speak): 0x7E-flagged
 * frames, 0x7D escaping, XOR check code, 12/16-byte header, typed bodies for the messages an e-seal
 * exchanges with a gate platform. Only the 2013 header: a frame with the 2019 version bit is refused.
 * DecodeError offsets count bytes of the unescaped frame after the opening flag.
 */
import { DecodeError, guarded, type Codec } from '../codec.js';
import { Reader, Writer, decodeBcd, decodeGbk, encodeBcd, encodeGbk } from './wire.js';

const FORMAT = 'jt808';

export const Jt808MessageId = {
  heartbeat: 0x0002,
  registration: 0x0100,
  authentication: 0x0102,
  location: 0x0200,
  platformResponse: 0x8001,
} as const;

/** Status word bit numbers, JT/T 808-2013 table 25. */
export const Jt808StatusBit = {
  ACC_ON: 0, POSITIONED: 1, SOUTH_LATITUDE: 2, WEST_LONGITUDE: 3, OUT_OF_SERVICE: 4, COORDINATES_ENCRYPTED: 5,
  LOAD_LOW: 8, LOAD_HIGH: 9, // 00 empty, 01 half, 11 full
  OIL_CIRCUIT_CUT: 10, ELECTRIC_CIRCUIT_CUT: 11, DOOR_LOCKED: 12,
  DOOR1_OPEN: 13, DOOR2_OPEN: 14, DOOR3_OPEN: 15, DOOR4_OPEN: 16, DOOR5_OPEN: 17,
  GPS: 18, BEIDOU: 19, GLONASS: 20, GALILEO: 21,
} as const;

/** Alarm word bit numbers, JT/T 808-2013 table 24 (15-17 reserved by the standard). */
export const Jt808AlarmBit = {
  EMERGENCY: 0, OVERSPEED: 1, FATIGUE: 2, DANGER_WARNING: 3, GNSS_FAULT: 4, GNSS_ANTENNA_CUT: 5,
  GNSS_ANTENNA_SHORT: 6, POWER_UNDERVOLTAGE: 7, POWER_OFF: 8, DISPLAY_FAULT: 9, TTS_FAULT: 10,
  CAMERA_FAULT: 11, IC_CARD_FAULT: 12, OVERSPEED_WARNING: 13, FATIGUE_WARNING: 14,
  DRIVING_OVERTIME_TODAY: 18, PARKING_OVERTIME: 19, AREA_IN_OUT: 20, ROUTE_IN_OUT: 21,
  ROUTE_TIME_WRONG: 22, ROUTE_DEVIATION: 23, VSS_FAULT: 24, FUEL_ABNORMAL: 25, STOLEN: 26,
  ILLEGAL_IGNITION: 27, ILLEGAL_DISPLACEMENT: 28, COLLISION: 29, ROLLOVER_WARNING: 30, ILLEGAL_DOOR_OPENING: 31,
} as const;

/**
 * How this emulator's e-seal reports itself in 0x0200, kept to standard bits so unmodified platforms show it:
 * the seal is a door. Sealed: status DOOR_LOCKED set, DOOR1_OPEN clear. Open: DOOR1_OPEN set, DOOR_LOCKED clear,
 * and, when opened without authorisation, alarm ILLEGAL_DOOR_OPENING. Tamper (case opened, rope cut): alarm bit 17,
 * reserved in 2013 but the bit Traccar's Huabao (JT808) decoder reads as tampering.
 */
export const ESEAL_TAMPER_ALARM_BIT = 17;

export interface EsealState { sealOpen: boolean; tamper: boolean; illegalOpening: boolean }

const bit = (word: number, n: number): boolean => ((word >>> n) & 1) === 1;
const setBit = (word: number, n: number, on: boolean): number => (on ? word | (1 << n) : word & ~(1 << n)) >>> 0;

export function esealState(body: Jt808Location): EsealState {
  return {
    sealOpen: bit(body.status, Jt808StatusBit.DOOR1_OPEN),
    tamper: bit(body.alarm, ESEAL_TAMPER_ALARM_BIT),
    illegalOpening: bit(body.alarm, Jt808AlarmBit.ILLEGAL_DOOR_OPENING),
  };
}

/** Writes an e-seal state into the status/alarm words of a location body, leaving every other bit alone. */
export function withEsealState(body: Jt808Location, s: EsealState): Jt808Location {
  let status = setBit(body.status, Jt808StatusBit.DOOR1_OPEN, s.sealOpen);
  status = setBit(status, Jt808StatusBit.DOOR_LOCKED, !s.sealOpen);
  let alarm = setBit(body.alarm, ESEAL_TAMPER_ALARM_BIT, s.tamper);
  alarm = setBit(alarm, Jt808AlarmBit.ILLEGAL_DOOR_OPENING, s.illegalOpening);
  return { ...body, status, alarm };
}

export interface Jt808Registration {
  kind: 'registration';
  province: number; city: number;
  /** BYTE[5], BYTE[20], BYTE[7]: printable ASCII, NUL-padded on the wire (padding not kept here) */
  manufacturer: string; model: string; terminalId: string;
  plateColour: number;
  /** GBK on the wire (e.g. 粤B88888); the VIN when plateColour is 0 */
  plate: string;
}
export interface Jt808Authentication { kind: 'authentication'; authCode: string }
export interface Jt808Heartbeat { kind: 'heartbeat' }
export interface Jt808Location {
  kind: 'location';
  alarm: number; status: number;
  /** 1e-6 degrees, unsigned; the hemisphere is in status bits 2/3 */
  latitude: number; longitude: number;
  altitude: number; /** 0.1 km/h */ speed: number; direction: number;
  /** BCD YYMMDDhhmmss, GMT+8 */
  time: string;
  /** additional information items, kept raw */
  extras: { id: number; value: Uint8Array }[];
}
export interface Jt808PlatformResponse { kind: 'platformResponse'; replySerial: number; replyId: number; /** 0 ok, 1 fail, 2 bad message, 3 unsupported, 4 alarm acknowledged */ result: number }
/** any other message, or a body that is encrypted or one piece of a split message */
export interface Jt808Raw { kind: 'raw'; bytes: Uint8Array }
export type Jt808Body = Jt808Registration | Jt808Authentication | Jt808Heartbeat | Jt808Location | Jt808PlatformResponse | Jt808Raw;

export interface Jt808Frame {
  messageId: number;
  /** terminal phone number, 12 BCD digits */
  phone: string;
  serial: number;
  /** body property bits 10-12 (bit 10 = RSA); a non-zero value means the body is carried raw */
  encryption: number;
  /** present iff the subpackage bit is set: total pieces and this piece's 1-based index */
  packet?: { total: number; index: number };
  body: Jt808Body;
}

const KIND_OF_ID = new Map<number, Jt808Body['kind']>([
  [Jt808MessageId.heartbeat, 'heartbeat'], [Jt808MessageId.registration, 'registration'],
  [Jt808MessageId.authentication, 'authentication'], [Jt808MessageId.location, 'location'],
  [Jt808MessageId.platformResponse, 'platformResponse'],
]);

/** The kind a frame's body must have: typed only for a known id sent whole and in clear. */
function expectedKind(f: Pick<Jt808Frame, 'messageId' | 'encryption' | 'packet'>): Jt808Body['kind'] {
  return f.encryption === 0 && !f.packet ? KIND_OF_ID.get(f.messageId) ?? 'raw' : 'raw';
}

function fixedAscii(s: string, n: number, what: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(s) || s.length > n) throw new RangeError(`${what} must be at most ${n} printable ASCII characters`);
  const out = new Uint8Array(n);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function readFixedAscii(r: Reader, n: number, what: string): string {
  const start = r.pos;
  const b = r.take(n, what);
  let end = b.indexOf(0);
  if (end < 0) end = n;
  for (let i = 0; i < n; i++) {
    const ok = i < end ? b[i] >= 0x20 && b[i] <= 0x7e : b[i] === 0;
    if (!ok) r.fail('field', `${what} is not printable ASCII with NUL padding`, start + i);
  }
  return String.fromCharCode(...b.subarray(0, end));
}

function encodeBody(body: Jt808Body): Uint8Array {
  const w = new Writer();
  switch (body.kind) {
    case 'heartbeat': break;
    case 'authentication': w.bytes(encodeGbk(body.authCode)); break;
    case 'raw': w.bytes(body.bytes); break;
    case 'platformResponse':
      if (body.result > 4) throw new RangeError(`result ${body.result} is not a JT/T 808-2013 result code`);
      w.u16(body.replySerial, 'reply serial').u16(body.replyId, 'reply id').u8(body.result, 'result');
      break;
    case 'registration':
      w.u16(body.province, 'province').u16(body.city, 'city')
        .bytes(fixedAscii(body.manufacturer, 5, 'manufacturer')).bytes(fixedAscii(body.model, 20, 'model'))
        .bytes(fixedAscii(body.terminalId, 7, 'terminal id')).u8(body.plateColour, 'plate colour')
        .bytes(encodeGbk(body.plate));
      break;
    case 'location':
      if (body.latitude > 90e6 || body.longitude > 180e6 || body.direction > 359) throw new RangeError('latitude/longitude/direction out of range');
      w.u32(body.alarm, 'alarm').u32(body.status, 'status').u32(body.latitude, 'latitude').u32(body.longitude, 'longitude')
        .u16(body.altitude, 'altitude').u16(body.speed, 'speed').u16(body.direction, 'direction')
        .bytes(encodeBcd(body.time, 6, 'time'));
      for (const x of body.extras) w.u8(x.id, 'extra id').u8(x.value.length, 'extra length').bytes(x.value);
      break;
  }
  return w.done();
}

function decodeBody(kind: Jt808Body['kind'], r: Reader): Jt808Body {
  switch (kind) {
    case 'heartbeat': if (r.left) r.fail('length', 'heartbeat body must be empty'); return { kind };
    case 'raw': return { kind, bytes: r.rest().slice() };
    case 'authentication': { const at = r.pos; return { kind, authCode: decodeGbk(FORMAT, r.rest(), 'auth code', r.base + at) }; }
    case 'platformResponse': {
      const body: Jt808PlatformResponse = { kind, replySerial: r.u16('reply serial'), replyId: r.u16('reply id'), result: r.u8('result') };
      if (body.result > 4) r.fail('field', `result ${body.result} is not a JT/T 808-2013 result code`, r.pos - 1);
      if (r.left) r.fail('length', 'platform response body is 5 bytes');
      return body;
    }
    case 'registration': {
      const province = r.u16('province'), city = r.u16('city');
      const manufacturer = readFixedAscii(r, 5, 'manufacturer'), model = readFixedAscii(r, 20, 'model');
      const terminalId = readFixedAscii(r, 7, 'terminal id'), plateColour = r.u8('plate colour');
      const at = r.pos;
      return { kind, province, city, manufacturer, model, terminalId, plateColour, plate: decodeGbk(FORMAT, r.rest(), 'plate', r.base + at) };
    }
    case 'location': {
      const alarm = r.u32('alarm'), status = r.u32('status');
      const latitude = r.u32('latitude'); if (latitude > 90e6) r.fail('field', 'latitude above 90 degrees', r.pos - 4);
      const longitude = r.u32('longitude'); if (longitude > 180e6) r.fail('field', 'longitude above 180 degrees', r.pos - 4);
      const altitude = r.u16('altitude'), speed = r.u16('speed');
      const direction = r.u16('direction'); if (direction > 359) r.fail('field', 'direction above 359', r.pos - 2);
      const time = decodeBcd(r, 6, 'time');
      const extras: Jt808Location['extras'] = [];
      while (r.left) {
        const id = r.u8('extra id'), len = r.u8('extra length');
        extras.push({ id, value: r.take(len, `extra 0x${id.toString(16)}`).slice() });
      }
      return { kind, alarm, status, latitude, longitude, altitude, speed, direction, time, extras };
    }
  }
}

function xor(b: Uint8Array): number { let x = 0; for (const v of b) x ^= v; return x; }

export function encodeJt808(f: Jt808Frame): Uint8Array {
  const want = expectedKind(f);
  if (f.body.kind !== want) throw new RangeError(`message 0x${f.messageId.toString(16)} needs a ${want} body, not ${f.body.kind}`);
  if (f.encryption > 7) throw new RangeError('encryption is 3 bits');
  if (f.packet && (f.packet.total < 1 || f.packet.index < 1 || f.packet.index > f.packet.total)) throw new RangeError('packet index must be 1..total');
  const body = encodeBody(f.body);
  if (body.length > 0x3ff) throw new RangeError(`body of ${body.length} bytes exceeds the 10-bit length`);
  const w = new Writer().u16(f.messageId, 'message id')
    .u16(body.length | (f.encryption << 10) | (f.packet ? 0x2000 : 0), 'body properties')
    .bytes(encodeBcd(f.phone, 6, 'phone')).u16(f.serial, 'serial');
  if (f.packet) w.u16(f.packet.total, 'packet total').u16(f.packet.index, 'packet index');
  w.bytes(body);
  const plain = w.done();
  const out = [0x7e];
  for (const b of [...plain, xor(plain)]) {
    if (b === 0x7e) out.push(0x7d, 0x02);
    else if (b === 0x7d) out.push(0x7d, 0x01);
    else out.push(b);
  }
  out.push(0x7e);
  return Uint8Array.from(out);
}

function decode(bytes: Uint8Array): Jt808Frame {
  const fail = (problem: 'framing' | 'length' | 'checksum' | 'field', msg: string, at?: number): never => { throw new DecodeError(FORMAT, problem, msg, at); };
  if (bytes.length < 2 || bytes[0] !== 0x7e) fail('framing', 'frame must start with flag 0x7E', 0);
  if (bytes[bytes.length - 1] !== 0x7e) fail('framing', 'frame must end with flag 0x7E', bytes.length - 1);
  // unescape: the flag may not appear inside, and 0x7D must be followed by 0x01 or 0x02
  const plain: number[] = [];
  for (let i = 1; i < bytes.length - 1; i++) {
    const b = bytes[i];
    if (b === 0x7e) fail('framing', 'unescaped 0x7E inside the frame', i);
    if (b !== 0x7d) { plain.push(b); continue; }
    const next = bytes[i + 1];
    if (i + 1 >= bytes.length - 1 || (next !== 0x01 && next !== 0x02)) fail('framing', 'bad escape: 0x7D not followed by 0x01/0x02', i);
    plain.push(next === 0x01 ? 0x7d : 0x7e);
    i++;
  }
  const data = Uint8Array.from(plain);
  if (data.length < 13) fail('length', `${data.length} unescaped bytes cannot hold a 12-byte header and check code`);
  const check = data[data.length - 1];
  if (xor(data.subarray(0, -1)) !== check) fail('checksum', `XOR check code 0x${check.toString(16)} does not match`);
  const r = new Reader(FORMAT, data.subarray(0, -1));
  const messageId = r.u16('message id');
  const props = r.u16('body properties');
  if (props & 0x4000) r.fail('field', 'version bit set: JT/T 808-2019 header, only 2013 is supported', 2);
  if (props & 0x8000) r.fail('field', 'reserved body-property bit 15 set', 2);
  const length = props & 0x3ff, encryption = (props >> 10) & 7;
  const phone = decodeBcd(r, 6, 'phone');
  const serial = r.u16('serial');
  let packet: Jt808Frame['packet'];
  if (props & 0x2000) {
    packet = { total: r.u16('packet total'), index: r.u16('packet index') };
    if (packet.total < 1 || packet.index < 1 || packet.index > packet.total) r.fail('field', 'packet index must be 1..total', r.pos - 4);
  }
  if (r.left !== length) r.fail('length', `body length field says ${length}, body has ${r.left}`, 2);
  const head = { messageId, phone, serial, encryption, ...(packet ? { packet } : {}) };
  return { ...head, body: decodeBody(expectedKind(head), r) };
}

export const jt808: Codec<Jt808Frame> = {
  format: FORMAT,
  encode: encodeJt808,
  decode: (bytes) => guarded(FORMAT, bytes, decode),
};
