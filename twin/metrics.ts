/**
 * `/metrics` in Prometheus text format (prom-client): what came in and what happened to it,
 * ingest latency (received → logged and applied), and the site's state as gauges read at scrape
 * time. A registry of its own, so two twins in one process (tests) do not share counters.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TwinRuntime } from './runtime.js';
import type { IngestCounters } from './http-ingest.js';

export interface TwinMetrics {
  registry: Registry;
  text(): Promise<string>;
  contentType: string;
}

/** refusals counted outside the runtime: bad tokens and malformed messages on each link */
export interface LinkRefusals { tcpBadToken(): number; tcpProtocol(): number; mqttBadPassword(): number; mqttBadTopic(): number; apiUnauthorized(): number }

export function twinMetrics(rt: TwinRuntime, http: IngestCounters, clients: () => number, links: LinkRefusals): TwinMetrics {
  const registry = new Registry();
  const r = [registry];
  const latency = new Histogram({
    name: 'ctwin_twin_ingest_latency_seconds', help: 'input received to logged and applied (visible in the state)', labelNames: ['format'], registers: r,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
  });
  rt.onApplied = (ms, format) => latency.observe({ format }, ms / 1000);
  new Counter({ name: 'ctwin_twin_inputs_accepted_total', help: 'inputs written to the log and applied', registers: r, collect() { this.reset(); this.inc(rt.counters.accepted); } });
  new Counter({ name: 'ctwin_twin_inputs_duplicate_total', help: 'inputs already in the log (same device and sequence number), not applied again', registers: r, collect() { this.reset(); this.inc(rt.counters.duplicates); } });
  new Counter({
    name: 'ctwin_twin_inputs_rejected_total', help: 'inputs refused, by reason (never logged)', labelNames: ['reason'], registers: r,
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(rt.counters.rejected)) this.inc({ reason }, n);
      this.inc({ reason: 'unauthorized' }, http.unauthorized + links.tcpBadToken() + links.mqttBadPassword() + links.apiUnauthorized());
      this.inc({ reason: 'malformed-request' }, http.malformed + links.tcpProtocol() + links.mqttBadTopic());
    },
  });
  new Counter({ name: 'ctwin_twin_log_commits_total', help: 'group commits to the log', registers: r, collect() { this.reset(); this.inc(rt.counters.commits); } });
  new Gauge({ name: 'ctwin_twin_replayed_inputs', help: 'inputs replayed from the log at start', registers: r, collect() { this.set(rt.counters.replayed); } });
  new Gauge({ name: 'ctwin_twin_time_seconds', help: "the twin's clock (s since the log's first input)", registers: r, collect() { this.set(rt.now()); } });
  new Gauge({
    name: 'ctwin_twin_devices', help: 'devices, by whether they are stale', labelNames: ['stale'], registers: r,
    collect() {
      this.reset();
      const v = rt.site.deviceViews(rt.now());
      this.set({ stale: 'true' }, v.filter((d) => d.stale).length);
      this.set({ stale: 'false' }, v.filter((d) => !d.stale).length);
    },
  });
  new Gauge({
    name: 'ctwin_twin_consignments', help: 'consignments the twin knows, by status', labelNames: ['status'], registers: r,
    collect() {
      this.reset();
      const n: Record<string, number> = { released: 0, at_lane: 0, passed: 0, held: 0, to_inspection: 0 };
      for (const c of rt.site.consignments.values()) n[c.status]++;
      for (const [status, x] of Object.entries(n)) this.set({ status }, x);
    },
  });
  new Gauge({
    name: 'ctwin_twin_gate_verdicts', help: 'verdicts at the smart lanes', labelNames: ['verdict'], registers: r,
    collect() {
      const k = rt.site.kpiView();
      this.set({ verdict: 'released' }, k.released_at_gate);
      this.set({ verdict: 'held' }, k.held);
      this.set({ verdict: 'diverted' }, k.diverted);
      this.set({ verdict: 'unmatched' }, k.unmatched);
    },
  });
  new Gauge({ name: 'ctwin_twin_event_stream_clients', help: 'open event-stream (SSE) connections', registers: r, collect() { this.set(clients()); } });
  return { registry, text: () => registry.metrics(), contentType: registry.contentType };
}
