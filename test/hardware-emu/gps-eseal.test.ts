/**
 * GPS tracker / e-seal codecs: public sample frames decode to what their sources document, decode∘encode is
 * the identity on generated frames, every single-byte change of a valid frame is refused with a reason, and
 * nothing but DecodeError ever escapes decode.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, type Codec } from '../../hardware-emu/codec.js';
import {
  codecs, esealState, gt06, gt06Degrees, jt808, nmea, nmeaDegrees, withEsealState, crcItu, Jt808StatusBit, Jt808AlarmBit,
  ESEAL_TAMPER_ALARM_BIT, type Gt06Frame, type Jt808Frame, type Jt808Location, type NmeaSentence,
} from '../../hardware-emu/gps-eseal/index.js';
import { fromHex, toHex } from '../../hardware-emu/gps-eseal/wire.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const PROBLEMS = ['framing', 'length', 'checksum', 'field', 'syntax'];

function decodeError(codec: Codec<unknown>, bytes: Uint8Array): DecodeError | undefined {
  try {
    codec.decode(bytes);
    return undefined;
  } catch (err) {
    if (!(err instanceof DecodeError)) throw new Error(`${codec.format} threw a non-DecodeError: ${String(err)}`);
    return err;
  }
}

/** Every other value of every byte must be refused, with a named problem and a message. */
function expectEverySingleByteChangeRejected(codec: Codec<unknown>, frame: Uint8Array, alternatives: (i: number) => number[]): void {
  for (let i = 0; i < frame.length; i++) {
    for (const v of alternatives(i)) {
      if (v === frame[i]) continue;
      const bad = frame.slice();
      bad[i] = v;
      const err = decodeError(codec, bad);
      if (!err) throw new Error(`${codec.format}: byte ${i} 0x${frame[i].toString(16)} -> 0x${v.toString(16)} was accepted: ${toHex(bad)}`);
      // plain checks, not expect(): this runs ~15 000 times a sample
      if (!PROBLEMS.includes(err.problem) || err.message.length < 10) throw new Error(`no reason given: ${err.message}`);
    }
  }
}
const allBytes = () => Array.from({ length: 256 }, (_, v) => v);

