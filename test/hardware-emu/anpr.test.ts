import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enc, onlyDecodeErrors, problem, truncationsAre } from './codec-properties.js';
import { DecodeError } from '../../hardware-emu/codec.js';
import { anprMultipartCodec, anprXmlCodec, codecs, tinyJpeg, type AnprAlert, type AnprMultipart } from '../../hardware-emu/anpr/index.js';
import { ANPR_NAMESPACES } from '../../hardware-emu/anpr/anpr-xml.js';


/** XML-hostile text: markup characters, quotes, Chinese; trimmed because devices and the parser trim values */
const xmlText = (min = 0) =>
  fc
    .string({ unit: fc.constantFrom('a', 'Z', '7', ' ', '&', '<', '>', '"', "'", ';', '中', '闽', '粤', 'Ä', '-'), minLength: min, maxLength: 16 })
    .map((s) => s.trim())
    .filter((s) => s.length >= min);
const uint = fc.integer({ min: 0, max: 99_999 });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const dateTime = fc
  .record({ t: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) }), off: fc.integer({ min: -12, max: 14 }) })
  .map(({ t, off }) => `${new Date(t + off * 3_600_000).toISOString().slice(0, 19)}${off < 0 ? '-' : '+'}${String(Math.abs(off)).padStart(2, '0')}:00`);

/** drops undefined keys so generated frames compare equal to decoded ones with toStrictEqual */
const clean = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

const alertArb: fc.Arbitrary<AnprAlert> = fc
  .record({
    namespace: fc.constantFrom(...ANPR_NAMESPACES),
    ipAddress: xmlText(1), portNo: opt(uint), protocol: opt(xmlText()), macAddress: opt(xmlText()), channelID: opt(uint),
    dateTime, activePostCount: opt(uint), eventType: fc.constant('ANPR' as const),
    eventState: fc.constantFrom('active' as const, 'inactive' as const), eventDescription: opt(xmlText()),
    anpr: fc.record({
      country: opt(xmlText()), licensePlate: xmlText(1), line: opt(uint), direction: opt(xmlText()),
      confidenceLevel: fc.integer({ min: 0, max: 100 }), plateType: opt(xmlText()), plateColor: opt(xmlText()),
      licenseBright: opt(uint), vehicleType: opt(xmlText()),
      vehicleInfo: opt(fc.record({ index: opt(uint), colorDepth: opt(uint), color: opt(xmlText()), length: opt(uint), vehicleLogoRecog: opt(uint) })),
    }),
    picNum: opt(uint),
  })
  .map(clean);

