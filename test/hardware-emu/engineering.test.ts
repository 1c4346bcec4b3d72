/**
 * Engineering values beside the wire values (`ctwin decode`): a value put on the wire by the codec's
 * encoder (or the emulator's behaviour) comes back from decode in plain units: signed degrees, km/h,
 * kg, counts per second, UTC. The wire side of each property is built the way the standard says,
 * independently of hardware-emu/engineering.ts, so a wrong scale, sign or time zone there fails here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../sim/kernel/rng.js';
import { corridorDistanceM, type LatLon } from '../../sim/kernel/geo.js';
import { DEFAULT_EPOCH_MS, isoUtc, isoWithOffset } from '../../hardware-emu/behaviour.js';
import { esealTrip } from '../../hardware-emu/gps-eseal/behaviour.js';
import { gt06, jt808, nmea, Jt808StatusBit, GT06_UNITS_PER_DEGREE, type Gt06Location, type Jt808Frame, type NmeaRmc, type NmeaGga } from '../../hardware-emu/gps-eseal/index.js';
import { fromHex } from '../../hardware-emu/gps-eseal/wire.js';
import { mettlerToledo, xk3190, type MettlerToledoFrame } from '../../hardware-emu/weighbridge/index.js';
import { n42Codec, type N42Frame } from '../../hardware-emu/radiation/index.js';
import { anprMultipartCodec, anprXmlCodec, tinyJpeg, type AnprAlert } from '../../hardware-emu/anpr/index.js';
import { FORMATS } from '../../hardware-emu/formats.js';
import { withEngineeringValues } from '../../hardware-emu/engineering.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const values = (format: string, bytes: Uint8Array): any => withEngineeringValues(format, FORMATS.get(format)!.decode(bytes));
/** ISO 8601 UTC to the second, the way a frame with whole-second times reads */
const isoSecond = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';
/** YYMMDDhhmmss of a UTC instant shown in GMT+8: what JT/T 808-2013 table 23 puts in the time field */
const bcdGmt8 = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(2, 19).replace(/\D/g, '');

const instant = (from: number, to: number) => fc.integer({ min: from / 1000, max: to / 1000 }).map((s) => s * 1000);

