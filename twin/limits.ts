/** Limits every ingest path shares (kept apart so a gateway client need not load the twin). */

/** The most a single frame may weigh: an ANPR alarm with its pictures stays well under this. */
export const MAX_FRAME_BYTES = 1 << 20;
