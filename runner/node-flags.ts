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
