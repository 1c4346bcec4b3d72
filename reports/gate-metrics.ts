/**
 * Gate metrics computed from the event stream alone (rule: the stream is a run's one output), in
 * streaming form: memory grows with the trucks present, not with run length.
 *
 * Warm-up deletion: trucks that arrive before the warm-up end are not counted in waits and
 * sojourns, and time averages start at the warm-up end.
 */
import type { EventObject } from 'xstate';
import { Summary, TimeWeighted, type SummaryJSON } from '../sim/kernel/stats.js';

export interface GateMetricsSummary {
  trucks: {
    arrived: number;
    exited: number;
    in_system_at_end: number;
    /** trucks in the statistics: arrived after the warm-up and exited */
    counted: number;
  };
  wait_in_queue_s: SummaryJSON;
  time_in_system_s: SummaryJSON;
  service_s: SummaryJSON;
  queue_length: { mean: number; max: number };
  trucks_in_system: { mean: number; max: number };
  lanes: { mean_open: number; mean_busy: number; utilisation: number };
  /** Little's law, L = λW, from independent measurements: a check on the run's consistency */
  little: { arrival_rate_per_h: number; lq: number; lambda_wq: number; rel_diff: number };
  /**
   * the queue's time-average over each hour of the run, warm-up included (t_h: the hour's end),
   * for the steady-state checks (experiments/steady-state.ts); summary only, not in the stream
   */
  queue_over_time: { t_h: number[]; queue: number[] };
}

type Stamped = EventObject & { arrived_at: number; started_at: number };

/**
 * Memory is constant: later stream events repeat a truck's earlier timestamps (`arrived_at`,
 * `started_at`), so no per-truck state is kept.
 */
export class GateMetrics {
  readonly wait = new Summary();
  readonly sojourn = new Summary();
  /** service times: moments only (their percentiles are rarely asked, and cost) */
  readonly service = new Summary(0.005, { quantiles: false });
  private readonly queue = new TimeWeighted();
  private readonly inSystem = new TimeWeighted();
  private readonly busy = new TimeWeighted();
  private readonly open = new TimeWeighted();
  private nQueue = 0;
  private nSystem = 0;
  private nBusy = 0;
  private arrived = 0;
  private exited = 0;
  private countedArrivals = 0;
  private warm: boolean;
  /** queue-length area (truck-seconds) per hour of the run, and how far it is accumulated */
  private readonly hourArea: number[] = [];
  private areaTo = 0;

  constructor(private readonly warmupS: number) {
    this.warm = warmupS <= 0;
  }

  /** An EventSink: feed it every event of the stream, in order. */
  readonly onEvent = (t: number, _id: string, ev: EventObject): void => {
    if (!this.warm && t >= this.warmupS) this.endWarmup();
    this.accumulate(t);
    switch (ev.type) {
      case 'truck.arrived':
        this.arrived++;
        if (this.warm) this.countedArrivals++;
        this.queue.update(t, ++this.nQueue);
        this.inSystem.update(t, ++this.nSystem);
        break;
      case 'truck.gate_started': {
        const a = (ev as Stamped).arrived_at;
        if (a >= this.warmupS) this.wait.add(t - a);
        this.queue.update(t, --this.nQueue);
        this.busy.update(t, ++this.nBusy);
        break;
      }
      case 'truck.exited': {
        const a = (ev as Stamped).arrived_at;
        if (a >= this.warmupS) {
          this.sojourn.add(t - a);
          this.service.add(t - (ev as Stamped).started_at);
        }
        this.exited++;
        this.busy.update(t, --this.nBusy);
        this.inSystem.update(t, --this.nSystem);
        break;
      }
      case 'gate.capacity':
        this.open.update(t, (ev as unknown as { lanes: number }).lanes);
        break;
    }
  };

  /** Adds the queue length held since the last event to each hour it spans. */
  private accumulate(t: number): void {
    while (this.areaTo < t) {
      const h = Math.floor(this.areaTo / 3600);
      const to = Math.min(t, (h + 1) * 3600);
      this.hourArea[h] = (this.hourArea[h] ?? 0) + this.nQueue * (to - this.areaTo);
      this.areaTo = to;
    }
  }

  private endWarmup(): void {
    const w = this.warmupS;
    for (const tw of [this.queue, this.inSystem, this.busy, this.open]) {
      tw.update(w, tw.value);
      tw.reset(w);
    }
    this.warm = true;
  }

  /** Closes the time averages at `end` (the horizon, or the last event). */
  summary(end: number): GateMetricsSummary {
    // a warm-up that covers the whole run (possible with a trucks horizon) leaves no window to
    // average over: time averages are NaN (null in JSON), like the empty wait statistics
    const window = end > this.warmupS;
    if (!this.warm && window) this.endWarmup();
    const span = Math.max(0, end - Math.max(0, this.warmupS));
    const avg = (tw: TimeWeighted) => (window ? tw.mean(end) : NaN);
    const max = (tw: TimeWeighted) => (window ? tw.max : NaN);
    const lq = avg(this.queue);
    // arrival rate over the measured window; Little: Lq = λ·Wq (both from the same window)
    const lambda = span > 0 ? this.countedArrivals / span : NaN;
    const lambdaWq = lambda * this.wait.mean;
    this.accumulate(end);
    const hours = Math.floor(end / 3600);
    const queueOverTime = { t_h: Array.from({ length: hours }, (_, h) => h + 1), queue: Array.from({ length: hours }, (_, h) => (this.hourArea[h] ?? 0) / 3600) };
    const openMean = avg(this.open);
    const busyMean = avg(this.busy);
    return {
      trucks: { arrived: this.arrived, exited: this.exited, in_system_at_end: this.nSystem, counted: this.sojourn.n },
      wait_in_queue_s: this.wait.toJSON(),
      time_in_system_s: this.sojourn.toJSON(),
      service_s: this.service.toJSON(),
      queue_length: { mean: lq, max: max(this.queue) },
      trucks_in_system: { mean: avg(this.inSystem), max: max(this.inSystem) },
      lanes: { mean_open: openMean, mean_busy: busyMean, utilisation: openMean > 0 ? busyMean / openMean : NaN },
      little: { arrival_rate_per_h: lambda * 3600, lq, lambda_wq: lambdaWq, rel_diff: lq > 0 ? (lambdaWq - lq) / lq : window ? 0 : NaN },
      queue_over_time: queueOverTime,
    };
  }
}