describe('jt808: public samples', () => {
  it('0x0200 location with escapes: SmallChi/JT808 README.md and src/JT808.Protocol.Test/Simples/Demo2.cs', () => {
    const hex = '7E 02 00 00 26 12 34 56 78 90 12 00 7D 02 00 00 00 01 00 00 00 02 00 BA 7F 0E 07 E4 F1 1C 00 28 00 3C 00 00 18 10 15 10 10 10 01 04 00 00 00 64 02 02 00 7D 01 13 7E';
    const f = jt808.decode(fromHex(hex));
    expect(f).toMatchObject({ messageId: 0x0200, phone: '123456789012', serial: 126, encryption: 0 });
    expect(f.packet).toBeUndefined();
    expect(f.body).toEqual({
      kind: 'location', alarm: 1, status: 2, latitude: 12222222, longitude: 132444444, altitude: 40, speed: 60, direction: 0,
      time: '181015101010', // 2018-10-15 10:10:10
      extras: [{ id: 0x01, value: fromHex('00000064') }, { id: 0x02, value: fromHex('007D') }], // mileage 100, oil 125
    });
    expect(toHex(jt808.encode(f))).toBe(toHex(fromHex(hex)));
  });

  it('0x0100 registration with a GBK plate: SmallChi/JT808 src/JT808.Protocol.Test/MessageBody/JT808_0x0100Test.cs (Test1_1)', () => {
    const hex = '7E 01 00 00 2D 00 01 23 45 67 89 00 0A 00 28 00 32 31 32 33 34 30 73 6D 61 6C 6C 63 68 69 31 32 33 30 30 30 30 30 30 30 30 30 43 48 49 31 32 33 30 01 D4 C1 41 31 32 33 34 35 BA 7E';
    const f = jt808.decode(fromHex(hex));
    // the library strips the phone's leading zeros ("123456789"); the wire carries 12 BCD digits
    expect(f).toMatchObject({ messageId: 0x0100, phone: '000123456789', serial: 10 });
    expect(f.body).toEqual({
      kind: 'registration', province: 40, city: 50, manufacturer: '12340', model: 'smallchi123000000000', terminalId: 'CHI1230', plateColour: 1, plate: '粤A12345',
    });
    expect(toHex(jt808.encode(f))).toBe(toHex(fromHex(hex)));
  });

  it('0x0102 authentication: SmallChi/JT808 src/JT808.Protocol.Test/MessageBody/JT808_0x0102Test.cs (Test4)', () => {
    const f = jt808.decode(fromHex('7E 01 02 00 09 01 23 45 67 89 00 30 39 34 35 36 31 32 31 31 31 31 BE 7E'));
    expect(f).toEqual({ messageId: 0x0102, phone: '012345678900', serial: 12345, encryption: 0, body: { kind: 'authentication', authCode: '456121111' } });
  });

  it('0x8001 platform general response: SmallChi/JT808 src/JT808.Protocol.Test/MessageBody/JT808_0x8001Test.cs (Test2)', () => {
    const f = jt808.decode(fromHex('7E 80 01 00 05 01 23 45 67 89 00 00 0A 00 64 02 00 00 61 7E'));
    expect(f).toEqual({ messageId: 0x8001, phone: '012345678900', serial: 10, encryption: 0, body: { kind: 'platformResponse', replySerial: 100, replyId: 0x0200, result: 0 } });
  });

  // traccar/traccar src/test/java/org/traccar/protocol/HuabaoProtocolDecoderTest.java: real device captures; Traccar
  // asserts only that they decode, so the values below are these fields read per JT/T 808-2013.
  it('device captures from Traccar: heartbeat, registration (粤B88888), authentication', () => {
    expect(jt808.decode(fromHex('7e0002000004304832546500b7ca7e'))).toEqual({ messageId: 2, phone: '043048325465', serial: 0xb7, encryption: 0, body: { kind: 'heartbeat' } });
    expect(jt808.decode(fromHex('7e0100002d0141305678720024002c012f373031313142534a2d41362d424400000000000000000000003035363738373201d4c14238383838386d7e')).body).toEqual({
      kind: 'registration', province: 44, city: 303, manufacturer: '70111', model: 'BSJ-A6-BD', terminalId: '0567872', plateColour: 1, plate: '粤B88888',
    });
    expect(jt808.decode(fromHex('7E0102000E013511221122000661757468656E7469636174696F6E3F7E')).body).toEqual({ kind: 'authentication', authCode: 'authentication' });
  });

  it('every single-byte change of the samples is refused', () => {
    for (const hex of ['7E02000026123456789012007D02000000010000000200BA7F0E07E4F11C0028003C00001810151010100104000000640202007D01137E', '7E80010005012345678900000A0064020000617E']) {
      expectEverySingleByteChangeRejected(jt808, fromHex(hex), allBytes);
    }
  });

  it('names the problem: flags, escapes, length field, check code, BCD, 2019 header', () => {
    const good = fromHex('7E80010005012345678900000A0064020000617E');
    const problem = (b: Uint8Array) => decodeError(jt808, b)?.problem;
    expect(problem(good.subarray(1))).toBe('framing');
    expect(problem(good.subarray(0, -1))).toBe('framing');
    expect(problem(fromHex('7E80017D0305012345678900000A0064020000617E'))).toBe('framing'); // 0x7D 0x03
    const withBody = (props: string, phone: string, body: string) => {
      const plain = fromHex(`8001${props}${phone}000A${body}`);
      const x = plain.reduce((a, v) => a ^ v, 0);
      return fromHex(`7E${toHex(plain)}${x.toString(16).padStart(2, '0')}7E`);
    };
    expect(problem(withBody('0006', '012345678900', '0064020000'))).toBe('length');
    expect(problem(withBody('0005', '0123456789A0', '0064020000'))).toBe('field');
    expect(problem(withBody('4005', '012345678900', '0064020000'))).toBe('field');
    expect(problem(withBody('0005', '012345678900', '0064020005'))).toBe('field'); // result code 5
    const flipped = good.slice(); flipped[good.length - 2] ^= 1;
    expect(problem(flipped)).toBe('checksum');
  });
});

