import type { Codec } from '../codec.js';
import { rfidRead } from './tag-read.js';

export { rfidRead, type RfidTagRead } from './tag-read.js';

/** RFID reader formats, by `format` name */
export const codecs: readonly Codec<unknown>[] = [rfidRead];
