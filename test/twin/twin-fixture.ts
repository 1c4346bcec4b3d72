/**
 * A recorded port site for the twin's tests: four hours of the small port fixture with two smart
 * lanes, its devices on the wire, and a twin fed from it with a clock that follows the recording.
 */
import { FrameLog } from '../../twin/frame-log.js';
import { TwinRuntime, type IngestResult } from '../../twin/runtime.js';
import { TwinSite } from '../../twin/site-state.js';
import { siteConfigOfPort } from '../../twin/site-config.js';
import { recordSite, type RecordedItem, type SiteRecording } from '../../twin/site-recording.js';
import { config, policy } from '../agents/port-fixture.js';

const HOUR = 3600;
export const SITE_CFG = config({ arrivalsUntil: 4 * HOUR, endS: 4 * HOUR, warmupS: HOUR, hardware: 'wire' }, { gate: { ...policy().gate, misreadRate: 0.05 } });
export const SITE_SEED = 31;

let cached: SiteRecording | null = null;
export const recording = (): SiteRecording => (cached ??= recordSite(SITE_CFG, { seed: SITE_SEED }));

/** The wall clock a replayed recording would have shown: epoch + simulated seconds. */
export const EPOCH_MS = Date.UTC(2026, 10, 30, 8);

export interface FedTwin { runtime: TwinRuntime; results: IngestResult[]; clock: { ms: number } }

/** A twin on `file` whose clock reads the time of the item being fed. */
export function openTwin(file: string, clock = { ms: EPOCH_MS }): { runtime: TwinRuntime; clock: { ms: number } } {
  const runtime = new TwinRuntime(new FrameLog(file), new TwinSite(siteConfigOfPort(SITE_CFG)), { clock: () => clock.ms });
  return { runtime, clock };
}

/** Feeds items one by one (each answered before the next, as a device waits for its ack). */
export async function feed(t: { runtime: TwinRuntime; clock: { ms: number } }, items: readonly RecordedItem[], source = 'http'): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  for (const it of items) {
    t.clock.ms = EPOCH_MS + it.at * 1000;
    out.push(await t.runtime.submit({ source, lane: it.lane, device: it.device, format: it.format, seq: it.seq, bytes: it.bytes }));
  }
  return out;
}