describe('jt808: e-seal bits', () => {
  it('seal open is door 1 open (and not locked), tamper is alarm bit 17, unauthorised opening is alarm bit 31', () => {
    const base: Jt808Location = { kind: 'location', alarm: 0, status: 1 << Jt808StatusBit.POSITIONED, latitude: 22514880, longitude: 113916508, altitude: 71, speed: 0, direction: 0, time: '140723172015', extras: [] };
    const open = withEsealState(base, { sealOpen: true, tamper: true, illegalOpening: true });
    expect(open.status).toBe((1 << Jt808StatusBit.POSITIONED) | (1 << Jt808StatusBit.DOOR1_OPEN));
    expect(open.alarm).toBe(((1 << ESEAL_TAMPER_ALARM_BIT) | 2 ** Jt808AlarmBit.ILLEGAL_DOOR_OPENING) >>> 0);
    const frame: Jt808Frame = { messageId: 0x0200, phone: '013511221122', serial: 7, encryption: 0, body: open };
    expect(esealState(jt808.decode(jt808.encode(frame)).body as Jt808Location)).toEqual({ sealOpen: true, tamper: true, illegalOpening: true });
    const sealed = withEsealState(open, { sealOpen: false, tamper: false, illegalOpening: false });
    expect(sealed.status).toBe((1 << Jt808StatusBit.POSITIONED) | (1 << Jt808StatusBit.DOOR_LOCKED));
    expect(sealed.alarm).toBe(0);
  });
});

describe('gt06: public samples', () => {
  // traccar/traccar src/test/java/org/traccar/protocol/Gt06ProtocolDecoderTest.java (also the login example of the GT06 sheet)
  it('login 0x01: terminal id 0123456789012345 (IMEI 123456789012345), serial 1', () => {
    expect(gt06.decode(fromHex('78780D01012345678901234500018CDD0D0A'))).toEqual({ kind: 'login', serial: 1, terminalId: '0123456789012345' });
  });

  it('location 0x12 that Traccar documents as 2015-10-20 14:21:11, valid, 54.94535, 24.01762 (Gt06ProtocolDecoderTest.java)', () => {
    const hex = '78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a';
    const f = gt06.decode(fromHex(hex));
    if (f.kind !== 'location') throw new Error('not a location');
    expect(f.time).toEqual({ year: 2015, month: 10, day: 20, hour: 14, minute: 21, second: 11 });
    expect(f.positioned).toBe(true);
    const d = gt06Degrees(f);
    expect(d.latitude).toBeCloseTo(54.94535, 5);
    expect(d.longitude).toBeCloseTo(24.01762, 5);
    expect(f).toMatchObject({ satellites: 5, speed: 0, course: 0, serial: 3, vendorBits: 1, lbs: { mcc: 246, mnc: 1, lac: 0x6e, cellId: 0x55da } });
    expect(toHex(gt06.encode(f))).toBe(hex);
  });

  // The GT06 sheet's location example (2011-08-29 17:46:16, 23.111668 N, 114.409285 E, course 143). Traccar's test
  // carries it with byte 10 = 0xCC, whose CRC does not verify (Traccar does not check CRCs); 0xCF is the one-byte
  // correction that does, so the sheet's string has a typo.
  it('the GT06 sheet location example: the 0xCC copy is a CRC error, the 0xCF one decodes', () => {
    expect(decodeError(gt06, fromHex('78781F120B081D112E10CC027AC7EB0C46584900148F01CC00287D001FB8000380810D0A'))?.problem).toBe('checksum');
    const f = gt06.decode(fromHex('78781F120B081D112E10CF027AC7EB0C46584900148F01CC00287D001FB8000380810D0A'));
    if (f.kind !== 'location') throw new Error('not a location');
    expect(f.time).toEqual({ year: 2011, month: 8, day: 29, hour: 17, minute: 46, second: 16 });
    expect(f).toMatchObject({ satellites: 15, gpsInfoLength: 12, course: 143, north: true, west: false, positioned: true, differential: false, serial: 3, lbs: { mcc: 460, mnc: 0, lac: 0x287d, cellId: 0x1fb8 } });
    expect(gt06Degrees(f).latitude).toBeCloseTo(23.111668, 6);
    expect(gt06Degrees(f).longitude).toBeCloseTo(114.409285, 6);
  });

  // Gt06ProtocolDecoderTest.java again: Traccar asserts only that attributes come out; fields read per the GT06 sheet.
  it('status 0x13: GPS tracking on + charging, voltage 6, GSM 4, English', () => {
    expect(gt06.decode(fromHex('78780a13440604000201baaf540d0a'))).toEqual({ kind: 'status', serial: 0x01ba, terminalInfo: 0x44, voltageLevel: 6, gsmSignal: 4, alarmLanguage: 0x0002 });
  });

  it('every single-byte change of the samples is refused', () => {
    for (const hex of ['78780D01012345678901234500018CDD0D0A', '78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a', '78780a13440604000201baaf540d0a']) {
      expectEverySingleByteChangeRejected(gt06, fromHex(hex), allBytes);
    }
  });
});

