/**
 * A run as a sequence of steps (a simulated hour, a day, a progress slice): a generator that
 * yields between steps and returns the result. `runToEnd` runs it at once; `ctwin run` gives the
 * event loop a turn between steps instead, so that Ctrl-C can stop it and remove its files. Where
 * the steps end does not change the simulation: the same events happen in the same order.
 */
export type RunSteps<R> = Generator<void, R, void>;

export function runToEnd<R>(steps: RunSteps<R>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
