/**
 * Is the run in steady state? Per queue and policy, over the replications' queue-length series:
 *
 * - MSER-5 (White 1997; White, Cobb & Spratt 2000): the warm-up truncation point that minimises
 *   the standard error of the mean of what is kept, on batches of 5 observations. Reported beside
 *   the configured warm-up.
 * - A trend test on batch means after the warm-up: per replication the least-squares slope of the
 *   batch means (whole days when demand follows a daily profile and the window holds two or more,
 *   else 10 equal batches), times the batches' span, is the growth over the window; independent
 *   replications make the growths independent, so a t-test of their mean against 0 tests the trend
 *   (Law 2015, §9.5.1, batch means; the regression form after Fishman 1978). One replication: the von
 *   Neumann (1941) ratio test on ≥ 10 batch means instead.
 * - Little's law L = λW from independent measurements: the relative gap (L − λW)/λW per
 *   replication, t-tested against 0 (its sampling error is its spread over replications).
 *
 * A queue is flagged when its test gives p < 0.01 and it grew by at least 10 % and one waiting
 * entity; Little's law when p < 0.01 and the gap exceeds 2 %. A transient scenario
 * (`horizon.transient: true`) makes no steady-state claim: nothing is tested.
 */
import { normalUpperTail } from '../sim/kernel/distributions.js';
import { meanSd, tQuantile } from './intervals.js';
import type { ReplicationCharts, SteadyState, SteadyStateEvidence } from '../reports/experiment-results.js';

export type { SteadyState, SteadyStateEvidence };



export const P_LIMIT = 0.01;
const MIN_GROWTH = 0.1;
const LITTLE_GAP = 0.02;

/** MSER-5: the truncation (in observations) minimising Σ(x − x̄ₖ)² / (n − k)² over batches of 5, k ≤ half. */
export function mser5(xs: readonly number[]): number {
  const b: number[] = [];
  for (let i = 0; i + 5 <= xs.length; i += 5) b.push((xs[i] + xs[i + 1] + xs[i + 2] + xs[i + 3] + xs[i + 4]) / 5);
  const n = b.length;
  if (n < 4) return 0;
  let best = 0;
  let bestStat = Infinity;
  for (let d = 0; d <= Math.floor(n / 2); d++) {
    const kept = b.slice(d);
    const { mean } = meanSd(kept);
    const ss = kept.reduce((s, x) => s + (x - mean) ** 2, 0);
    const stat = ss / (kept.length * kept.length);
    if (stat < bestStat - 1e-12) {
      bestStat = stat;
      best = d;
    }
  }
  return best * 5;
}

/** Two-sided p of a t statistic with `dof` degrees of freedom (by inverting the quantile; the t CDF is not a dependency). */
export function tTwoSided(t: number, dof: number): number {
  if (!Number.isFinite(t)) return t === 0 ? 1 : 0;
  const a = Math.abs(t);
  let lo = 0.5;
  let hi = 1 - 1e-12;
  if (tQuantile(hi, dof) <= a) return 2 * (1 - hi);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (tQuantile(mid, dof) < a) lo = mid;
    else hi = mid;
  }
  return 2 * (1 - (lo + hi) / 2);
}

/** The von Neumann ratio test for a trend or serial correlation in k batch means: one-sided p (small ratio). */
export function vonNeumann(b: readonly number[]): number {
  const k = b.length;
  const { mean } = meanSd(b);
  let num = 0;
  let den = 0;
  for (let i = 0; i < k; i++) {
    den += (b[i] - mean) ** 2;
    if (i > 0) num += (b[i] - b[i - 1]) ** 2;
  }
  if (den === 0) return 1;
  const ratio = num / den;
  const sd = Math.sqrt((4 * (k - 2)) / (k * k - 1));
  // Φ(z) as the upper tail of −z: the kernel's approximation, accurate in both tails
  return normalUpperTail((2 - ratio) / sd);
}

function batchMeans(xs: readonly number[], batches: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < batches; j++) {
    const a = Math.floor((j * xs.length) / batches);
    const z = Math.floor(((j + 1) * xs.length) / batches);
    out.push(meanSd(xs.slice(a, z)).mean);
  }
  return out;
}

/** Least-squares slope of ys against 0, 1, … */
function slope(ys: readonly number[]): number {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = meanSd(ys).mean;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, i) => {
    sxy += (i - mx) * (y - my);
    sxx += (i - mx) ** 2;
  });
  return sxx > 0 ? sxy / sxx : 0;
}

export interface SteadyStateInput {
  warmupH: number;
  /** the arrivals' horizon (the run drains past it: that part is left out) */
  horizonH: number;
  /** demand follows this cycle (24 h for a daily profile); batches are whole cycles when two or more fit */
  cycleH?: number;
  transient: boolean;
  /** per policy, its replications' charts in seed order */
  policies: { name: string; charts: ReplicationCharts[] }[];
}

