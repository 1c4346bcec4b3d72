/**
 * Replication results as text, for a job queue. JSON has no NaN or Infinity, and a replication
 * with nothing to measure carries NaN; a worker thread's structured clone keeps them, so a result
 * that travels through Redis must too, or the report would differ from the local one. Non-finite
 * numbers become `{"$num": "NaN" | "Infinity" | "-Infinity"}` and come back as themselves.
 */
import type { ReplicationResult } from '../reports/experiment-results.js';

const MARK = '$num';

export function encodeResult(r: ReplicationResult): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [MARK]: String(v) } : v));
}

export function decodeResult(text: string): ReplicationResult {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === MARK) return Number(o[MARK]);
    }
    return v;
  }) as ReplicationResult;
}
