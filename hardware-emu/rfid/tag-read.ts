/**
 * One read event from a gate's electronic-plate / IC-card reader, sent when a truck on the
 * ground loop triggers the reader:
 *   { reader, antenna 1..4, epc (uppercase hex, 96-bit = 24 chars or 128-bit = 32 chars),
 *     rssi dBm -90..-20, timestamp ISO 8601 UTC, loop 'loop1'|'loop2', readCount >= 1 }
 * Strict: exactly these keys, nothing else.
 */
import { type Codec, guarded, utf8 } from '../codec.js';
import { num, parseObject, str, timestamp } from '../json-fields.js';

export interface RfidTagRead {
  reader: string;
  antenna: number;
  epc: string;
  rssi: number;
  timestamp: string;
  loop: 'loop1' | 'loop2';
  readCount: number;
}

const F = 'rfid-read';
const KEYS = ['reader', 'antenna', 'epc', 'rssi', 'timestamp', 'loop', 'readCount'] as const;

function decodeRaw(b: Uint8Array): RfidTagRead {
  const o = parseObject(F, b, KEYS);
  return {
    reader: str(F, o, 'reader', /^[\x21-\x7e][\x20-\x7e]{0,63}$/, 'a reader name'),
    antenna: num(F, o, 'antenna', 1, 4, true),
    // EPC Gen2 memory is read as whole words: 96 or 128 bits, sent as uppercase hex
    epc: str(F, o, 'epc', /^(?:[0-9A-F]{24}|[0-9A-F]{32})$/, '24 or 32 uppercase hex digits'),
    rssi: num(F, o, 'rssi', -90, -20, false),
    timestamp: timestamp(F, o, 'timestamp'),
    loop: str(F, o, 'loop', /^loop[12]$/, "'loop1' or 'loop2'") as 'loop1' | 'loop2',
    readCount: num(F, o, 'readCount', 1, Number.MAX_SAFE_INTEGER, true),
  };
}

export const rfidRead: Codec<RfidTagRead> = {
  format: F,
  // fixed key order, so the emulator's output is stable byte for byte
  encode: (r) => utf8.encode(JSON.stringify(Object.fromEntries(KEYS.map((k) => [k, r[k]])))),
  decode: (bytes) => guarded(F, bytes, decodeRaw),
};