describe('nmea: public samples', () => {
  it('GGA: race-technology.com wiki NMEADataFormat/1GPGGA', () => {
    const line = '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n';
    const s = nmea.decode(ascii(line));
    expect(s).toEqual({
      sentence: 'GGA', talker: 'GP', time: '123519', latitude: '4807.038', latHemisphere: 'N', longitude: '01131.000', lonHemisphere: 'E',
      quality: 1, satellites: '08', hdop: '0.9', altitude: '545.4', altitudeUnit: 'M', geoidSeparation: '46.9', geoidUnit: 'M', dgpsAge: '', dgpsStation: '',
    });
    expect(nmeaDegrees(s.latitude, s.latHemisphere)).toBeCloseTo(48 + 7.038 / 60, 9);
    expect(nmeaDegrees(s.longitude, s.lonHemisphere)).toBeCloseTo(11 + 31 / 60, 9);
    expect(String.fromCharCode(...nmea.encode(s))).toBe(line);
    expectEverySingleByteChangeRejected(nmea, ascii(line), allBytes);
  });

  it('RMC: help.fieldsystems.trimble.com r750 nmea0183-messages-rmc', () => {
    const line = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n';
    expect(nmea.decode(ascii(line))).toEqual({
      sentence: 'RMC', talker: 'GP', time: '123519', status: 'A', latitude: '4807.038', latHemisphere: 'N', longitude: '01131.000', lonHemisphere: 'E',
      speedKnots: '022.4', course: '084.4', date: '230394', magneticVariation: '003.1', magneticDirection: 'W',
    });
    expectEverySingleByteChangeRejected(nmea, ascii(line), allBytes);
  });

  it('names the problem: CR LF, checksum, field values, field count', () => {
    const p = (s: string) => decodeError(nmea, ascii(s))?.problem;
    expect(p('$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47')).toBe('framing');
    expect(p('$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*48\r\n')).toBe('checksum');
    const withSum = (body: string) => `$${body}*${[...body].reduce((a, c) => a ^ c.charCodeAt(0), 0).toString(16).toUpperCase().padStart(2, '0')}\r\n`;
    expect(p(withSum('GPGGA,123519,4867.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,'))).toBe('field'); // 67 minutes
    expect(p(withSum('GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,320394,003.1,W'))).toBe('field'); // day 32
    expect(p(withSum('GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,'))).toBe('syntax');
  });
});

// ---- generators --------------------------------------------------------------------------------------------
const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.tuple(u16, u16).map(([h, l]) => h * 0x10000 + l);
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const printable = (max: number) => fc.array(fc.integer({ min: 0x20, max: 0x7e }), { maxLength: max }).map((c) => String.fromCharCode(...c));
const gbkText = (max: number) => fc.array(fc.constantFrom(...'粤苏京沪浙鲁港澳使领挂学警ABCDEFGHJKLMNPQRSTUVWXYZ0123456789 -'), { maxLength: max }).map((c) => c.join(''));