const jpegArb = fc.uint8Array({ maxLength: 64 }).map((mid) => Uint8Array.from([0xff, 0xd8, ...mid, 0xff, 0xd9]));
const multipartArb: fc.Arbitrary<AnprMultipart> = fc.record({
  boundary: fc.stringMatching(/^[0-9A-Za-z'()+_,\-./:=?]{8,40}$/),
  alert: alertArb,
  pictureName: fc.constantFrom('licensePlatePicture.jpg', 'detectionPicture.jpg', 'vehiclePicture.jpg'),
  jpeg: jpegArb,
}).map((r) => ({ ...r })); // plain prototype, for toStrictEqual


/**
 * Hikvision DeepinView V5.8 capture (plate anonymised by the publisher), from koniosz/Gatelynk
 * apps/edge/tools/test-anpr-parser.ts, fixture 1 "kształt 1:1 z produkcyjnego dumpa".
 */
const DEEPINVIEW_V58 = `<EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">
<ipAddress>192.168.1.64</ipAddress>
<portNo>4000</portNo>
<channelID>1</channelID>
<dateTime>2026-07-05T20:44:40+01:00</dateTime>
<eventType>ANPR</eventType>
<eventState>active</eventState>
<eventDescription>ANPR</eventDescription>
<channelName>Camera 01</channelName>
<ANPR>
<country>7</country>
<licensePlate>WX1234A</licensePlate>
<line>1</line>
<direction>reverse</direction>
<confidenceLevel>92</confidenceLevel>
<plateType>unknown</plateType>
<plateColor>unknown</plateColor>
<licenseBright>79</licenseBright>
<plateCharBelieve>99,99,99,61,99,99,99</plateCharBelieve>
<vehicleType>SUVMPV</vehicleType>
<vehicleInfo>
<index>3301</index>
<colorDepth>0</colorDepth>
<color>black</color>
<length>0</length>
<vehicleLogoRecog>1036</vehicleLogoRecog>
<vehileSubLogoRecog>0</vehileSubLogoRecog>
<vehileModel>0</vehileModel>
</vehicleInfo>
<originalLicensePlate>WX1234A</originalLicensePlate>
<vehicleListName>otherList</vehicleListName>
</ANPR>
<UUID>x</UUID>
</EventNotificationAlert>`;

const SAMPLE_VALUE: AnprAlert = {
  namespace: 'http://www.hikvision.com/ver20/XMLSchema', ipAddress: '192.168.1.64', portNo: 4000, channelID: 1,
  dateTime: '2026-07-05T20:44:40+01:00', eventType: 'ANPR', eventState: 'active', eventDescription: 'ANPR',
  anpr: {
    country: '7', licensePlate: 'WX1234A', line: 1, direction: 'reverse', confidenceLevel: 92, plateType: 'unknown',
    plateColor: 'unknown', licenseBright: 79, vehicleType: 'SUVMPV',
    vehicleInfo: { index: 3301, colorDepth: 0, color: 'black', length: 0, vehicleLogoRecog: 1036 },
  },
};

describe('anpr-xml', () => {
  it('is listed in codecs', () => expect(codecs.map((c) => c.format)).toEqual(['anpr-xml', 'anpr-multipart']));

  it('round-trips generated alerts', () => {
    fc.assert(fc.property(alertArb, (a) => {
      expect(anprXmlCodec.decode(anprXmlCodec.encode(a))).toStrictEqual(a);
    }));
  });

  it('decodes the DeepinView V5.8 capture, ignoring elements it does not model', () => {
    expect(anprXmlCodec.decode(enc(DEEPINVIEW_V58))).toStrictEqual(SAMPLE_VALUE);
    expect(anprXmlCodec.decode(anprXmlCodec.encode(SAMPLE_VALUE))).toStrictEqual(SAMPLE_VALUE);
  });

  it('decodes an NVR-forwarded copy with namespace prefixes', () => {
    const prefixed = DEEPINVIEW_V58.replace(/<(\/?)([A-Za-z])/g, '<$1ns1:$2').replace(' xmlns=', ' xmlns:ns1=');
    expect(prefixed).toContain('<ns1:ANPR>');
    expect(anprXmlCodec.decode(enc(prefixed))).toStrictEqual(SAMPLE_VALUE);
  });

  it('decodes the older-firmware shape (std-cgi ver10, no eventDescription, no vehicleInfo)', () => {
    // koniosz/Gatelynk test-anpr-parser.ts fixture 2, "Starszy firmware (V5.3–5.6, np. DS-2CD4A26FWD)"
    const older = `<EventNotificationAlert version="1.0" xmlns="http://www.std-cgi.com/ver10/XMLSchema">
<ipAddress>192.168.1.201</ipAddress>
<channelID>1</channelID>
<dateTime>2020-03-10T09:12:00+01:00</dateTime>
<eventType>ANPR</eventType>
<eventState>active</eventState>
<ANPR>
<licensePlate>EL123AB</licensePlate>
<line>1</line>
<direction>forward</direction>
<confidenceLevel>85</confidenceLevel>
<plateType>92wex</plateType>
<plateColor>white</plateColor>
</ANPR>
</EventNotificationAlert>`;
    expect(anprXmlCodec.decode(enc(older))).toStrictEqual({
      namespace: 'http://www.std-cgi.com/ver10/XMLSchema', ipAddress: '192.168.1.201', channelID: 1, dateTime: '2020-03-10T09:12:00+01:00',
      eventType: 'ANPR', eventState: 'active',
      anpr: { licensePlate: 'EL123AB', line: 1, direction: 'forward', confidenceLevel: 85, plateType: '92wex', plateColor: 'white' },
    });
  });

  it('rejects bad fields with field errors naming the element', () => {
    const bad = (from: string, to: string) => () => anprXmlCodec.decode(enc(DEEPINVIEW_V58.replace(from, to)));
    for (const [from, to, name] of [
      ['<eventType>ANPR<', '<eventType>VMD<', 'eventType'],
      ['<confidenceLevel>92<', '<confidenceLevel>101<', 'confidenceLevel'],
      ['<confidenceLevel>92<', '<confidenceLevel>92.5<', 'confidenceLevel'],
      ['2026-07-05T20:44:40+01:00', '2026-02-30T20:44:40+01:00', 'dateTime'],
      ['2026-07-05T20:44:40+01:00', '2026-07-05T20:44:40', 'dateTime'],
      ['<licensePlate>WX1234A</licensePlate>', '', 'licensePlate'],
      ['ver20/XMLSchema"', 'ver99/XMLSchema"', 'xmlns'],
      ['<portNo>4000<', '<portNo>-1<', 'portNo'],
    ]) {
      expect(bad(from, to)).toThrowError(new RegExp(`bad field: .*${name}`));
      expect(problem(bad(from, to))).toBe('field');
    }
  });

  it('malformed or truncated XML is a syntax error', () => {
    const good = anprXmlCodec.encode(SAMPLE_VALUE);
    truncationsAre(anprXmlCodec, good, 'syntax');
    expect(problem(() => anprXmlCodec.decode(enc('<EventNotificationAlert><ipAddress>1</EventNotificationAlert>')))).toBe('syntax');
    expect(problem(() => anprXmlCodec.decode(enc(DEEPINVIEW_V58 + '<x/>')))).toBe('syntax');
  });

  it('random bytes, strings and mutations only ever raise DecodeError', () => {
    const good = anprXmlCodec.encode(SAMPLE_VALUE);
    onlyDecodeErrors(anprXmlCodec, good);
  });
});

describe('anpr-multipart', () => {
  it('the fixed JPEG is a complete baseline JPEG (SOI … EOI)', () => {
    const j = tinyJpeg();
    expect([j[0], j[1], j[2], j[3]]).toEqual([0xff, 0xd8, 0xff, 0xdb]);
    expect([j[j.length - 2], j[j.length - 1]]).toEqual([0xff, 0xd9]);
  });

  it('round-trips generated bodies', () => {
    fc.assert(fc.property(multipartArb, (m) => {
      expect(anprMultipartCodec.decode(anprMultipartCodec.encode(m))).toStrictEqual(m);
    }));
  });

  it('decodes a hand-built camera POST with text/xml and no Content-Length, and detects the boundary', () => {
    const jpeg = tinyJpeg();
    const head = enc(
      '--MIME_boundary\r\nContent-Disposition: form-data; name="anpr.xml"; filename="anpr.xml"\r\nContent-Type: text/xml\r\n\r\n' +
        DEEPINVIEW_V58 +
        '\r\n--MIME_boundary\r\nContent-Disposition: form-data; name="detectionPicture.jpg"; filename="detectionPicture.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
    );
    const body = Uint8Array.from([...head, ...jpeg, ...enc('\r\n--MIME_boundary--\r\n')]);
    expect(anprMultipartCodec.decode(body)).toStrictEqual({ boundary: 'MIME_boundary', alert: SAMPLE_VALUE, pictureName: 'detectionPicture.jpg', jpeg });
  });

  it('rejects a picture that is not a JPEG, a wrong Content-Length, and bad framing', () => {
    const frame = { boundary: 'bnd0123456', alert: SAMPLE_VALUE, pictureName: 'detectionPicture.jpg', jpeg: tinyJpeg() };
    expect(problem(() => anprMultipartCodec.decode(anprMultipartCodec.encode({ ...frame, jpeg: Uint8Array.from([0x89, 0x50, 0xff, 0xd9]) })))).toBe('field');
    const good = new TextDecoder('latin1').decode(anprMultipartCodec.encode(frame));
    const latin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    expect(problem(() => anprMultipartCodec.decode(latin(good.replace(`Content-Length: ${tinyJpeg().length}`, 'Content-Length: 3'))))).toBe('length');
    expect(problem(() => anprMultipartCodec.decode(latin(good.replace('bnd0123456--', 'bnd0123456'))))).toBe('framing');
    expect(problem(() => anprMultipartCodec.decode(latin(good.slice(2))))).toBe('framing');
    expect(problem(() => anprMultipartCodec.decode(latin(good + 'junk')))).toBe('framing');
  });

  it('truncated bodies and random bytes only ever raise DecodeError', () => {
    const good = anprMultipartCodec.encode({ boundary: 'bnd0123456', alert: SAMPLE_VALUE, pictureName: 'x.jpg', jpeg: tinyJpeg() });
    fc.assert(fc.property(fc.integer({ min: 0, max: good.length - 3 }), (n) => {
      expect(problem(() => anprMultipartCodec.decode(good.subarray(0, n)))).not.toBe('accepted');
    }));
    fc.assert(fc.property(fc.oneof(fc.uint8Array(), fc.string().map(enc), fc.string().map((s) => enc(`--abc\r\n${s}`))), (b) => void problem(() => anprMultipartCodec.decode(b))));
  });
});
