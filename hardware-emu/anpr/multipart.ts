/**
 * 'anpr-multipart': the multipart/form-data body an ANPR camera POSTs to its alarm host: an `anpr.xml`
 * part (the EventNotificationAlert) and one JPEG part. Part names follow Hikvision captures
 * (anpr.xml, licensePlatePicture.jpg, detectionPicture.jpg, vehiclePicture.jpg).
 * The boundary travels in the Content-Type header, which a body-only codec never sees, so decode
 * takes it from the first delimiter line `--boundary` (RFC 2046 requires the body to start with it here).
 */
import { DecodeError, guarded, type Codec } from '../codec.js';
import { anprXmlString, readAlert, type AnprAlert } from './anpr-xml.js';
import { parseRoot } from '../xml-doc.js';

export interface AnprMultipart {
  /** RFC 2046 boundary, 1–70 chars, without the leading `--` */
  boundary: string;
  alert: AnprAlert;
  /** form-data name of the picture part */
  pictureName: string;
  /** must start FF D8 and end FF D9 */
  jpeg: Uint8Array;
}

const FORMAT = 'anpr-multipart';
const enc = new TextEncoder();
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Smallest well-formed baseline JPEG we know of: a 1×1 grey pixel (DQT of ones, SOF0 1×1 one component,
 * one-code DC and AC Huffman tables, scan bits "00" = DC diff 0 + EOB, padded with 1s → 0x3F).
 * Enough for gate software that checks markers or hands the picture to an image library.
 */
export function tinyJpeg(): Uint8Array {
  const dht = (cls: number) => [0xff, 0xc4, 0x00, 0x14, cls, 0x01, ...new Array<number>(15).fill(0), 0x00];
  return Uint8Array.from([
    0xff, 0xd8,
    0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1),
    0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
    ...dht(0x00), ...dht(0x10),
    0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
    0x3f,
    0xff, 0xd9,
  ]);
}

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function encode(f: AnprMultipart): Uint8Array {
  if (!BOUNDARY.test(f.boundary)) throw new Error(`invalid multipart boundary ${JSON.stringify(f.boundary)}`);
  if (!NAME.test(f.pictureName)) throw new Error(`invalid picture name ${JSON.stringify(f.pictureName)}`);
  const xml = enc.encode(anprXmlString(f.alert));
  const delim = enc.encode(`\r\n--${f.boundary}`);
  if (indexOf(xml, delim, 0) >= 0 || indexOf(f.jpeg, delim, 0) >= 0) throw new Error('boundary occurs inside a part');
  const head = (name: string, type: string, len: number) =>
    enc.encode(`--${f.boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: ${type}\r\nContent-Length: ${len}\r\n\r\n`);
  return concat([
    head('anpr.xml', 'application/xml', xml.length), xml, enc.encode('\r\n'),
    head(f.pictureName, 'image/jpeg', f.jpeg.length), f.jpeg, enc.encode(`\r\n--${f.boundary}--\r\n`),
  ]);
}

interface Part { headers: Map<string, string>; body: Uint8Array; at: number }

function splitParts(b: Uint8Array): { boundary: string; parts: Part[] } {
  const eol = indexOf(b, enc.encode('\r\n'), 0);
  const first = eol < 0 ? '' : new TextDecoder('latin1').decode(b.subarray(0, eol));
  if (!first.startsWith('--')) throw new DecodeError(FORMAT, 'framing', 'body does not start with a --boundary line', 0);
  const boundary = first.slice(2);
  if (!BOUNDARY.test(boundary)) throw new DecodeError(FORMAT, 'framing', `invalid boundary ${JSON.stringify(boundary)}`, 2);
  const delim = enc.encode(`\r\n--${boundary}`);
  const parts: Part[] = [];
  let pos = eol + 2;
  for (;;) {
    const hEnd = indexOf(b, enc.encode('\r\n\r\n'), pos);
    if (hEnd < 0) throw new DecodeError(FORMAT, 'framing', 'part headers not terminated', pos);
    const headers = new Map<string, string>();
    for (const line of new TextDecoder('latin1').decode(b.subarray(pos, hEnd)).split('\r\n')) {
      const m = /^([A-Za-z0-9-]+):[ \t]*(.*)$/.exec(line);
      if (!m) throw new DecodeError(FORMAT, 'framing', `bad part header ${JSON.stringify(line)}`, pos);
      headers.set(m[1].toLowerCase(), m[2]);
    }
    const next = indexOf(b, delim, hEnd + 4);
    if (next < 0) throw new DecodeError(FORMAT, 'framing', 'missing closing boundary', hEnd + 4);
    parts.push({ headers, body: b.subarray(hEnd + 4, next), at: hEnd + 4 });
    const after = next + delim.length;
    const tail = new TextDecoder('latin1').decode(b.subarray(after, after + 2));
    if (tail === '--') {
      // close delimiter: only an optional CRLF may follow
      const rest = new TextDecoder('latin1').decode(b.subarray(after + 2));
      if (rest !== '' && rest !== '\r\n') throw new DecodeError(FORMAT, 'framing', 'data after closing boundary', after + 2);
      return { boundary, parts };
    }
    if (tail !== '\r\n') throw new DecodeError(FORMAT, 'framing', 'boundary not followed by CRLF', after);
    pos = after + 2;
  }
}

function decode(b: Uint8Array): AnprMultipart {
  const { boundary, parts } = splitParts(b);
  for (const p of parts) {
    const cl = p.headers.get('content-length');
    if (cl !== undefined && (!/^\d+$/.test(cl) || Number(cl) !== p.body.length))
      throw new DecodeError(FORMAT, 'length', `Content-Length ${cl} but part has ${p.body.length} bytes`, p.at);
  }
  const type = (p: Part) => (p.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const xmlParts = parts.filter((p) => type(p) === 'application/xml' || type(p) === 'text/xml');
  const jpgParts = parts.filter((p) => type(p) === 'image/jpeg');
  if (xmlParts.length !== 1 || jpgParts.length !== 1 || parts.length !== 2)
    throw new DecodeError(FORMAT, 'field', `expected one XML part and one image/jpeg part, got ${parts.map(type).join(', ')}`);
  const jpeg = jpgParts[0].body;
  const n = jpeg.length;
  if (n < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[n - 2] !== 0xff || jpeg[n - 1] !== 0xd9)
    throw new DecodeError(FORMAT, 'field', 'picture part is not a JPEG (needs FF D8 … FF D9)', jpgParts[0].at);
  const disp = jpgParts[0].headers.get('content-disposition') ?? '';
  const pictureName = /\bname="([^"]*)"/.exec(disp)?.[1] ?? '';
  if (!NAME.test(pictureName)) throw new DecodeError(FORMAT, 'field', `bad picture part name ${JSON.stringify(pictureName)}`, jpgParts[0].at);
  const alert = readAlert(parseRoot(FORMAT, xmlParts[0].body, 'EventNotificationAlert'));
  return { boundary, alert, pictureName, jpeg: Uint8Array.from(jpeg) };
}

export const anprMultipartCodec: Codec<AnprMultipart> = {
  format: FORMAT,
  encode,
  decode: (bytes) => guarded(FORMAT, bytes, decode),
};
