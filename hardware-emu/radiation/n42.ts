/**
 * 'n42': an ANSI N42.42-2012 `RadInstrumentData` subset for a radiation portal monitor (RPM) occupancy:
 * one RadMeasurement per time slice as the truck passes, GrossCounts per detector (summed per kind),
 * and RadAlarm results inside AnalysisResults. Element names/order follow the N42.42-2012 schema
 * (http://physics.nist.gov/N42/2011/n42.xsd) as read by LLNL's gov.nist.physics.n42 reader.
 */
import { guarded, type Codec } from '../codec.js';
import { el, isoDateTime, parseRoot, type Elem } from '../xml-doc.js';

export const N42_NS = 'http://physics.nist.gov/N42/2011/N42';

export interface N42Instrument {
  manufacturer: string;
  model: string;
  identifier: string;
}

export interface N42Slice {
  /** xs:dateTime, kept verbatim */
  start: string;
  /** RealTimeDuration in seconds (ISO 8601 PTnS on the wire) */
  durationS: number;
  /** gross counts summed over all gamma detectors */
  gamma: number;
  /** gross counts summed over all neutron detectors */
  neutron: number;
}

export interface N42Alarm {
  kind: 'gamma' | 'neutron';
  description: string;
}

export interface N42Frame {
  instrument: N42Instrument;
  measurements: N42Slice[];
  alarms: N42Alarm[];
}

const FORMAT = 'n42';

function encode(f: N42Frame): string {
  const i = f.instrument;
  const slices = f.measurements.map((m, k) =>
    `<RadMeasurement id="RadMeasurement-${k + 1}">\n<MeasurementClassCode>Foreground</MeasurementClassCode>\n` +
    `${el('StartDateTime', m.start)}\n<RealTimeDuration>${isoSeconds(m.durationS)}</RealTimeDuration>\n` +
    `<GrossCounts radDetectorInformationReference="Gamma-1"><CountData>${m.gamma}</CountData></GrossCounts>\n` +
    `<GrossCounts radDetectorInformationReference="Neutron-1"><CountData>${m.neutron}</CountData></GrossCounts>\n` +
    `<OccupancyIndicator>true</OccupancyIndicator>\n</RadMeasurement>\n`).join('');
  const alarms = f.alarms.map((a) =>
    `<RadAlarm radDetectorInformationReferences="${a.kind === 'gamma' ? 'Gamma-1' : 'Neutron-1'}">` +
    `<RadAlarmCategoryCode>${a.kind === 'gamma' ? 'Gamma' : 'Neutron'}</RadAlarmCategoryCode>${el('RadAlarmDescription', a.description)}</RadAlarm>\n`).join('');
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<RadInstrumentData xmlns="${N42_NS}">\n<RadInstrumentInformation id="RadInstrumentInformation-1">\n` +
    `${el('RadInstrumentManufacturerName', i.manufacturer)}\n${el('RadInstrumentIdentifier', i.identifier)}\n` +
    `${el('RadInstrumentModelName', i.model)}\n<RadInstrumentClassCode>Portal Monitor</RadInstrumentClassCode>\n</RadInstrumentInformation>\n` +
    '<RadDetectorInformation id="Gamma-1"><RadDetectorCategoryCode>Gamma</RadDetectorCategoryCode><RadDetectorKindCode>PVT</RadDetectorKindCode></RadDetectorInformation>\n' +
    '<RadDetectorInformation id="Neutron-1"><RadDetectorCategoryCode>Neutron</RadDetectorCategoryCode><RadDetectorKindCode>He3</RadDetectorKindCode></RadDetectorInformation>\n' +
    slices + (alarms ? `<AnalysisResults>\n${alarms}</AnalysisResults>\n` : '') + '</RadInstrumentData>\n';
}

/** Seconds as an ISO 8601 duration; fixed notation since PT1e-7S is not valid ISO. */
function isoSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) throw new Error(`bad duration ${s}`);
  return `PT${s.toFixed(6).replace(/\.?0+$/, '')}S`;
}

/** PT[nH][nM][n[.n]S] → seconds; N42 real-time durations never carry date parts. */
function parseDuration(e: Elem, s: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(s);
  if (!m || s === 'PT') e.fail('RealTimeDuration', `not an ISO 8601 duration: ${JSON.stringify(s)}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

function decode(bytes: Uint8Array): N42Frame {
  const root = parseRoot(FORMAT, bytes, 'RadInstrumentData');
  if (root.namespace !== N42_NS) root.fail('@xmlns', `expected ${N42_NS}`);
  const info = root.child('RadInstrumentInformation');
  info.leaf('RadInstrumentClassCode'); // required by the schema
  const instrument = {
    manufacturer: info.leaf('RadInstrumentManufacturerName'),
    model: info.leaf('RadInstrumentModelName'),
    identifier: info.optText('RadInstrumentIdentifier') ?? '',
  };
  // detector id → kind, so GrossCounts can be summed per kind whatever the detector count (RPMs have 2–8)
  const kinds = new Map<string, 'gamma' | 'neutron'>();
  for (const d of root.children('RadDetectorInformation')) {
    const cat = d.leaf('RadDetectorCategoryCode');
    if (cat === 'Gamma' || cat === 'Neutron') kinds.set(d.attr('id'), cat === 'Gamma' ? 'gamma' : 'neutron');
  }
  if (kinds.size === 0) root.fail('RadDetectorInformation', 'no gamma or neutron detector');
  const measurements = root.children('RadMeasurement').map((m): N42Slice => {
    const start = m.leaf('StartDateTime');
    if (!isoDateTime(start, false)) m.fail('StartDateTime', `not xs:dateTime: ${JSON.stringify(start)}`);
    const sums = { gamma: 0, neutron: 0 };
    const seen = new Set<string>();
    for (const g of m.children('GrossCounts')) {
      const ref = g.attr('radDetectorInformationReference');
      const kind = kinds.get(ref) ?? g.fail('@radDetectorInformationReference', `unknown detector ${JSON.stringify(ref)}`);
      const data = g.leaf('CountData').trim();
      if (!/^\d+(\.\d+)?(\s+\d+(\.\d+)?)*$/.test(data)) g.fail('CountData', `not a list of counts: ${JSON.stringify(data)}`);
      sums[kind] += data.split(/\s+/).reduce((n, x) => n + Number(x), 0);
      seen.add(kind);
    }
    for (const k of ['gamma', 'neutron'] as const) if (!seen.has(k)) m.fail('GrossCounts', `no ${k} gross counts`);
    return { start, durationS: parseDuration(m, m.leaf('RealTimeDuration')), ...sums };
  });
  if (measurements.length === 0) root.fail('RadMeasurement', 'missing element');
  const alarms = root.children('AnalysisResults').flatMap((r) => r.children('RadAlarm')).map((a): N42Alarm => {
    const cat = a.leaf('RadAlarmCategoryCode');
    if (cat !== 'Gamma' && cat !== 'Neutron') a.fail('RadAlarmCategoryCode', `unsupported category ${JSON.stringify(cat)}`);
    return { kind: cat === 'Gamma' ? 'gamma' : 'neutron', description: a.optText('RadAlarmDescription') ?? '' };
  });
  return { instrument, measurements, alarms };
}

export const n42Codec: Codec<N42Frame> = {
  format: FORMAT,
  encode: (f) => new TextEncoder().encode(encode(f)),
  decode: (bytes) => guarded(FORMAT, bytes, decode),
};

