/**
 * `ctwin decode --format F (--hex H | --text T | --file PATH)`: decodes one device frame and prints
 * it as JSON, the wire values with their engineering values beside them (JT/T 808 latitude 12222222
 * and lat_deg 12.222222, speed 60 and speed_kmh 6, time and time_utc …); a frame that does not
 * decode exits 2 with the decoder's reason (bad checksum, bad length, bad field …). For engineers
 * checking what their gate software sends or receives.
 */
import { readFileSync } from 'node:fs';
import { DecodeError } from '../../hardware-emu/codec.js';
import { FORMATS } from '../../hardware-emu/formats.js';
import { withEngineeringValues } from '../../hardware-emu/engineering.js';
import { UsageError } from '../usage-error.js';

export interface DecodeOptions {
  format: string;
  hex?: string;
  text?: string;
  file?: string;
}

export function parseHex(h: string): Uint8Array {
  const clean = h.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new UsageError(`--hex: expected pairs of hex digits (spaces, colons and 0x allowed), got ${JSON.stringify(h.length > 60 ? h.slice(0, 60) + '…' : h)}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}

/** JSON for decoded frames: byte arrays as hex, so images and raw fields stay readable. */
const replacer = (_k: string, v: unknown) => (v instanceof Uint8Array ? { bytes: v.length, hex: Buffer.from(v).toString('hex') } : typeof v === 'bigint' ? v.toString() : v);

export function decodeCommand(o: DecodeOptions): void {
  const codec = FORMATS.get(o.format);
  if (!codec) throw new UsageError(`--format: no format '${o.format}'; formats: ${[...FORMATS.keys()].join(', ')}`);
  const given = [o.hex, o.text, o.file].filter((x) => x !== undefined).length;
  if (given !== 1) throw new UsageError('decode: give exactly one of --hex, --text or --file');
  const bytes = o.hex !== undefined ? parseHex(o.hex) : o.text !== undefined ? new TextEncoder().encode(lineText(codec.format, o.text)) : readBytes(o.file!);
  try {
    process.stdout.write(JSON.stringify({ format: codec.format, frame: withEngineeringValues(codec.format, codec.decode(bytes)) }, replacer, 2) + '\n');
  } catch (err) {
    if (err instanceof DecodeError) throw new UsageError(err.message);
    throw err;
  }
}

/** Sentences copied from a log come without their line end; the wire format has CR LF. */
const LINE_FORMATS = new Set(['nmea']);
const lineText = (format: string, t: string) => (LINE_FORMATS.has(format) && !t.endsWith('\n') ? t + '\r\n' : t);

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`--file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
