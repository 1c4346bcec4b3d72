/** Radiation portal monitor formats. */
import type { Codec } from '../codec.js';
import { n42Codec } from './n42.js';

export { n42Codec };
export type { N42Frame, N42Slice, N42Alarm, N42Instrument } from './n42.js';

/** by `format` name */
export const codecs: readonly Codec<unknown>[] = [n42Codec];
