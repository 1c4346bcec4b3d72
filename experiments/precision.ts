/**
 * Replications to a stated precision: Law & Kelton's sequential procedure for a relative precision
 * γ (Law 2015, Simulation Modeling and Analysis, 5th ed., §9.4.1): add replications until the 95 %
 * half-width over the mean is at most γ' = γ / (1 + γ) on every chosen metric of every policy and on
 * the paired difference of every policy against the baseline (its half-width over the larger of the
 * two means compared: a difference near 0 has no relative precision of its own), or until the cap. (γ' makes the actual relative error at most γ: Law 2015, eq. 9.5.)
 *
 * Rounds add replications in batches on the same seed sequence S, S+1, … (replication r of every
 * policy runs on seed S + r, as in a fixed-R comparison), so the result after n replications is the
 * fixed-R comparison with R = n, whichever workers or backend ran them; the next round's size comes
 * from the widest interval (n·(h/γ')², at most doubling, at least one more).
 */
import { comparisonOf, runResults, seedList, type CompareOptions } from './compare.js';
import { familyOf, policyNames } from './replication.js';
import { metricCatalog } from './metrics-catalog.js';
import type { ComparisonReport, PrecisionCheck, PrecisionResult, ReplicationResult } from '../reports/experiment-results.js';

export type { PrecisionCheck, PrecisionResult };



export interface PrecisionOptions extends Omit<CompareOptions, 'seeds'> {
  firstSeed: number;
  /** replications of the first round (at least 2) */
  initial: number;
  precision: number;
  maxReplications: number;
  /** metric keys to hold to the precision (default: the headline ones) */
  metrics?: string[];
}

/** Every relative half-width the procedure watches, for one comparison. */
export function precisionChecks(r: ComparisonReport, metrics: readonly string[]): PrecisionCheck[] {
  const out: PrecisionCheck[] = [];
  for (const p of r.policies) {
    for (const key of metrics) {
      const m = p.metrics[key];
      if (!m || !Number.isFinite(m.mean)) continue;
      const h = (m.ci95[1] - m.ci95[0]) / 2;
      out.push({ policy: p.name, metric: key, relative_half_width: m.mean !== 0 ? (Number.isFinite(h) ? h / Math.abs(m.mean) : Infinity) : h === 0 ? 0 : null });
    }
  }
  for (const d of r.differences) {
    if (!metrics.includes(d.metric) || !Number.isFinite(d.base_mean ?? NaN)) continue;
    const [lo, hi] = d.relative_ci95;
    const base = Math.abs(d.base_mean!);
    // the half-width in the metric's units (from the relative interval, which the verdict shows), over the larger of the two means compared
    const h = Number.isFinite(lo) && Number.isFinite(hi) ? ((hi - lo) / 2) * base : (d.ci95[1] - d.ci95[0]) / 2;
    const scale = Math.max(base, Math.abs(d.base_mean! + d.mean));
    out.push({ policy: d.policy, metric: d.metric, vs: d.vs, relative_half_width: scale > 0 ? (Number.isFinite(h) ? h / scale : Infinity) : d.mean === 0 && d.ci95[0] === d.ci95[1] ? 0 : null });
  }
  return out;
}

export async function runToPrecision(o: PrecisionOptions, onRound?: (n: number, widest: PrecisionCheck | undefined) => void): Promise<ComparisonReport> {
  const names = o.policies ?? policyNames(o.scenario);
  const target = o.precision / (1 + o.precision);
  const results: ReplicationResult[][] = names.map(() => []);
  const rounds: number[] = [];
  let n = 0;
  let next = Math.min(o.maxReplications, Math.max(2, o.initial));
  const family = metricCatalog(familyOf(o.scenario));
  const metrics = o.metrics ?? family.filter((d) => d.headline).map((d) => d.key);
  for (;;) {
    const seeds = seedList(o.firstSeed + n, next - n);
    const more = await runResults({ ...o, seeds }, names, seeds, o.onProgress);
    more.forEach((rs, p) => results[p].push(...rs));
    n = next;
    rounds.push(n);
    const check = comparisonOf(o, names, seedList(o.firstSeed, n), results, metrics);
    const checks = precisionChecks(check, metrics);
    const measurable = checks.filter((c) => c.relative_half_width !== null) as (PrecisionCheck & { relative_half_width: number })[];
    measurable.sort((a, b) => b.relative_half_width - a.relative_half_width);
    const worst = measurable[0]?.relative_half_width ?? 0;
    const reached = worst <= target;
    onRound?.(n, measurable[0]);
    if (reached || n >= o.maxReplications) {
      const report = comparisonOf(o, names, seedList(o.firstSeed, n), results);
      report.precision = {
        target: o.precision,
        adjusted_target: target,
        metrics,
        reached,
        replications: n,
        max_replications: o.maxReplications,
        rounds,
        widest: measurable.slice(0, 5),
        no_relative: [...new Set(checks.filter((c) => c.relative_half_width === null).map((c) => c.metric))],
        procedure: "Law & Kelton's sequential procedure for a relative precision (Law 2015, §9.4.1) on every chosen metric and paired difference against the baseline",
      };
      return report;
    }
    // Law & Kelton's estimate of the replications needed, n·(h/γ')², from the widest interval; at most doubling (early spreads are noisy)
    const want = Number.isFinite(worst) ? Math.ceil(n * (worst / target) ** 2) : 2 * n;
    next = Math.min(o.maxReplications, Math.max(n + 1, Math.min(2 * n, want)));
  }
}
