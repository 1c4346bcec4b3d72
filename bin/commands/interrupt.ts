/**
 * Ctrl-C (SIGINT) and SIGTERM during `ctwin run`: the run gives the event loop a turn between its
 * steps (a simulated hour, day or slice), sees the signal there and fails with `Interrupted`, so
 * that the command removes its `.partial` files (and a folder it created) as for any failure;
 * ctwin then exits 130 or 143, as a shell reports a process ended by the signal.
 */
import type { RunSteps } from '../../runner/steps.js';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Watched = keyof typeof EXIT_CODES;

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(
    readonly signal: Watched,
    readonly exitCode: number,
  ) {
    super(`interrupted by ${signal}; the run's files were removed`);
  }
}

/** Notes SIGINT and SIGTERM while installed (which keeps them from ending the process at once). */
export class SignalWatch {
  private got: Watched | null = null;
  private readonly note = (signal: Watched): void => {
    this.got ??= signal;
  };

  constructor() {
    process.on('SIGINT', this.note);
    process.on('SIGTERM', this.note);
  }

  /** Throws `Interrupted` if a signal came. */
  check(): void {
    if (this.got !== null) throw new Interrupted(this.got, EXIT_CODES[this.got]);
  }

  /** Stops watching; a signal that came after the last check (the files are complete) then ends the process as it would have. */
  stop(): void {
    process.off('SIGINT', this.note);
    process.off('SIGTERM', this.note);
    if (this.got !== null) process.kill(process.pid, this.got);
  }

  /** Stops watching, forgetting a signal (the caller is failing anyway). */
  dispose(): void {
    this.got = null;
    this.stop();
  }
}

/** Runs `steps` to the end, giving the event loop a turn after each; throws `Interrupted` at the first turn after a signal. */
export async function stepThrough<R>(steps: RunSteps<R>, watch: SignalWatch): Promise<R> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
    watch.check();
  }
}