describe('JT/T 808 location: 1e-6 degrees with hemisphere bits, 0.1 km/h, BCD time in GMT+8', () => {
  it('the SmallChi sample: latitude 12222222 is 12.222222°, speed 60 is 6 km/h, 2018-10-15 10:10:10 (GMT+8) is 02:10:10 UTC; mileage and fuel extras scaled', () => {
    const hex = '7E 02 00 00 26 12 34 56 78 90 12 00 7D 02 00 00 00 01 00 00 00 02 00 BA 7F 0E 07 E4 F1 1C 00 28 00 3C 00 00 18 10 15 10 10 10 01 04 00 00 00 64 02 02 00 7D 01 13 7E';
    const b = values('jt808', fromHex(hex)).body;
    expect(b).toMatchObject({
      latitude: 12222222, lat_deg: 12.222222, longitude: 132444444, lon_deg: 132.444444, altitude: 40, altitude_m: 40,
      speed: 60, speed_kmh: 6, direction: 0, direction_deg: 0, time: '181015101010', time_utc: '2018-10-15T02:10:10Z',
    });
    expect(b.extras.map((x: Record<string, unknown>) => ({ ...x, value: undefined }))).toEqual([
      { id: 1, value: undefined, mileage_km: 10 }, // DWORD 100 in 1/10 km
      { id: 2, value: undefined, fuel_l: 12.5 }, // WORD 125 in 1/10 L
    ]);
    // beside: each engineering value right after its wire value
    expect(Object.keys(b)).toEqual(['kind', 'alarm', 'status', 'latitude', 'lat_deg', 'longitude', 'lon_deg', 'altitude', 'altitude_m', 'speed', 'speed_kmh', 'direction', 'direction_deg', 'time', 'time_utc', 'extras']);
  });

  it('round trip: signed degrees, speed, heading and a UTC time written per the standard come back from encode → decode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -90_000_000, max: 90_000_000 }), fc.integer({ min: -180_000_000, max: 180_000_000 }),
        fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 359 }),
        instant(Date.UTC(2000, 0, 1) - 8 * 3_600_000, Date.UTC(2099, 11, 31, 15, 59, 59)),
        (lat, lon, speed, altitude, direction, ms) => {
          const status = (lat < 0 ? 1 << Jt808StatusBit.SOUTH_LATITUDE : 0) | (lon < 0 ? 1 << Jt808StatusBit.WEST_LONGITUDE : 0) | (1 << Jt808StatusBit.POSITIONED);
          const frame: Jt808Frame = {
            messageId: 0x0200, phone: '013912345678', serial: 7, encryption: 0,
            body: { kind: 'location', alarm: 0, status, latitude: Math.abs(lat), longitude: Math.abs(lon), altitude, speed, direction, time: bcdGmt8(ms), extras: [] },
          };
          const b = values('jt808', jt808.encode(frame)).body;
          expect(b.lat_deg).toBe(lat / 1e6);
          expect(b.lon_deg).toBe(lon / 1e6);
          expect(b.speed_kmh).toBeCloseTo(speed / 10, 9);
          expect(b.altitude_m).toBe(altitude);
          expect(b.direction_deg).toBe(direction);
          expect(b.time_utc).toBe(isoSecond(ms));
        },
      ),
    );
  });

  it('the e-seal emulator\'s reports read back on its route (south and west of the equator and meridian) at the second it sent them', () => {
    const route: LatLon[] = [[-23.50, -46.70], [-23.45, -46.60], [-23.40, -46.62]];
    const frames = esealTrip({ at: 5000.4, phone: '013912345678', plate: 'ABC1234', route }, { noiseM: 0, speedKmh: { dist: 'constant', value: 48.7 } }, new RngStreams(3).stream('eseal'));
    const reports = frames.filter((f) => f.frame.body.kind === 'location');
    expect(reports.length).toBeGreaterThan(10);
    for (const f of reports) {
      const b = values('jt808', jt808.encode(f.frame)).body;
      expect(b.lat_deg).toBeLessThan(0);
      expect(b.lon_deg).toBeLessThan(0);
      expect(corridorDistanceM([b.lat_deg, b.lon_deg], route)).toBeLessThan(1); // 1e-6° rounding only
      expect(b.time_utc).toBe(isoUtc(DEFAULT_EPOCH_MS, Math.floor(f.at)).replace('.000Z', 'Z'));
      expect([0, 48.7]).toContain(b.speed_kmh);
    }
  });

  it('a time that is no date (all zeros before a fix, month 13) and encrypted coordinates give null, not a wrong value', () => {
    const frame = (time: string, status = 0): Jt808Frame => ({
      messageId: 0x0200, phone: '013912345678', serial: 1, encryption: 0,
      body: { kind: 'location', alarm: 0, status, latitude: 1, longitude: 1, altitude: 0, speed: 0, direction: 0, time, extras: [] },
    });
    expect(values('jt808', jt808.encode(frame('000000000000'))).body.time_utc).toBeNull();
    expect(values('jt808', jt808.encode(frame('261301000000'))).body.time_utc).toBeNull();
    expect(values('jt808', jt808.encode(frame('260229000000'))).body.time_utc).toBeNull(); // 2026 is no leap year
    expect(values('jt808', jt808.encode(frame('260101000000', 1 << Jt808StatusBit.COORDINATES_ENCRYPTED))).body).toMatchObject({ lat_deg: null, lon_deg: null, time_utc: '2025-12-31T16:00:00Z' });
  });
});

describe('GT06 location: 1/30000 minute with north/west bits, km/h, UTC date and time', () => {
  it('round trip through encode → decode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -90 * GT06_UNITS_PER_DEGREE, max: 90 * GT06_UNITS_PER_DEGREE }), fc.integer({ min: -180 * GT06_UNITS_PER_DEGREE, max: 180 * GT06_UNITS_PER_DEGREE }),
        fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 359 }), instant(Date.UTC(2000, 0, 1), Date.UTC(2099, 11, 31, 23, 59, 59)),
        (lat, lon, speed, course, ms) => {
          const d = new Date(ms);
          const f: Gt06Location = {
            kind: 'location', serial: 1,
            time: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
            gpsInfoLength: 12, satellites: 9, latitude: Math.abs(lat), longitude: Math.abs(lon), speed, course,
            north: lat >= 0, west: lon < 0, positioned: true, differential: false, vendorBits: 0, lbs: { mcc: 460, mnc: 0, lac: 1, cellId: 2 },
          };
          const v = values('gt06', gt06.encode(f));
          expect(v.lat_deg).toBeCloseTo(lat / GT06_UNITS_PER_DEGREE, 9);
          expect(v.lon_deg).toBeCloseTo(lon / GT06_UNITS_PER_DEGREE, 9);
          expect(v.speed_kmh).toBe(speed);
          expect(v.course_deg).toBe(course);
          expect(v.time_utc).toBe(isoSecond(ms));
        },
      ),
    );
  });
});

