/** Every device frame format by the name `ctwin decode --format` takes. */
import type { Codec } from './codec.js';
import { codecs as anpr } from './anpr/index.js';
import { codecs as barrier } from './barrier/barrier.js';
import { codecs as containerOcr } from './container-ocr/index.js';
import { codecs as gateFrontend } from './gate-frontend/index.js';
import { codecs as gpsEseal } from './gps-eseal/index.js';
import { codecs as radiation } from './radiation/index.js';
import { codecs as rfid } from './rfid/index.js';
import { codecs as weighbridge } from './weighbridge/index.js';

const all: readonly Codec<unknown>[] = [...containerOcr, ...gpsEseal, ...weighbridge, ...anpr, ...radiation, ...gateFrontend, ...rfid, ...barrier];

export const FORMATS: ReadonlyMap<string, Codec<unknown>> = new Map(all.map((c) => [c.format, c]));
if (FORMATS.size !== all.length) throw new Error('hardware-emu: two codecs share a format name');
