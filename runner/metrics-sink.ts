/**
 * The sink a runner gives the simulation: every event to the metrics first, then to the caller's
 * sink when there is one (files, viewer, tests).
 */
import type { EventObject } from 'xstate';
import type { EventSink } from '../sim/engine/simulation.js';

export function metricsSink(metrics: { onEvent(t: number, id: string, ev: EventObject): void }, outer: EventSink | undefined): EventSink {
  if (outer === undefined) return (t, id, ev) => metrics.onEvent(t, id, ev);
  return (t, id, ev) => {
    metrics.onEvent(t, id, ev);
    outer(t, id, ev);
  };
}
