/** GPS tracker / e-seal wire formats: JT/T 808-2013, GT06 (Concox), NMEA 0183 GGA/RMC. */
import type { Codec } from '../codec.js';
import { gt06 } from './gt06.js';
import { jt808 } from './jt808.js';
import { nmea } from './nmea.js';

export * from './jt808.js';
export * from './gt06.js';
export * from './nmea.js';

export const codecs: readonly Codec<any>[] = [jt808, gt06, nmea];
