/** Customs gate front-end formats: the aggregated GATHER_INFO message and the customs release reply. */
import type { Codec } from '../codec.js';
import { gatherInfoCodec, gatherReplyCodec } from './gather-info.js';

export { gatherInfoCodec, gatherReplyCodec };
export type { GatherInfo, GatherReply } from './gather-info.js';

/** by `format` name */
export const codecs: readonly Codec<unknown>[] = [gatherInfoCodec, gatherReplyCodec];
