/** The readable summary `ctwin run` prints: one line per topic, units spelled out. */
import type { GateMetricsSummary } from '../../reports/gate-metrics.js';
import type { MmcComparison } from '../../runner/run-gate.js';

type Summary = GateMetricsSummary & {
  scenario: string;
  seed: number;
  end_s: number;
  warmup_s: number;
  theory?: MmcComparison;
};

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (s: number) => (Number.isFinite(s) ? (s >= 600 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`) : 'n/a');
const pct = (x: number) => (Number.isFinite(x) ? `${Math.abs(x) < 0.0005 ? '' : x > 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} %` : 'n/a');

export function formatRunSummary(s: Summary, run: { engine: string; wallS: number; files: string[] }): string {
  const w = s.wait_in_queue_s;
  const tis = s.time_in_system_s;
  const lines = [
    `${s.scenario} · seed ${s.seed} · ${(s.end_s / 3600).toFixed(1)} h simulated (warm-up ${(s.warmup_s / 3600).toFixed(1)} h) · ${run.engine} engine · ${run.wallS.toFixed(2)} s`,
    `trucks          ${int(s.trucks.arrived)} arrived · ${int(s.trucks.exited)} exited · ${int(s.trucks.in_system_at_end)} in the system at the end · ${int(s.trucks.counted)} in the statistics`,
    `wait in queue   mean ${sec(w.mean)} · p50 ${sec(w.p50)} · p90 ${sec(w.p90)} · p95 ${sec(w.p95)} · p99 ${sec(w.p99)} · max ${sec(w.max)}`,
    `time at gate    mean ${sec(tis.mean)} · p95 ${sec(tis.p95)} · max ${sec(tis.max)}`,
    `queue           mean ${s.queue_length.mean.toFixed(2)} trucks · max ${s.queue_length.max}`,
    `lanes           ${s.lanes.mean_open.toFixed(2)} open on average · utilisation ${(s.lanes.utilisation * 100).toFixed(1)} %`,
    `Little's law    Lq ${s.little.lq.toFixed(3)} vs λ·Wq ${s.little.lambda_wq.toFixed(3)} (${pct(s.little.rel_diff)})`,
  ];
  if (s.theory) {
    lines.push(
      `Erlang C        Wq ${sec(s.theory.wq_s)} for ${s.theory.model} with ρ = ${s.theory.rho.toFixed(3)}: measured ${pct(s.theory.rel_err_wq)} (one run; replicate seeds for an interval)`,
    );
  }
  lines.push(`written         ${run.files.join(', ')}`);
  return lines.join('\n') + '\n';
}
