/** ANPR camera formats: the ISAPI alert XML and the multipart POST that carries it with the picture. */
import type { Codec } from '../codec.js';
import { anprXmlCodec } from './anpr-xml.js';
import { anprMultipartCodec } from './multipart.js';

export { anprXmlCodec, anprMultipartCodec };
export { tinyJpeg } from './multipart.js';
export type { AnprAlert, AnprRead, AnprVehicleInfo } from './anpr-xml.js';
export type { AnprMultipart } from './multipart.js';

/** by `format` name */
export const codecs: readonly Codec<unknown>[] = [anprXmlCodec, anprMultipartCodec];
