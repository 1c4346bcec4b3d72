import type { Codec } from '../codec.js';
import { iso6346 } from './iso6346.js';
import { containerOcr } from './ocr-result.js';

export { iso6346, parseContainerNumber, formatContainerNumber, type ContainerNumber } from './iso6346.js';
export { containerOcr, SIZE_TYPE, type ContainerOcrResult, type OcrCharacter } from './ocr-result.js';

/** container identification formats, by `format` name */
export const codecs: readonly Codec<unknown>[] = [iso6346, containerOcr];
