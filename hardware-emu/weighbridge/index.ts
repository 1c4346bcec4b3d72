import type { Codec } from '../codec.js';
import { mettlerToledo } from './mettler-toledo.js';
import { xk3190 } from './xk3190.js';

export { mettlerToledo, type MettlerToledoFrame } from './mettler-toledo.js';
export { xk3190, type Xk3190Frame } from './xk3190.js';

/** weighbridge indicator formats, by `format` name */
export const codecs: readonly Codec<unknown>[] = [mettlerToledo, xk3190];