const jt808Body = (id: number): fc.Arbitrary<Jt808Frame['body']> => {
  switch (id) {
    case 0x0002: return fc.constant({ kind: 'heartbeat' as const });
    case 0x0102: return fc.oneof(printable(40), gbkText(20)).map((authCode) => ({ kind: 'authentication' as const, authCode }));
    case 0x8001: return fc.record({ kind: fc.constant('platformResponse' as const), replySerial: u16, replyId: u16, result: fc.integer({ min: 0, max: 4 }) });
    case 0x0100: return fc.record({
      kind: fc.constant('registration' as const), province: u16, city: u16, manufacturer: printable(5), model: printable(20), terminalId: printable(7), plateColour: u8, plate: gbkText(12),
    });
    case 0x0200: return fc.record({
      kind: fc.constant('location' as const), alarm: u32, status: u32, latitude: fc.integer({ min: 0, max: 90e6 }), longitude: fc.integer({ min: 0, max: 180e6 }),
      altitude: u16, speed: u16, direction: fc.integer({ min: 0, max: 359 }), time: digits(12),
      extras: fc.array(fc.record({ id: u8, value: fc.uint8Array({ maxLength: 12 }) }), { maxLength: 5 }),
    });
    default: return fc.uint8Array({ maxLength: 80 }).map((bytes) => ({ kind: 'raw' as const, bytes }));
  }
};
const jt808Frame: fc.Arbitrary<Jt808Frame> = fc.record({
  messageId: fc.oneof(fc.constantFrom(0x0002, 0x0100, 0x0102, 0x0200, 0x8001), u16),
  phone: digits(12), serial: u16,
  wrapped: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.record({ encryption: fc.integer({ min: 0, max: 7 }), packet: fc.option(fc.integer({ min: 1, max: 0xffff }).chain((total) => fc.record({ total: fc.constant(total), index: fc.integer({ min: 1, max: total }) })), { nil: undefined }) })),
}).chain(({ messageId, phone, serial, wrapped }) => {
  const encryption = wrapped?.encryption ?? 0;
  const packet = wrapped?.packet;
  const typed = encryption === 0 && !packet;
  const body = typed ? jt808Body(messageId) : jt808Body(-1);
  return body.map((b) => ({ messageId, phone, serial, encryption, ...(packet ? { packet } : {}), body: b }));
});

const gt06Frame: fc.Arbitrary<Gt06Frame> = fc.oneof(
  fc.record({ kind: fc.constant('login' as const), serial: u16, terminalId: digits(16) }),
  fc.record({
    kind: fc.constant('status' as const), serial: u16,
    terminalInfo: fc.tuple(u8, fc.integer({ min: 0, max: 4 })).map(([b, alarm]) => (b & 0xc7) | (alarm << 3)),
    voltageLevel: fc.integer({ min: 0, max: 6 }), gsmSignal: fc.integer({ min: 0, max: 4 }), alarmLanguage: u16,
  }),
  fc.record({
    kind: fc.constant('location' as const), serial: u16,
    time: fc.record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), second: fc.integer({ min: 0, max: 59 }) }),
    gpsInfoLength: fc.integer({ min: 0, max: 15 }), satellites: fc.integer({ min: 0, max: 15 }),
    latitude: fc.integer({ min: 0, max: 162_000_000 }), longitude: fc.integer({ min: 0, max: 324_000_000 }), speed: u8,
    course: fc.integer({ min: 0, max: 359 }), north: fc.boolean(), west: fc.boolean(), positioned: fc.boolean(), differential: fc.boolean(), vendorBits: fc.integer({ min: 0, max: 3 }),
    lbs: fc.record({ mcc: u16, mnc: u8, lac: u16, cellId: fc.integer({ min: 0, max: 0xffffff }) }),
  }),
);

const dec = (intDigits: number, frac: number) => fc.tuple(fc.integer({ min: 0, max: 10 ** intDigits - 1 }), fc.integer({ min: 0, max: frac })).chain(([i, f]) =>
  digits(f).map((d) => `${i}${f ? `.${d}` : ''}`));
const coord = (degDigits: number, max: number) => fc.tuple(fc.integer({ min: 0, max: max - 1 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 4 }))
  .chain(([d, m, f]) => digits(f).map((x) => `${String(d).padStart(degDigits, '0')}${String(m).padStart(2, '0')}${f ? `.${x}` : ''}`));
const position = fc.oneof(
  { weight: 5, arbitrary: fc.record({ latitude: coord(2, 90), latHemisphere: fc.constantFrom('N' as const, 'S' as const), longitude: coord(3, 180), lonHemisphere: fc.constantFrom('E' as const, 'W' as const) }) },
  fc.constant({ latitude: '', latHemisphere: '' as const, longitude: '', lonHemisphere: '' as const }),
);
const time = fc.oneof(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('', '.00', '.5', '.123'))
  .map(([h, m, s, f]) => [h, m, s].map((v) => String(v).padStart(2, '0')).join('') + f), fc.constant(''));
