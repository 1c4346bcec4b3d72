/** Limits every ingest path shares (kept apart so a gateway client need not load the twin). */

/** The most a single frame may weigh: an ANPR alarm with its pictures stays well under this. */
export const MAX_FRAME_BYTES = 1 << 20;

/**
 * Events the twin keeps in memory for clients that connect late or reconnect (`?since`,
 * Last-Event-ID): at a few hundred bytes each, some tens of MB; a busy site's day is far more.
 */
export const EVENT_HISTORY_MAX = 200_000;
