/** Options and result of the runners that advance day by day and summarise from the stream (zone, network). */
import type { EventSink } from '../sim/engine/simulation.js';
import type { EngineKind } from '../sim/engine/executor.js';

export interface DayRunOptions {
  seed: number | string;
  engine?: EngineKind;
  sink?: EventSink;
  /** called every simulated day with the share of the run done */
  onProgress?: (fractionDone: number) => void;
}

export interface DayRunResult<M> {
  metrics: M;
  endS: number;
  events: number;
  emits: number;
}
