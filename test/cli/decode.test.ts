/** `ctwin decode`: one frame in, JSON out (wire values with engineering values beside them), or exit 2 with the decoder's reason. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CTWIN, ROOT, TEST_STORE, tempDir, type CliResult } from './helpers.js';

/** ctwin started as users start it: the bin file itself, through its shebang */
function ctwin(args: string[]): CliResult {
  const r = spawnSync(CTWIN, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CTWIN_DEBUG: '', CTWIN_STORE: TEST_STORE } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ctwin decode', () => {
  it('decodes a container number, an NMEA sentence (line end added) and a JT/T 808 frame given as hex', () => {
    const iso = ctwin(['decode', '--format', 'iso6346', '--text', 'CSQU 305438 3']);
    expect(iso.status).toBe(0);
    expect(JSON.parse(iso.stdout)).toEqual({ format: 'iso6346', frame: { owner: 'CSQ', category: 'U', serial: '305438', checkDigit: 3 } });
    const gga = ctwin(['decode', '--format', 'nmea', '--text', '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47']);
    expect(gga.status).toBe(0);
    expect(JSON.parse(gga.stdout).frame).toMatchObject({ sentence: 'GGA', latitude: '4807.038', latHemisphere: 'N' });
    // a heartbeat (0x0002) from terminal 013912345678, serial 1, built by hand: header, XOR, flags
    const body = [0x00, 0x02, 0x00, 0x00, 0x01, 0x39, 0x12, 0x34, 0x56, 0x78, 0x00, 0x01];
    const x = body.reduce((a, b) => a ^ b, 0);
    const hex = ['7e', ...body.map((b) => b.toString(16).padStart(2, '0')), x.toString(16).padStart(2, '0'), '7e'].join(' ');
    const hb = ctwin(['decode', '--format', 'jt808', '--hex', hex]);
    expect(hb.stderr).toBe('');
    expect(hb.status).toBe(0);
    expect(JSON.stringify(JSON.parse(hb.stdout))).toContain('013912345678');
  });

  it('exits 2 with the reason: bad check digit, bad checksum, unknown format, bad hex', () => {
    const bad = ctwin(['decode', '--format', 'iso6346', '--text', 'CSQU3054384']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/iso6346: bad checksum: check digit should be 3/);
    const xk = ctwin(['decode', '--format', 'xk3190', '--hex', '02 2B 30 30 32 30 30 30 32 31 43 03']);
    expect(xk.status).toBe(2);
    expect(xk.stderr).toMatch(/xk3190: bad checksum/);
    const fmt = ctwin(['decode', '--format', 'nope', '--text', 'x']);
    expect(fmt.status).toBe(2);
    expect(fmt.stderr).toMatch(/no format 'nope'; formats: .*jt808.*gather-info/);
    const hx = ctwin(['decode', '--format', 'jt808', '--hex', '7e0']);
    expect(hx.status).toBe(2);
    expect(hx.stderr).toMatch(/--hex: expected pairs of hex digits/);
  });

  it('the XK3190 worked example decodes to +20.00', () => {
    const r = ctwin(['decode', '--format', 'xk3190', '--hex', '02 2B 30 30 32 30 30 30 32 31 42 03']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).frame).toEqual({ weight: 20, weight_signed: 20, decimals: 2, negative: false });
  });

  it('prints engineering values beside the wire values: JT/T 808 degrees, km/h, metres, UTC, mileage', () => {
    // SmallChi/JT808 README 0x0200 sample: latitude 12222222, speed 60, time 181015101010 (GMT+8), mileage 100, oil 125
    const r = ctwin(['decode', '--format', 'jt808', '--hex', '7E 02 00 00 26 12 34 56 78 90 12 00 7D 02 00 00 00 01 00 00 00 02 00 BA 7F 0E 07 E4 F1 1C 00 28 00 3C 00 00 18 10 15 10 10 10 01 04 00 00 00 64 02 02 00 7D 01 13 7E']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // side by side in what the engineer reads
    expect(r.stdout).toMatch(/"latitude": 12222222,\n\s+"lat_deg": 12\.222222,\n\s+"longitude": 132444444,\n\s+"lon_deg": 132\.444444,/);
    expect(r.stdout).toMatch(/"speed": 60,\n\s+"speed_kmh": 6,/);
    expect(r.stdout).toMatch(/"time": "181015101010",\n\s+"time_utc": "2018-10-15T02:10:10Z"/);
    const body = JSON.parse(r.stdout).frame.body;
    expect(body).toMatchObject({ altitude: 40, altitude_m: 40, direction: 0, direction_deg: 0 });
    expect(body.extras).toEqual([
      { id: 1, value: { bytes: 4, hex: '00000064' }, mileage_km: 10 },
      { id: 2, value: { bytes: 2, hex: '007d' }, fuel_l: 12.5 },
    ]);
  });

  it('NMEA: signed decimal degrees, knots as km/h, time and date as UTC; GGA altitude in metres', () => {
    const rmc = ctwin(['decode', '--format', 'nmea', '--text', '$GPRMC,123519,A,4807.038,N,01131.000,W,022.4,084.4,230394,003.1,W*78']);
    expect(rmc.stderr).toBe('');
    expect(JSON.parse(rmc.stdout).frame).toMatchObject({
      time: '123519', time_utc: '1994-03-23T12:35:19Z', latitude: '4807.038', latHemisphere: 'N', lat_deg: 48.1173,
      longitude: '01131.000', lonHemisphere: 'W', lon_deg: -11.516666667, speedKnots: '022.4', speed_kmh: 41.4848, course: '084.4', course_deg: 84.4,
    });
    expect(rmc.stdout).toMatch(/"latHemisphere": "N",\n\s+"lat_deg": 48\.1173,/);
    const gga = ctwin(['decode', '--format', 'nmea', '--text', '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47']);
    expect(JSON.parse(gga.stdout).frame).toMatchObject({ time_utc: '12:35:19Z', lat_deg: 48.1173, lon_deg: 11.516666667, altitude_m: 545.4 });
  });

  it('GT06, a weighbridge in pounds, and an N42 occupancy read from a file: degrees and UTC, signed kilograms, counts per second', () => {
    // the GT06 sheet's location example (CRC-corrected copy): 2011-08-29 17:46:16 UTC, 23.111668 N, 114.409285 E, course 143
    const gt = ctwin(['decode', '--format', 'gt06', '--hex', '78781F120B081D112E10CF027AC7EB0C46584900148F01CC00287D001FB8000380810D0A']);
    expect(gt.stderr).toBe('');
    const g = JSON.parse(gt.stdout).frame;
    expect(g).toMatchObject({ time_utc: '2011-08-29T17:46:16Z', course: 143, course_deg: 143 });
    expect(g.lat_deg).toBeCloseTo(23.111668, 6);
    expect(g.lon_deg).toBeCloseTo(114.409285, 6);
    expect(g.speed_kmh).toBe(g.speed);
    // Mettler Toledo: -1234 lb (status A: x1, no decimals; B: negative, lb), checksum appended
    const frame = [0x02, 0x2a, 0x22, 0x20, ...'001234000000'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c));
    frame.push(0x0d, -frame.concat(0x0d).reduce((a, b) => a + b, 0) & 0x7f);
    const mt = ctwin(['decode', '--format', 'mettler-toledo', '--hex', Buffer.from(frame).toString('hex')]);
    expect(mt.stderr).toBe('');
    const m = JSON.parse(mt.stdout).frame;
    expect(m).toMatchObject({ weight: 1234, negative: true, unit: 'lb', tare: 0, tare_kg: 0 });
    expect(m.weight_kg).toBeCloseTo(-559.732985, 6);
    const dir = tempDir('ctwin-decode-');
    const file = join(dir, 'occupancy.n42');
    writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>
<RadInstrumentData xmlns="http://physics.nist.gov/N42/2011/N42">
<RadInstrumentInformation id="i"><RadInstrumentManufacturerName>M</RadInstrumentManufacturerName><RadInstrumentModelName>RPM</RadInstrumentModelName><RadInstrumentClassCode>Portal Monitor</RadInstrumentClassCode></RadInstrumentInformation>
<RadDetectorInformation id="G"><RadDetectorCategoryCode>Gamma</RadDetectorCategoryCode></RadDetectorInformation>
<RadDetectorInformation id="N"><RadDetectorCategoryCode>Neutron</RadDetectorCategoryCode></RadDetectorInformation>
<RadMeasurement id="m1"><StartDateTime>2026-03-01T08:00:00.2+08:00</StartDateTime><RealTimeDuration>PT0.2S</RealTimeDuration>
<GrossCounts radDetectorInformationReference="G"><CountData>300 340</CountData></GrossCounts><GrossCounts radDetectorInformationReference="N"><CountData>2</CountData></GrossCounts></RadMeasurement>
</RadInstrumentData>
`);
    const n42 = ctwin(['decode', '--format', 'n42', '--file', file]);
    expect(n42.stderr).toBe('');
    expect(JSON.parse(n42.stdout).frame.measurements).toEqual([
      { start: '2026-03-01T08:00:00.2+08:00', time_utc: '2026-03-01T00:00:00.2Z', durationS: 0.2, gamma: 640, gamma_cps: 3200, neutron: 2, neutron_cps: 10 },
    ]);
  });
});

