/**
 * 'anpr-xml': the ISAPI `EventNotificationAlert` a Hikvision-style ANPR camera pushes for each plate read.
 * Element names and order follow the Hikvision Traffic SDK guide (XML_EventNotificationAlert_ANPR) and a
 * DeepinView V5.8 production capture (koniosz/Gatelynk apps/edge/tools/test-anpr-parser.ts). The guide marks
 * protocol/activePostCount required, but real firmware omits them, so only the fields every capture has are required.
 */
import { guarded, type Codec } from '../codec.js';
import { el, esc, isoDateTime, parseRoot, uint, type Elem } from '../xml-doc.js';

/** current firmware (hikvision/isapi ver20) and older V5.x firmware (std-cgi ver10) */
export const ANPR_NAMESPACES = ['http://www.hikvision.com/ver20/XMLSchema', 'http://www.isapi.org/ver20/XMLSchema', 'http://www.std-cgi.com/ver10/XMLSchema'] as const;

export interface AnprVehicleInfo {
  index?: number;
  colorDepth?: number;
  color?: string;
  length?: number;
  vehicleLogoRecog?: number;
}

export interface AnprRead {
  country?: string;
  licensePlate: string;
  line?: number;
  direction?: string;
  /** 0–100, integer */
  confidenceLevel: number;
  plateType?: string;
  plateColor?: string;
  licenseBright?: number;
  vehicleType?: string;
  /** nested inside <ANPR> in the captured firmware */
  vehicleInfo?: AnprVehicleInfo;
}

export interface AnprAlert {
  namespace: (typeof ANPR_NAMESPACES)[number];
  ipAddress: string;
  portNo?: number;
  protocol?: string;
  macAddress?: string;
  channelID?: number;
  /** ISO 8601 with offset, e.g. 2026-07-05T20:44:40+01:00, kept verbatim */
  dateTime: string;
  activePostCount?: number;
  eventType: 'ANPR';
  eventState: 'active' | 'inactive';
  /** required by the SDK guide, missing from older firmware */
  eventDescription?: string;
  anpr: AnprRead;
  /** pictures attached; placed after <ANPR> as the issue lists it, not confirmed in a capture */
  picNum?: number;
}

const FORMAT = 'anpr-xml';

/** Just the XML text (no declaration), so the multipart codec can embed it. */
export function anprXmlString(a: AnprAlert): string {
  const v = a.anpr.vehicleInfo;
  const vi = v
    ? `<vehicleInfo>${el('index', v.index)}${el('colorDepth', v.colorDepth)}${el('color', v.color)}${el('length', v.length)}${el('vehicleLogoRecog', v.vehicleLogoRecog)}</vehicleInfo>\n`
    : '';
  const r = a.anpr;
  const lines = [
    `<EventNotificationAlert version="2.0" xmlns="${esc(a.namespace)}">`,
    el('ipAddress', a.ipAddress), el('portNo', a.portNo), el('protocol', a.protocol), el('macAddress', a.macAddress),
    el('channelID', a.channelID), el('dateTime', a.dateTime), el('activePostCount', a.activePostCount),
    el('eventType', a.eventType), el('eventState', a.eventState), el('eventDescription', a.eventDescription),
    '<ANPR>', el('country', r.country), el('licensePlate', r.licensePlate), el('line', r.line), el('direction', r.direction),
    el('confidenceLevel', r.confidenceLevel), el('plateType', r.plateType), el('plateColor', r.plateColor),
    el('licenseBright', r.licenseBright), el('vehicleType', r.vehicleType), vi + '</ANPR>',
    el('picNum', a.picNum), '</EventNotificationAlert>',
  ];
  // one element per line, like the camera firmware prints it
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + lines.filter((l) => l !== '').join('\n') + '\n';
}

/** Reads the alert out of a parsed root; shared with the multipart codec so errors keep its format name. */
export function readAlert(root: Elem): AnprAlert {
  const ns = root.namespace;
  const namespace = ANPR_NAMESPACES.find((n) => n === ns) ?? root.fail('@xmlns', `unknown namespace ${JSON.stringify(ns)}`);
  const eventType = root.leaf('eventType');
  if (eventType !== 'ANPR') root.fail('eventType', `expected ANPR, got ${JSON.stringify(eventType)}`);
  const eventState = root.leaf('eventState');
  if (eventState !== 'active' && eventState !== 'inactive') root.fail('eventState', `expected active|inactive, got ${JSON.stringify(eventState)}`);
  const dateTime = root.leaf('dateTime');
  if (!isoDateTime(dateTime, true)) root.fail('dateTime', `not ISO 8601 with offset: ${JSON.stringify(dateTime)}`);
  const a = root.child('ANPR');
  const conf = a.leaf('confidenceLevel');
  if (!/^\d{1,3}$/.test(conf) || Number(conf) > 100) a.fail('confidenceLevel', `expected integer 0-100, got ${JSON.stringify(conf)}`);
  const licensePlate = a.leaf('licensePlate');
  if (licensePlate === '') a.fail('licensePlate', 'empty');
  const vEl = a.optChild('vehicleInfo');
  const vehicleInfo: AnprVehicleInfo | undefined = vEl && prune({
    index: uint(vEl, 'index', vEl.optText('index')),
    colorDepth: uint(vEl, 'colorDepth', vEl.optText('colorDepth')),
    color: vEl.optText('color'),
    length: uint(vEl, 'length', vEl.optText('length')),
    vehicleLogoRecog: uint(vEl, 'vehicleLogoRecog', vEl.optText('vehicleLogoRecog')),
  });
  const anpr: AnprRead = prune({
    country: a.optText('country'), licensePlate, line: uint(a, 'line', a.optText('line')), direction: a.optText('direction'),
    confidenceLevel: Number(conf), plateType: a.optText('plateType'), plateColor: a.optText('plateColor'),
    licenseBright: uint(a, 'licenseBright', a.optText('licenseBright')), vehicleType: a.optText('vehicleType'), vehicleInfo,
  });
  return prune({
    namespace, ipAddress: root.leaf('ipAddress'), portNo: uint(root, 'portNo', root.optText('portNo')),
    protocol: root.optText('protocol'), macAddress: root.optText('macAddress'),
    channelID: uint(root, 'channelID', root.optText('channelID')), dateTime,
    activePostCount: uint(root, 'activePostCount', root.optText('activePostCount')),
    eventType: 'ANPR' as const, eventState, eventDescription: root.optText('eventDescription'), anpr,
    picNum: uint(root, 'picNum', root.optText('picNum')),
  });
}

/** Drops absent optional fields so decoded values compare equal to the frames they came from. */
function prune<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function decodeAnprXml(format: string, bytes: Uint8Array): AnprAlert {
  return readAlert(parseRoot(format, bytes, 'EventNotificationAlert'));
}

export const anprXmlCodec: Codec<AnprAlert> = {
  format: FORMAT,
  encode: (a) => new TextEncoder().encode(anprXmlString(a)),
  decode: (bytes) => guarded(FORMAT, bytes, (b) => decodeAnprXml(FORMAT, b)),
};

