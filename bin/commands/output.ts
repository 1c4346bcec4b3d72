/**
 * The output folder of `ctwin run`, shared by both scenario families: schema names, making the
 * folder, and removing event streams an earlier run left there (a summary must never sit beside
 * another run's stream).
 *
 * Layout: a gate run writes `events.ndjson` + `summary.json`; a port run writes
 * `events/<policy>.ndjson` (one stream per policy) + `summary.json`.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EventVolume } from '../../runner/event-volume.js';
import { UsageError } from '../usage-error.js';
import { withRunsStore } from '../../experiments/runs-store.js';
import { SignalWatch } from './interrupt.js';

export const EVENTS_SCHEMA = 'customs-twin.events/1';
export const SUMMARY_SCHEMA = 'customs-twin.summary/1';

/** The stream of a gate run. */
export const GATE_EVENTS_FILE = 'events.ndjson';
/** The folder of a port run's streams, one `<policy>.ndjson` per policy. */
export const PORT_EVENTS_DIR = 'events';

/** Makes the output folder; says whether it was created (to remove it if the run fails). */
export function prepareOutput(out: string): boolean {
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new UsageError(`--out: ${out} exists and is not a folder`);
    return false;
  }
  try {
    mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new UsageError(`--out: cannot create the folder ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return true;
}

/**
 * Removes the port streams `out/events/*.ndjson` except those named in `keep`, and the folder
 * itself when that leaves it empty. Other files in `events/` are left alone.
 */
export function removePortStreams(out: string, keep: ReadonlySet<string> = new Set()): void {
  const dir = join(out, PORT_EVENTS_DIR);
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return;
    names = readdirSync(dir);
  } catch {
    return; // no such folder
  }
  for (const n of names) if (n.endsWith('.ndjson') && !keep.has(n)) rmSync(join(dir, n), { force: true });
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}

/**
 * Checks, before a long run, what writing its results will need: the output folder (absent, or a
 * folder), the JUnit file's folder, and the runs store (opened, so a broken one is found now).
 */
export function preflight(o: { out: string; junit?: string; store?: string | false }, openStore: (dir: string) => void): void {
  if (existsSync(o.out) && !statSync(o.out).isDirectory()) throw new UsageError(`--out: ${o.out} exists and is not a folder`);
  if (o.junit !== undefined) {
    const dir = dirname(o.junit);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--junit: the folder ${dir} does not exist`);
    if (existsSync(o.junit) && statSync(o.junit).isDirectory()) throw new UsageError(`--junit: ${o.junit} is a folder`);
  }
  if (o.store !== undefined && o.store !== false) {
    try {
      openStore(o.store);
    } catch (err) {
      throw new UsageError(`--store: cannot open the runs store in ${o.store}: ${(err as Error).message}`);
    }
  }
}

/**
 * Room to keep beyond the estimated streams: the estimate is an average (a run can write a fifth
 * more than it: port-reform's policies range over 5 %), and a disk filled to the last byte breaks
 * more than this run.
 */
export const FREE_SPACE_MARGIN = { factor: 1.25, bytes: 64 * 2 ** 20 };

/** Whether streams of `bytes` fit in `free` bytes, with the margin. */
export function streamsFit(bytes: number, free: number): boolean {
  return bytes * FREE_SPACE_MARGIN.factor + FREE_SPACE_MARGIN.bytes <= free;
}

/** `1.4 GB`, `310 MB`. */
export function showBytes(b: number): string {
  return b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(b / 1e6))} MB`;
}

/**
 * Refuses (exit 2) a run whose event streams the output folder's disk cannot hold, before anything
 * is written: the folder, or where it will be made. `freeBytes` is the disk's space available to
 * this user (fs.statfsSync; a parameter for tests).
 */
export function checkFreeSpace(out: string, volume: EventVolume, freeBytes: (dir: string) => number = availableBytes): void {
  let dir = resolve(out);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const free = freeBytes(dir);
  if (streamsFit(volume.bytes, free)) return;
  throw new UsageError(
    `--out: the event streams of this run would take about ${showBytes(volume.bytes)} (${volume.basis}), and ${dir} has ${showBytes(free)} free; ` +
      'run with --no-events (summary.json only), free some space, or choose another --out',
  );
}

function availableBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/**
 * What a run checks before it writes anything (the output folder, --junit, the runs store, room
 * for its event streams when it writes them), then its output folder made with Ctrl-C and SIGTERM
 * watched: from here until the files are committed a signal fails the run like any error, and
 * the caller removes what it wrote (`created`: the folder is the run's own).
 */
export function openRunOutput(o: { out: string; junit?: string; store?: string | false; streams: EventVolume | null }): { signals: SignalWatch; created: boolean } {
  preflight(o, (dir) => withRunsStore(dir, () => undefined));
  if (o.streams) checkFreeSpace(o.out, o.streams);
  const signals = new SignalWatch();
  try {
    return { signals, created: prepareOutput(o.out) };
  } catch (err) {
    signals.dispose();
    throw err;
  }
}