/** ddmm.mmmm (or dddmm.mmmm) of whole degrees and ten-thousandths of a minute: NMEA 0183's layout */
const ddmm = (deg: number, tenThousandthsMin: number, degDigits: number) =>
  String(deg).padStart(degDigits, '0') + (tenThousandthsMin / 10_000).toFixed(4).padStart(7, '0');

describe('NMEA 0183: ddmm.mmmm + hemisphere, knots, hhmmss.ss + ddmmyy (UTC)', () => {
  it('the textbook RMC: 4807.038 N is 48.1173°, 01131.000 E is 11.516667°, 22.4 kn is 41.4848 km/h, 23 March 1994 12:35:19 UTC', () => {
    const v = values('nmea', Uint8Array.from('$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n', (c) => c.charCodeAt(0)));
    expect(v).toMatchObject({ latitude: '4807.038', lat_deg: 48.1173, lon_deg: 11.516666667, speedKnots: '022.4', speed_kmh: 41.4848, course_deg: 84.4, time: '123519', time_utc: '1994-03-23T12:35:19Z' });
    const gga = values('nmea', Uint8Array.from('$GPGGA,123519,4807.038,S,01131.000,W,1,08,0.9,545.4,M,46.9,M,,*48\r\n', (c) => c.charCodeAt(0)));
    // GGA has no date: the time of day, UTC
    expect(gga).toMatchObject({ lat_deg: -48.1173, lon_deg: -11.516666667, altitude: '545.4', altitude_m: 545.4, time_utc: '12:35:19Z' });
  });

  it('round trip through encode → decode of an RMC sentence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 89 }), fc.integer({ min: 0, max: 599_999 }), fc.boolean(),
        fc.integer({ min: 0, max: 179 }), fc.integer({ min: 0, max: 599_999 }), fc.boolean(),
        fc.integer({ min: 0, max: 99_999 }), instant(Date.UTC(1980, 0, 1), Date.UTC(2079, 11, 31, 23, 59, 59)), fc.integer({ min: 0, max: 99 }),
        (latD, latM, south, lonD, lonM, west, knotsTenths, ms, centis) => {
          const d = new Date(ms);
          const two = (n: number) => String(n).padStart(2, '0');
          const s: NmeaRmc = {
            sentence: 'RMC', talker: 'GN', status: 'A',
            time: `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}.${two(centis)}`,
            latitude: ddmm(latD, latM, 2), latHemisphere: south ? 'S' : 'N', longitude: ddmm(lonD, lonM, 3), lonHemisphere: west ? 'W' : 'E',
            speedKnots: (knotsTenths / 10).toFixed(1), course: '', date: `${two(d.getUTCDate())}${two(d.getUTCMonth() + 1)}${two(d.getUTCFullYear() % 100)}`,
            magneticVariation: '', magneticDirection: '', mode: 'A',
          };
          const v = values('nmea', nmea.encode(s));
          expect(v.lat_deg).toBeCloseTo((south ? -1 : 1) * (latD + latM / 10_000 / 60), 9);
          expect(v.lon_deg).toBeCloseTo((west ? -1 : 1) * (lonD + lonM / 10_000 / 60), 9);
          expect(v.speed_kmh).toBeCloseTo((knotsTenths / 10) * 1.852, 6);
          expect(v.course_deg).toBeNull();
          expect(v.time_utc).toBe(`${new Date(ms).toISOString().slice(0, 19)}.${two(centis)}Z`);
        },
      ),
    );
  });

  it('empty fields (no fix yet) give null', () => {
    const s: NmeaGga = {
      sentence: 'GGA', talker: 'GP', time: '', latitude: '', latHemisphere: '', longitude: '', lonHemisphere: '', quality: 0,
      satellites: '', hdop: '', altitude: '', altitudeUnit: '', geoidSeparation: '', geoidUnit: '', dgpsAge: '', dgpsStation: '',
    };
    expect(values('nmea', nmea.encode(s))).toMatchObject({ lat_deg: null, lon_deg: null, time_utc: null, altitude_m: null });
  });
});

