/**
 * Replay driver: hands frames to a transport in order, mapping simulated seconds to wall time
 * by `speed` (1 = real time, Infinity = as fast as the transport takes them).
 */
import type { EmuFrame } from '../emulated-gate.js';

/** What every transport offers the driver and the CLI. */
export interface Transport {
  /** one line per listening device or target, e.g. `L1-scale tcp://127.0.0.1:40123` */
  addresses(): string[];
  send(f: EmuFrame): Promise<void>;
  counters(): Record<string, number>;
  stop(): Promise<void>;
}

export interface ReplayResult { sent: number; wallMs: number }

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function replay(frames: readonly EmuFrame[], t: Pick<Transport, 'send'>, opts: { speed?: number } = {}): Promise<ReplayResult> {
  const speed = opts.speed ?? Infinity;
  if (!(speed > 0)) throw new RangeError(`replay: speed must be > 0, got ${speed}`);
  const start = performance.now();
  const t0 = frames[0]?.at ?? 0;
  let sent = 0;
  for (const f of frames) {
    // wait for the frame's wall time; sends in order, so a slow transport delays, never reorders
    if (Number.isFinite(speed)) {
      const due = start + ((f.at - t0) / speed) * 1000 - performance.now();
      if (due > 1) await sleep(due);
    }
    await t.send(f);
    sent++;
  }
  return { sent, wallMs: performance.now() - start };
}
