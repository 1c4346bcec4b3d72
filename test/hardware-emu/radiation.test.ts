import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enc, onlyDecodeErrors, problem, truncationsAre } from './codec-properties.js';
import { DecodeError } from '../../hardware-emu/codec.js';
import { codecs, n42Codec, type N42Frame } from '../../hardware-emu/radiation/index.js';

const xmlText = (min = 0) =>
  fc
    .string({ unit: fc.constantFrom('a', 'Z', '7', ' ', '&', '<', '>', '"', "'", '中', '辐', '射', '-'), minLength: min, maxLength: 16 })
    .map((s) => s.trim())
    .filter((s) => s.length >= min);

const frameArb: fc.Arbitrary<N42Frame> = fc
  .record({
    instrument: fc.record({ manufacturer: xmlText(), model: xmlText(), identifier: xmlText() }),
    measurements: fc.array(
      fc.record({
        start: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) }).map((t) => new Date(t).toISOString()),
        durationS: fc.integer({ min: 1, max: 3_600_000 }).map((ms) => ms / 1000),
        gamma: fc.integer({ min: 0, max: 10_000_000 }),
        neutron: fc.integer({ min: 0, max: 100_000 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    alarms: fc.array(fc.record({ kind: fc.constantFrom('gamma' as const, 'neutron' as const), description: xmlText() }), { maxLength: 3 }),
  })
  .map((f) => JSON.parse(JSON.stringify(f)) as N42Frame); // plain prototypes for toStrictEqual


/**
 * No public portal-monitor N42 file turned up in the searchable corpora (the public N42 files found are
 * handheld identifiers: FLIR identiFINDER, Kromek D4, Symetrica). This excerpt is written to the
 * N42.42-2012 schema (physics.nist.gov/N42/2011/n42.xsd) the way RPM software emits it: 4 gamma (PVT) and
 * 2 neutron (He-3) panels, GrossCounts per panel, 0.2 s slices, RadAlarm inside AnalysisResults.
 */
const RPM_EXCERPT = `<?xml version="1.0" encoding="UTF-8"?>
<RadInstrumentData xmlns="http://physics.nist.gov/N42/2011/N42" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" n42DocUUID="0a1b2c3d-0000-4000-8000-000000000001">
  <RadInstrumentDataCreatorName>customs-twin fixture</RadInstrumentDataCreatorName>
  <RadInstrumentInformation id="RPM">
    <RadInstrumentManufacturerName>Example RPM Co</RadInstrumentManufacturerName>
    <RadInstrumentIdentifier>LANE-3</RadInstrumentIdentifier>
    <RadInstrumentModelName>RPM-4G2N</RadInstrumentModelName>
    <RadInstrumentClassCode>Portal Monitor</RadInstrumentClassCode>
  </RadInstrumentInformation>
  <RadDetectorInformation id="G1"><RadDetectorCategoryCode>Gamma</RadDetectorCategoryCode><RadDetectorKindCode>PVT</RadDetectorKindCode></RadDetectorInformation>
  <RadDetectorInformation id="G2"><RadDetectorCategoryCode>Gamma</RadDetectorCategoryCode><RadDetectorKindCode>PVT</RadDetectorKindCode></RadDetectorInformation>
  <RadDetectorInformation id="G3"><RadDetectorCategoryCode>Gamma</RadDetectorCategoryCode><RadDetectorKindCode>PVT</RadDetectorKindCode></RadDetectorInformation>
  <RadDetectorInformation id="G4"><RadDetectorCategoryCode>Gamma</RadDetectorCategoryCode><RadDetectorKindCode>PVT</RadDetectorKindCode></RadDetectorInformation>
  <RadDetectorInformation id="N1"><RadDetectorCategoryCode>Neutron</RadDetectorCategoryCode><RadDetectorKindCode>He3</RadDetectorKindCode></RadDetectorInformation>
  <RadDetectorInformation id="N2"><RadDetectorCategoryCode>Neutron</RadDetectorCategoryCode><RadDetectorKindCode>He3</RadDetectorKindCode></RadDetectorInformation>
  <RadMeasurement id="Occ-1-Slice-1">
    <MeasurementClassCode>Foreground</MeasurementClassCode>
    <StartDateTime>2026-11-30T08:15:02.000+08:00</StartDateTime>
    <RealTimeDuration>PT0.2S</RealTimeDuration>
    <GrossCounts radDetectorInformationReference="G1"><CountData>410</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="G2"><CountData>395</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="G3"><CountData>402</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="G4"><CountData>388</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="N1"><CountData>1</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="N2"><CountData>0</CountData></GrossCounts>
    <OccupancyIndicator>true</OccupancyIndicator>
  </RadMeasurement>
  <RadMeasurement id="Occ-1-Slice-2">
    <MeasurementClassCode>Foreground</MeasurementClassCode>
    <StartDateTime>2026-11-30T08:15:02.200+08:00</StartDateTime>
    <RealTimeDuration>PT0.2S</RealTimeDuration>
    <GrossCounts radDetectorInformationReference="G1"><CountData>980</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="G2"><CountData>1012</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="G3"><CountData>640</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="G4"><CountData>655</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="N1"><CountData>2</CountData></GrossCounts>
    <GrossCounts radDetectorInformationReference="N2"><CountData>1</CountData></GrossCounts>
    <OccupancyIndicator>true</OccupancyIndicator>
  </RadMeasurement>
  <AnalysisResults>
    <RadAlarm radDetectorInformationReferences="G1 G2">
      <RadAlarmCategoryCode>Gamma</RadAlarmCategoryCode>
      <RadAlarmDescription>Gamma alarm: counts above background threshold</RadAlarmDescription>
      <RadAlarmLightColor>Red</RadAlarmLightColor>
    </RadAlarm>
  </AnalysisResults>
</RadInstrumentData>
`;

describe('n42', () => {
  it('is listed in codecs', () => expect(codecs.map((c) => c.format)).toEqual(['n42']));

  it('round-trips generated occupancies', () => {
    fc.assert(
      fc.property(frameArb, (f) => {
        expect(n42Codec.decode(n42Codec.encode(f))).toStrictEqual(f);
      }),
    );
  });

  it('decodes the RPM excerpt, summing panels per detector kind', () => {
    expect(n42Codec.decode(enc(RPM_EXCERPT))).toStrictEqual({
      instrument: { manufacturer: 'Example RPM Co', model: 'RPM-4G2N', identifier: 'LANE-3' },
      measurements: [
        { start: '2026-11-30T08:15:02.000+08:00', durationS: 0.2, gamma: 1595, neutron: 1 },
        { start: '2026-11-30T08:15:02.200+08:00', durationS: 0.2, gamma: 3287, neutron: 3 },
      ],
      alarms: [{ kind: 'gamma', description: 'Gamma alarm: counts above background threshold' }],
    });
  });

  it('reads durations with minutes/hours and multi-value CountData', () => {
    const x = RPM_EXCERPT.replace('<RealTimeDuration>PT0.2S<', '<RealTimeDuration>PT1M0.5S<').replace('<CountData>410<', '<CountData>400 10<');
    const m = n42Codec.decode(enc(x)).measurements[0];
    expect([m.durationS, m.gamma]).toEqual([60.5, 1595]);
  });

  it('rejects bad fields with field errors', () => {
    for (const [from, to] of [
      ['<RealTimeDuration>PT0.2S<', '<RealTimeDuration>0.2<'],
      ['2026-11-30T08:15:02.000+08:00', '2026-13-30T08:15:02'],
      ['<CountData>410<', '<CountData>-4<'],
      ['radDetectorInformationReference="G1"', 'radDetectorInformationReference="X9"'],
      ['<RadAlarmCategoryCode>Gamma<', '<RadAlarmCategoryCode>Alpha<'],
      ['xmlns="http://physics.nist.gov/N42/2011/N42"', 'xmlns="urn:other"'],
      ['<RadInstrumentClassCode>Portal Monitor</RadInstrumentClassCode>', ''],
    ]) {
      expect(problem(() => n42Codec.decode(enc(RPM_EXCERPT.replace(from, to))))).toBe('field');
    }
  });

  it('malformed or truncated XML is a syntax error', () => {
    const good = enc(RPM_EXCERPT);
    truncationsAre(n42Codec, good, 'syntax');
    expect(problem(() => n42Codec.decode(enc(RPM_EXCERPT.replace('</AnalysisResults>', ''))))).toBe('syntax');
  });

  it('random bytes, strings and mutations only ever raise DecodeError', () => {
    const good = enc(RPM_EXCERPT);
    onlyDecodeErrors(n42Codec, good);
  });
});
