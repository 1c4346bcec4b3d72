/** `ctwin decode`: one frame in, JSON out, or exit 2 with the decoder's reason. */
import { describe, expect, it } from 'vitest';
import { ctwin } from './helpers.js';

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
    expect(JSON.parse(r.stdout).frame).toEqual({ weight: 20, decimals: 2, negative: false });
  });
});