describe('weighbridge indicators: sign flag and unit beside the magnitude', () => {
  it('Mettler Toledo: signed kilograms, pounds converted (1 lb = 0.45359237 kg), through encode → decode', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constantFrom('kg' as const, 'lb' as const), (w, t, decimals, negative, unit) => {
        const f: MettlerToledoFrame = {
          weight: w / 10 ** decimals, tare: t / 10 ** decimals, net: t > 0, negative, motion: false, overCapacity: false, unit, decimals, increment: 1,
          powerUpNotZeroed: false, printRequest: false, expanded: false, checksum: true,
        };
        const v = values('mettler-toledo', mettlerToledo.encode(f));
        const perUnit = unit === 'kg' ? 1 : 0.45359237;
        expect(v.weight_kg).toBeCloseTo((negative ? -1 : 1) * (w / 10 ** decimals) * perUnit, 5);
        expect(v.tare_kg).toBeCloseTo((t / 10 ** decimals) * perUnit, 5);
      }),
    );
  });

  it('XK3190: the signed weight (the frame carries no unit)', () => {
    const v = values('xk3190', xk3190.encode({ weight: 20, decimals: 2, negative: true }));
    expect(v).toEqual({ weight: 20, weight_signed: -20, decimals: 2, negative: true });
  });
});

describe('time stamps with a zone offset, and count rates', () => {
  it('N42: each slice\'s start in UTC and its gross counts per second, through encode → decode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 * 365 * 86_400 }), fc.integer({ min: -12, max: 14 }),
        fc.integer({ min: 1, max: 36_000 }).map((ms) => ms / 1000), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 }),
        (at, offsetH, durationS, gamma, neutron) => {
          const f: N42Frame = {
            instrument: { manufacturer: 'M', model: 'RPM', identifier: 'rpm-1' },
            measurements: [{ start: isoWithOffset(DEFAULT_EPOCH_MS, at, offsetH), durationS, gamma, neutron }],
            alarms: [],
          };
          const m = values('n42', n42Codec.encode(f)).measurements[0];
          expect(m.time_utc).toBe(isoSecond(DEFAULT_EPOCH_MS + at * 1000));
          expect(m.gamma_cps).toBeCloseTo(gamma / durationS, 5);
          expect(m.neutron_cps).toBeCloseTo(neutron / durationS, 5);
        },
      ),
    );
  });

  it('N42 start without a zone is a local time of an unknown zone: null', () => {
    const f: N42Frame = { instrument: { manufacturer: 'M', model: 'RPM', identifier: '' }, measurements: [{ start: '2026-01-01T08:00:00', durationS: 0.2, gamma: 100, neutron: 1 }], alarms: [] };
    expect(values('n42', n42Codec.encode(f)).measurements[0]).toMatchObject({ time_utc: null, gamma_cps: 500, neutron_cps: 5 });
  });

  it('ANPR alert (XML and inside the multipart POST): the camera\'s local dateTime with offset as UTC', () => {
    const alert: AnprAlert = {
      namespace: 'http://www.hikvision.com/ver20/XMLSchema', ipAddress: '192.168.1.64', dateTime: '2026-07-05T20:44:40+01:00',
      eventType: 'ANPR', eventState: 'active', anpr: { licensePlate: 'WX1234A', confidenceLevel: 92 },
    };
    expect(values('anpr-xml', anprXmlCodec.encode(alert)).time_utc).toBe('2026-07-05T19:44:40Z');
    const mp = values('anpr-multipart', anprMultipartCodec.encode({ boundary: 'b0undary', alert, pictureName: 'licensePlatePicture.jpg', jpeg: tinyJpeg() }));
    expect(mp.alert.time_utc).toBe('2026-07-05T19:44:40Z');
  });
});

describe('formats without engineering values', () => {
  it('leaves container numbers, OCR and RFID reads as decoded (their fields are plain units or identifiers already)', () => {
    for (const [format, text] of [
      ['iso6346', 'CSQU3054383'],
      ['rfid-read', '{"reader":"r1","antenna":1,"epc":"E2000017221101441890ABCD","rssi":-55.5,"timestamp":"2026-01-01T00:00:00.000Z","loop":"loop1","readCount":3}'],
    ] as const) {
      const bytes = new TextEncoder().encode(text);
      expect(withEngineeringValues(format, FORMATS.get(format)!.decode(bytes))).toStrictEqual(FORMATS.get(format)!.decode(bytes));
    }
  });
});
