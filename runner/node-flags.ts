/**
 * The V8 flags `ctwin` is meant to run with, and which of them this process actually got.
 *
 * A port run allocates a few short-lived objects per event (events, contexts, closures) while
 * holding a day of consignments in flight. With V8's default semi-space (16 MB) the scavenger runs
 * every ~16 MB of allocation and copies the in-flight consignments each time; at 64 MB it runs
 * half as often and promotes less: port-peak about 15 % less CPU at lower peak memory
 * (measured: docs/DESIGN.md; `npm run bench` takes the ratio). The flag must be given when node
 * starts (set from inside, V8 mostly ignores it), so it is in the `ctwin` shebang and the npm
 * scripts; worker threads get the same through WORKER_RESOURCE_LIMITS (on port-reform replications
 * 0.62 s against 0.75 s with V8's default).
 */
import { Worker } from 'node:worker_threads';

export const SEMI_SPACE_MB = 64;

export const NODE_FLAGS: readonly string[] = [`--max-semi-space-size=${SEMI_SPACE_MB}`];

/** A simulation worker thread's resource limits: V8 makes each semi-space a third of the young generation. */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 3 * SEMI_SPACE_MB } as const;

/** The semi-space bound this process was started with (MB), or null for V8's default. */
export function semiSpaceMb(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): number | null {
  let mb: number | null = null;
  // NODE_OPTIONS is read first, then the command line, which wins
  for (const a of [...nodeOptions.split(/\s+/), ...execArgv]) {
    const m = /^--max-semi-space-size=(\d+)$/.exec(a);
    if (m) mb = Number(m[1]);
  }
  return mb;
}

/**
 * The command-line flags a worker thread can be given: `execArgv` minus what threads refuse.
 *
 * A thread shares its process's V8, so V8 options (`--max-semi-space-size`, `--expose-gc`,
 * `--stack-size`, …) and process-wide options are refused in a thread's `execArgv` with
 * ERR_WORKER_INVALID_EXEC_ARGV; a library that copies `process.execArgv` into its threads (BullMQ's
 * sandbox does) then fails every job when ctwin is started through its shebang. Node publishes no
 * list of which flags those are, so each is asked of Node itself: the Worker constructor checks
 * `execArgv` synchronously, before the thread runs any code. Young-generation size reaches threads
 * through WORKER_RESOURCE_LIMITS instead.
 */
export function threadExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  if (acceptedByThreads(execArgv)) return [...execArgv];
  return execArgv.filter((a) => acceptedByThreads([a]));
}

const verdicts = new Map<string, boolean>();

function acceptedByThreads(args: readonly string[]): boolean {
  const key = JSON.stringify(args);
  let ok = verdicts.get(key);
  if (ok === undefined) {
    try {
      // an empty eval'd script; stdout/stderr not piped to us, and the thread is ended at once
      const w = new Worker('', { eval: true, execArgv: [...args], stdout: true, stderr: true });
      void w.terminate();
      ok = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
      ok = false;
    }
    verdicts.set(key, ok);
  }
  return ok;
}
