/**
 * A progress bar on stderr that appears only when a run has lasted more than a second and stderr
 * is a terminal (CI logs stay clean).
 */
import cliProgress from 'cli-progress';
import { performance } from 'node:perf_hooks';

export class LazyProgress {
  private bar: cliProgress.SingleBar | null = null;
  private readonly t0 = performance.now();

  constructor(
    private readonly label: string,
    private readonly enabled = process.stderr.isTTY === true,
  ) {}

  update(fraction: number, detail = ''): void {
    if (!this.enabled) return;
    if (this.bar === null) {
      if (performance.now() - this.t0 < 1000) return;
      this.bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: `${this.label} [{bar}] {percentage}% {detail}`, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(1000, 0, { detail });
    }
    this.bar.update(Math.round(fraction * 1000), { detail });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