const opt = <T extends string>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.constant('' as const));
const talker = fc.constantFrom('GP', 'GN', 'GL', 'GA', 'BD');
const nmeaSentence: fc.Arbitrary<NmeaSentence> = fc.oneof(
  fc.tuple(position, fc.record({
    sentence: fc.constant('GGA' as const), talker, time, quality: fc.integer({ min: 0, max: 8 }), satellites: opt(digits(2)), hdop: opt(dec(2, 1)),
    altitude: opt(fc.tuple(fc.boolean(), dec(4, 1)).map(([neg, v]) => (neg ? `-${v}` : v))), altitudeUnit: fc.constantFrom('M' as const, '' as const),
    geoidSeparation: opt(dec(2, 1)), geoidUnit: fc.constantFrom('M' as const, '' as const), dgpsAge: opt(dec(2, 1)), dgpsStation: opt(digits(4)),
  })).map(([p, r]) => ({ ...r, ...p })),
  fc.tuple(position, fc.record({
    sentence: fc.constant('RMC' as const), talker, time, status: fc.constantFrom('A' as const, 'V' as const), speedKnots: opt(dec(3, 1)),
    course: opt(fc.tuple(fc.integer({ min: 0, max: 359 }), digits(1)).map(([c, f]) => `${c}.${f}`)),
    date: opt(fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 })).map((v) => v.map((x) => String(x).padStart(2, '0')).join(''))),
    magneticVariation: opt(dec(2, 1)), magneticDirection: fc.constantFrom('E' as const, 'W' as const, '' as const),
    mode: fc.option(fc.constantFrom('A' as const, 'D' as const, 'E' as const, 'N' as const), { nil: undefined }),
  }, { requiredKeys: ['sentence', 'talker', 'time', 'status', 'speedKnots', 'course', 'date', 'magneticVariation', 'magneticDirection'] })).map(([p, r]) => ({ ...r, ...p })),
).filter((s) => { try { nmea.encode(s); return true; } catch { return false; } });

const cases: [string, Codec<any>, fc.Arbitrary<any>][] = [['jt808', jt808, jt808Frame], ['gt06', gt06, gt06Frame], ['nmea', nmea, nmeaSentence]];

describe.each(cases)('%s: properties', (_name, codec, arb) => {
  it('decode(encode(x)) deep-equals x', () => {
    fc.assert(fc.property(arb, (x) => { expect(codec.decode(codec.encode(x))).toEqual(x); }), { numRuns: 400 });
  });

  it('every single-byte change of a valid frame is refused with a reason', () => {
    fc.assert(fc.property(arb, fc.integer({ min: 1, max: 255 }), (x, delta) => {
      const frame = codec.encode(x);
      expectEverySingleByteChangeRejected(codec, frame, (i) => [frame[i] ^ delta, frame[i] ^ (((delta * 7 + i) % 255) + 1)]);
    }), { numRuns: 150 });
  });

  it('random bytes never throw anything but DecodeError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (b) => { decodeError(codec, b); }), { numRuns: 1000 });
  });
});

describe('well-framed random content reaches the field checks and still only throws DecodeError', () => {
  it('jt808 with a correct check code', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 12, maxLength: 120 }), (plain) => {
      const x = plain.reduce((a, v) => a ^ v, 0);
      const out = [0x7e];
      for (const b of [...plain, x]) out.push(...(b === 0x7e ? [0x7d, 2] : b === 0x7d ? [0x7d, 1] : [b]));
      out.push(0x7e);
      decodeError(jt808, Uint8Array.from(out));
    }), { numRuns: 1000 });
  });

  it('gt06 with a correct CRC and length', () => {
    fc.assert(fc.property(fc.constantFrom(0x01, 0x12, 0x13, 0x16), fc.uint8Array({ maxLength: 30 }), (proto, content) => {
      const covered = Uint8Array.from([content.length + 5, proto, ...content, 0, 1]);
      const crc = crcItu(covered);
      decodeError(gt06, Uint8Array.from([0x78, 0x78, ...covered, crc >> 8, crc & 0xff, 0x0d, 0x0a]));
    }), { numRuns: 1000 });
  });

  it('nmea with a correct checksum', () => {
    fc.assert(fc.property(talker, fc.constantFrom('GGA', 'RMC'), fc.array(fc.stringMatching(/^[0-9.NSEWAVM-]{0,6}$/), { minLength: 10, maxLength: 15 }), (t, type, fields) => {
      const body = [`${t}${type}`, ...fields].join(',');
      const sum = [...body].reduce((a, c) => a ^ c.charCodeAt(0), 0).toString(16).toUpperCase().padStart(2, '0');
      decodeError(nmea, ascii(`$${body}*${sum}\r\n`));
    }), { numRuns: 1000 });
  });
});

it('index exports the three codecs by format', () => {
  expect(codecs.map((c) => c.format)).toEqual(['jt808', 'gt06', 'nmea']);
});
