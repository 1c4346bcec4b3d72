/**
 * The summing-up a comparison owes its reader: which policy is best on clearance, on detection and
 * on officer hours, and where those bests are different policies (the trade-off a planner has to
 * decide). The catalogue names the metric for each dimension (`MetricDef.tradeoff`); "best" is by
 * mean, and whether it is clearly ahead of the next policy is the paired 95 % interval of their
 * difference (the same seeds), so a lead inside the noise is said to be one.
 */
import { metricDifference } from './estimate.js';
import type { MetricDef, PolicyResult, TradeoffBest, TradeoffDimension, Tradeoffs } from '../reports/experiment-results.js';

const ORDER: TradeoffDimension[] = ['clearance', 'detection', 'officer_hours'];
const NAMES: Record<TradeoffDimension, string> = { clearance: 'clearance', detection: 'detection', officer_hours: 'officer hours' };

/** "fastest is X", "X detects most", "X takes the fewest officer hours" */
const SUPERLATIVE: Record<TradeoffDimension, (who: string) => string> = {
  clearance: (who) => `fastest is ${who}`,
  detection: (who) => `${who} detects most`,
  officer_hours: (who) => `${who} takes the fewest officer hours`,
};

const names = (xs: string[]) => (xs.length === 1 ? xs[0] : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]} (tied)`);

/** A value for a sentence: shares in percent, others to 3 significant digits with their unit. */
export function tradeoffValue(v: number, unit: string): string {
  if (unit === 'share') return `${(v * 100).toFixed(1)} %`;
  const a = Math.abs(v);
  const s = a >= 1000 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(3)).toString();
  return unit === 'count' || unit === '' ? s : `${s} ${unit}`;
}

function bestOn(def: MetricDef & { tradeoff: TradeoffDimension }, policies: PolicyResult[]): TradeoffBest | null {
  if (def.better === null) return null;
  const sign = def.better === 'lower' ? 1 : -1;
  const ranked = policies
    .map((p) => ({ name: p.name, mean: p.metrics[def.key]?.mean, p }))
    .filter((x): x is { name: string; mean: number; p: PolicyResult } => typeof x.mean === 'number' && Number.isFinite(x.mean))
    .sort((a, b) => sign * (a.mean - b.mean));
  if (ranked.length < 2) return null;
  const top = ranked.filter((x) => x.mean === ranked[0].mean);
  const next = ranked.find((x) => x.mean !== ranked[0].mean);
  const out: TradeoffBest = {
    dimension: def.tradeoff, metric: def.key, label: def.label, unit: def.unit, better: def.better,
    best: top.map((x) => x.name), value: ranked[0].mean, clear: null,
  };
  if (!next) return { ...out, clear: false };
  out.runner_up = next.name;
  out.runner_up_value = next.mean;
  // the metric's own paired estimator (pooled shares for detection), as in the Differences table
  const d = metricDifference(def, top[0].p.replications ?? [], next.p.replications ?? []);
  const [lo, hi] = d.ci95;
  out.clear = Number.isFinite(lo) && Number.isFinite(hi) ? lo > 0 || hi < 0 : null;
  return out;
}

function line(b: TradeoffBest): string {
  const head = `${NAMES[b.dimension]} (${b.label.charAt(0).toLowerCase()}${b.label.slice(1)}, ${b.better} is better): ${names(b.best)}, ${tradeoffValue(b.value, b.unit)}`;
  if (b.runner_up === undefined) return `${head}; every policy the same`;
  const lead = b.clear === null ? 'one run: no interval' : b.clear ? 'clearly ahead' : 'not clearly ahead: within the 95 % interval';
  return `${head}; next ${b.runner_up}, ${tradeoffValue(b.runner_up_value!, b.unit)} (${lead})`;
}

/** Best policy per dimension and the conflicts between them; null with fewer than two policies or no dimension measured. */
export function tradeoffs(catalog: readonly MetricDef[], policies: PolicyResult[]): Tradeoffs | null {
  if (policies.length < 2) return null;
  const best: TradeoffBest[] = [];
  for (const dim of ORDER) {
    const def = catalog.find((d) => d.tradeoff === dim);
    if (!def) continue;
    const b = bestOn(def as MetricDef & { tradeoff: TradeoffDimension }, policies);
    if (b) best.push(b);
  }
  if (!best.length) return null;
  const conflicts: Tradeoffs['conflicts'] = [];
  for (let i = 0; i < best.length; i++) {
    for (let j = i + 1; j < best.length; j++) {
      const a = best[i];
      const b = best[j];
      if (a.best.some((x) => b.best.includes(x))) continue;
      conflicts.push({ a: a.dimension, b: b.dimension, a_best: a.best, b_best: b.best });
    }
  }
  const lines = best.map(line);
  const byDim = new Map(best.map((b) => [b.dimension, b]));
  for (const c of conflicts) {
    const a = byDim.get(c.a)!;
    const b = byDim.get(c.b)!;
    const noise = a.clear === false || b.clear === false ? ' (one of the two leads is within the noise)' : '';
    lines.push(`conflict: ${SUPERLATIVE[c.a](names(c.a_best))}, but ${SUPERLATIVE[c.b](names(c.b_best))}${noise}`);
  }
  if (!conflicts.length && best.length > 1) lines.push(`no conflict: ${names(best[0].best)} is best on ${best.map((b) => NAMES[b.dimension]).join(', ')}`);
  return { best, conflicts, lines };
}