export function steadyState(inp: SteadyStateInput): SteadyState {
  const base = { warmup_h: inp.warmupH, evidence: [] as SteadyStateEvidence[], mser5_warmup_h: {} as Record<string, Record<string, number>> };
  if (inp.transient) return { ...base, ok: null, transient: true, note: 'transient scenario: metrics hold over this horizon; no steady state is claimed' };
  let tested = 0;
  for (const pol of inp.policies) {
    const qs = pol.charts.map((c) => c.queues_over_time).filter((q) => q !== undefined);
    if (qs.length === pol.charts.length && qs.length > 0) {
      const names = Object.keys(qs[0].series).filter((k) => k !== 'in_system' && k !== 'trucks_present');
      base.mser5_warmup_h[pol.name] = {};
      for (const name of names) {
        // the post-warm-up window, up to the horizon (the drain after it empties every queue)
        const windows = qs.map((q) => q.t_h.map((t, i) => [t, q.series[name]?.[i] ?? 0] as const));
        const inWindow = windows.map((w) => w.filter(([t]) => t >= inp.warmupH && t <= inp.horizonH).map(([, v]) => v));
        const upTo = windows.map((w) => w.filter(([t]) => t <= inp.horizonH).map(([, v]) => v));
        const len = Math.min(...upTo.map((u) => u.length));
        const avg = Array.from({ length: len }, (_, i) => upTo.reduce((s, u) => s + u[i], 0) / upTo.length);
        const step = len > 1 ? (inp.horizonH - windows[0][0][0]) / (len - 1) : 1;
        base.mser5_warmup_h[pol.name][name] = Math.round(mser5(avg) * step * 10) / 10;
        const n = Math.min(...inWindow.map((w) => w.length));
        if (n < 4 || inWindow.every((w) => w.every((v) => v === 0))) continue;
        const span = inp.horizonH - inp.warmupH;
        const cycles = inp.cycleH ? Math.floor(span / inp.cycleH + 1e-9) : 0;
        const k = cycles >= 2 ? cycles : Math.min(10, n);
        const batches = inWindow.map((w) => batchMeans(w.slice(0, n), k));
        const from = meanSd(batches.map((b) => b[0])).mean;
        const to = meanSd(batches.map((b) => b[k - 1])).mean;
        let p: number;
        let test: string;
        if (batches.length >= 2) {
          const growth = batches.map((b) => slope(b) * (k - 1));
          const g = meanSd(growth);
          p = g.sd > 0 ? tTwoSided(g.mean / (g.sd / Math.sqrt(growth.length)), growth.length - 1) : g.mean === 0 ? 1 : 0;
          test = `slope of ${k} ${cycles >= 2 ? 'daily ' : ''}batch means, t-test over ${growth.length} replications`;
        } else if (k >= 10) {
          p = vonNeumann(batches[0]);
          test = `von Neumann ratio on ${k} batch means`;
        } else continue;
        tested++;
        if (p < P_LIMIT && to - from >= 1 && to > from * (1 + MIN_GROWTH)) base.evidence.push({ policy: pol.name, queue: name, grew_from: from, grew_to: to, test, p });
      }
    }
    const little = pol.charts.map((c) => c.little).filter((l) => l !== undefined && l.lambda_w > 0 && Number.isFinite(l.l));
    if (little.length >= 2) {
      const gaps = little.map((l) => (l!.l - l!.lambda_w) / l!.lambda_w);
      const g = meanSd(gaps);
      const pv = g.sd > 0 ? tTwoSided(g.mean / (g.sd / Math.sqrt(gaps.length)), gaps.length - 1) : 1;
      tested++;
      if (pv < P_LIMIT && Math.abs(g.mean) > LITTLE_GAP) {
        base.evidence.push({
          policy: pol.name,
          queue: "Little's law (L against λW)",
          grew_from: meanSd(little.map((l) => l!.lambda_w)).mean,
          grew_to: meanSd(little.map((l) => l!.l)).mean,
          test: `relative gap ${(g.mean * 100).toFixed(1)} %, t-test over ${gaps.length} replications`,
          p: pv,
        });
      }
    }
  }
  if (tested === 0) return { ...base, ok: null, transient: false, note: 'steady state not tested (no queue series after the warm-up)' };
  if (base.evidence.length === 0) return { ...base, ok: true, transient: false, note: `steady state: no queue trends after the ${inp.warmupH} h warm-up (p ≥ ${P_LIMIT}) and Little's law holds within its sampling error` };
  const list = base.evidence.map((e) => (e.queue.startsWith('Little') ? `${e.policy}: ${e.test}` : `${e.policy} ${e.queue} ${fmt(e.grew_from)} → ${fmt(e.grew_to)}`)).join('; ');
  return { ...base, ok: false, transient: false, note: `NOT in steady state: ${list} (p < ${P_LIMIT}); results depend on the run length` };
}

const fmt = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(0) : x.toFixed(1));
