/**
 * The lean counterpart of GateMetrics: means only (waits, times at the gate, queue length), from
 * the same event stream. For benchmarks comparable with other simulators, which record mean waits,
 * and for long runs where percentiles are not wanted.
 */
import type { EventObject } from 'xstate';
import { Tally, TimeWeighted } from '../sim/kernel/stats.js';

type Stamped = EventObject & { arrived_at: number };

export interface GateMeansSummary {
  trucks: { arrived: number; exited: number };
  wait_in_queue_mean: number;
  time_in_system_mean: number;
  queue_length_mean: number;
  /** (λ·Wq − Lq)/Lq over the run: Little's law from independent measurements */
  little_rel_diff: number;
}

export class GateMeans {
  readonly wait = new Tally();
  readonly sojourn = new Tally();
  private readonly queue = new TimeWeighted();
  private nQueue = 0;
  private arrived = 0;

  readonly onEvent = (t: number, _id: string, ev: EventObject): void => {
    switch (ev.type) {
      case 'truck.arrived':
        this.arrived++;
        this.queue.update(t, ++this.nQueue);
        break;
      case 'truck.gate_started':
        this.wait.add(t - (ev as Stamped).arrived_at);
        this.queue.update(t, --this.nQueue);
        break;
      case 'truck.exited':
        this.sojourn.add(t - (ev as Stamped).arrived_at);
        break;
    }
  };

  summary(end: number): GateMeansSummary {
    const lq = this.queue.mean(end);
    const lambdaWq = end > 0 ? (this.arrived / end) * this.wait.mean : NaN;
    return {
      trucks: { arrived: this.arrived, exited: this.sojourn.n },
      wait_in_queue_mean: this.wait.mean,
      time_in_system_mean: this.sojourn.mean,
      queue_length_mean: lq,
      little_rel_diff: lq > 0 ? (lambdaWq - lq) / lq : 0,
    };
  }
}
