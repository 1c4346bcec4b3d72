/**
 * Synthetic but realistic experiment results for the HTML report tests: a port comparison of three
 * policies with every chart's data, a theory value, assertions and some nulls (NaN in the
 * simulator), and sweeps over one and two factors. Deterministic (seeded), no simulator run.
 */
import type { ComparisonReport, Difference, MetricDef, MetricStat, PolicyResult, SweepReport, SweepPoint } from '../../reports/experiment-results.js';
import { CLEARANCE_BINS_MIN } from '../../reports/port-metrics.js';

/** JSON from the simulator carries NaN as null where the types say number. */
const NULL = null as unknown as number;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179];
const tq = (df: number): number => T975[df] ?? 2.1;

function meanSd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.length > 1 ? xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) : NaN;
  return [m, Math.sqrt(v)];
}

/** Mean with a 95 % t-interval, nulls where there is nothing to measure (as the simulator writes NaN). */
export function stat(values: (number | null)[]): MetricStat {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!xs.length) return { mean: NULL, ci95: [NULL, NULL], sd: NULL, n: 0 };
  const [m, sd] = meanSd(xs);
  if (xs.length < 2) return { mean: m, ci95: [NULL, NULL], sd: NULL, n: 1 };
  const h = (tq(xs.length - 1) * sd) / Math.sqrt(xs.length);
  return { mean: m, ci95: [m - h, m + h], sd, n: xs.length };
}

export const CATALOG: MetricDef[] = [
  { key: 'clearance_mean_min', label: 'Mean clearance time', unit: 'min', better: 'lower', headline: true, group: 'clearance', tradeoff: 'clearance' },
  { key: 'clearance_p95_min', label: '95th percentile clearance', unit: 'min', better: 'lower', headline: true, group: 'clearance' },
  { key: 'clearance_p50_min', label: 'Median clearance time', unit: 'min', better: 'lower', headline: false, group: 'clearance' },
  { key: 'recall', label: 'Recall', unit: 'share', better: 'higher', headline: true, group: 'detection', tradeoff: 'detection' },
  { key: 'hit_rate', label: 'Hit rate', unit: 'share', better: 'higher', headline: false, group: 'detection' },
  { key: 'random_hit_rate', label: 'Random hit rate', unit: 'share', better: null, headline: false, group: 'detection' },
  { key: 'targeted_hit_rate', label: 'Targeted hit rate', unit: 'share', better: 'higher', headline: false, group: 'detection' },
  { key: 'inspections', label: 'Inspections', unit: 'count', better: null, headline: false, group: 'detection' },
  { key: 'gate_wait_mean_s', label: 'Mean gate wait', unit: 's', better: 'lower', headline: false, group: 'gate' },
  { key: 'officer_utilisation', label: 'Officer utilisation', unit: 'share', better: null, headline: false, group: 'resources' },
  { key: 'revenue_recovered_rmb', label: 'Revenue recovered', unit: 'RMB', better: 'higher', headline: false, group: 'volume' },
  { key: 'consignments', label: 'Consignments counted', unit: 'count', better: null, headline: false, group: 'volume' },
];

/** Per policy: [mean, sd] of each metric; null: the policy has nothing to measure there. */
const PROFILE: Record<string, Record<string, [number, number] | null>> = {
  baseline: {
    clearance_mean_min: [182, 9], clearance_p95_min: [610, 40], clearance_p50_min: [96, 6], recall: [0.41, 0.04], hit_rate: [0.082, 0.01],
    random_hit_rate: [0.05, 0.012], targeted_hit_rate: null, inspections: [1480, 60], gate_wait_mean_s: [44, 4], officer_utilisation: [0.78, 0.03],
    revenue_recovered_rmb: [1_240_000, 150_000], consignments: [11_950, 110],
  },
  reform: {
    clearance_mean_min: [121, 8], clearance_p95_min: [402, 35], clearance_p50_min: [58, 5], recall: [0.58, 0.04], hit_rate: [0.17, 0.015],
    random_hit_rate: [0.052, 0.015], targeted_hit_rate: [0.26, 0.03], inspections: [920, 50], gate_wait_mean_s: [43, 4], officer_utilisation: [0.66, 0.03],
    revenue_recovered_rmb: [1_610_000, 160_000], consignments: [11_950, 110],
  },
  'reform + smart gate': {
    clearance_mean_min: [112, 8], clearance_p95_min: [388, 33], clearance_p50_min: [51, 5], recall: [0.59, 0.04], hit_rate: [0.18, 0.015],
    random_hit_rate: [0.05, 0.015], targeted_hit_rate: [0.27, 0.03], inspections: [905, 50], gate_wait_mean_s: [12, 2], officer_utilisation: [0.61, 0.03],
    revenue_recovered_rmb: [1_640_000, 160_000], consignments: [11_950, 110],
  },
};

const DESCRIPTIONS: Record<string, string> = {
  baseline: 'Paper declarations, 5 % random inspection, manual gate.',
  reform: 'Single window with pre-arrival lodgement and rule-based risk targeting.',
  'reform + smart gate': 'Reform plus OCR/RFID smart gate lanes.',
};

const STAGES: Record<string, [number, number, number, number]> = {
  baseline: [38, 71, 52, 21],
  reform: [9, 44, 47, 21],
  'reform + smart gate': [9, 43, 46, 14],
};

const UTIL: Record<string, Record<string, number>> = {
  baseline: { declaration_officer: 0.84, inspection_officer: 0.81, gate_officer: 0.72, scanner: 0.55, inspection_bay: 0.68 },
  reform: { declaration_officer: 0.52, inspection_officer: 0.63, gate_officer: 0.71, scanner: 0.61, inspection_bay: 0.49 },
  'reform + smart gate': { declaration_officer: 0.51, inspection_officer: 0.62, gate_officer: 0.34, scanner: 0.6, inspection_bay: 0.48 },
};

function histCounts(meanMin: number, total: number): number[] {
  // log-normal shares per bin, the last bin open-ended
  const mu = Math.log(meanMin) - 0.5 * 0.9 ** 2;
  const cdf = (x: number): number => (x <= 0 ? 0 : 0.5 * (1 + erf((Math.log(x) - mu) / (0.9 * Math.SQRT2))));
  return CLEARANCE_BINS_MIN.map((a, i) => Math.round(total * ((i + 1 < CLEARANCE_BINS_MIN.length ? cdf(CLEARANCE_BINS_MIN[i + 1]) : 1) - cdf(a))));
}

function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

function queues(policy: string, r: () => number): { t_h: number[]; series: Record<string, number[]> } {
  const t_h = Array.from({ length: 97 }, (_, i) => i * 0.25);
  const scale = policy === 'baseline' ? 1 : 0.6;
  const gate = policy === 'reform + smart gate' ? 0.25 : 1;
  const wave = (t: number, peak: number, amp: number): number => Math.max(0, amp * Math.exp(-(((t - peak) / 3.5) ** 2)) + 0.3 * normal(r));
  return {
    t_h,
    series: {
      declaration: t_h.map((t) => wave(t, 10, 14 * scale)),
      inspection_bay: t_h.map((t) => wave(t, 13, 9 * scale)),
      scanner: t_h.map((t) => wave(t, 12, 5 * scale)),
      gate_in: t_h.map((t) => wave(t, 16, 11 * gate)),
    },
  };
}

function policyResult(name: string, seeds: number[]): PolicyResult {
  const prof = PROFILE[name];
  const replications = seeds.map((seed) => {
    const common = mulberry32(seed); // common random numbers: a busy seed is busy for every policy
    const own = mulberry32(seed * 7919 + name.length);
    const metrics: Record<string, number> = {};
    for (const m of CATALOG) {
      const p = prof[m.key];
      const z = 0.7 * normal(common) + 0.7 * normal(own);
      metrics[m.key] = p === null ? NULL : p[0] + p[1] * z;
    }
    return { seed, metrics };
  });
  if (name === 'reform') replications[3].metrics.hit_rate = NULL; // a replication without inspections
  const metrics = Object.fromEntries(CATALOG.map((m) => [m.key, stat(replications.map((r) => r.metrics[m.key]))]));
  const r = mulberry32(name.length * 31);
  const jitter = (v: number, sd: number): MetricStat => stat(seeds.map(() => v + sd * normal(r)));
  return {
    name,
    description: DESCRIPTIONS[name],
    metrics,
    replications,
    charts: {
      clearance_hist: { edges_min: [...CLEARANCE_BINS_MIN], counts: histCounts(prof.clearance_mean_min![0], 11_950 * seeds.length) },
      stages_min: Object.fromEntries(['arrival_to_lodged', 'lodged_to_decision', 'decision_to_release', 'release_to_exit'].map((s, i) => [s, jitter(STAGES[name][i], 3)])),
      utilisation: Object.fromEntries(Object.entries(UTIL[name]).map(([k, v]) => [k, jitter(v, 0.04)])),
      queues_over_time: queues(name, r),
    },
  };
}

function verdict(def: MetricDef, rel: number, hw: number, significant: boolean): string {
  const pct = (x: number): string => `${Math.round(Math.abs(x) * 100)} %`;
  if (!Number.isFinite(rel)) return 'no baseline value to compare';
  if (!significant) return `no clear difference (${rel < 0 ? '−' : '+'}${pct(rel)} ± ${pct(hw)})`;
  const word = def.unit === 'min' || def.unit === 's' ? (rel < 0 ? 'faster' : 'slower') : rel < 0 ? 'lower' : 'higher';
  return `${word} by ${pct(rel)} ± ${pct(hw)}`;
}

function differences(policies: PolicyResult[]): Difference[] {
  const [base, ...rest] = policies;
  const out: Difference[] = [];
  for (const p of rest) {
    for (const def of CATALOG) {
      const pairs = p.replications
        .map((rep, i) => [rep.metrics[def.key], base.replications[i].metrics[def.key]])
        .filter((x): x is [number, number] => x[0] !== null && x[1] !== null);
      if (pairs.length < 2) {
        out.push({ policy: p.name, vs: base.name, metric: def.key, mean: NULL, ci95: [NULL, NULL], ci95_unpaired: [NULL, NULL], relative: NULL, relative_ci95: [NULL, NULL], significant: false, verdict: 'no baseline value to compare', n: pairs.length });
        continue;
      }
      const d = stat(pairs.map(([a, b]) => a - b));
      const [ma, sa] = meanSd(pairs.map((x) => x[0]));
      const [mb, sb] = meanSd(pairs.map((x) => x[1]));
      const hu = tq(pairs.length - 1) * Math.sqrt((sa * sa + sb * sb) / pairs.length);
      const baseMean = base.metrics[def.key].mean;
      const significant = d.ci95[0] > 0 || d.ci95[1] < 0;
      const rel = d.mean / baseMean;
      const relHw = (d.ci95[1] - d.ci95[0]) / 2 / Math.abs(baseMean);
      out.push({
        policy: p.name, vs: base.name, metric: def.key, mean: d.mean, ci95: d.ci95, ci95_unpaired: [ma - mb - hu, ma - mb + hu],
        relative: rel, relative_ci95: [rel - relHw, rel + relHw], significant, verdict: verdict(def, rel, relHw, significant), n: pairs.length,
      });
    }
  }
  return out;
}

export function comparisonFixture(): ComparisonReport {
  const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
  const policies = ['baseline', 'reform', 'reform + smart gate'].map((n) => policyResult(n, seeds));
  return {
    schema: 'customs-twin.compare/1',
    kind: 'compare',
    scenario: 'port-reform',
    scenario_hash: '9f2c4e1a7b3d5c60e8f1a2b3c4d5e6f708192a3b',
    family: 'port',
    version: '0.1.0',
    seeds,
    replications: seeds.length,
    metrics_catalog: CATALOG,
    policies,
    differences: differences(policies),
    // random inspection hits at the violation prevalence; M/M/c wait at the gate (Erlang C)
    theory: { random_hit_rate: 0.05, gate_wait_mean_s: 41.8 },
    assertions: [
      { expression: 'reform.clearance_mean_min < baseline.clearance_mean_min', passed: true, reason: 'reform 121.4 min vs baseline 182.3 min' },
      { expression: 'recall > 0.5', passed: true, reason: 'reform 0.58, reform + smart gate 0.59 (baseline not asserted)' },
      { expression: 'clearance_p95_min < 360', passed: false, reason: 'baseline 610 min, reform 402 min, reform + smart gate 388 min' },
    ],
  };
}

/** The same comparison as one seed (`ctwin run`): no intervals. */
export function runFixture(): ComparisonReport {
  const c = comparisonFixture();
  const one = (p: PolicyResult): PolicyResult => ({
    ...p,
    replications: p.replications.slice(0, 1),
    metrics: Object.fromEntries(Object.keys(p.metrics).map((k) => [k, stat([p.replications[0].metrics[k]])])),
  });
  return { ...c, kind: 'run', seeds: [1], replications: 1, policies: c.policies.map(one), differences: [], assertions: undefined };
}

const SWEEP_CATALOG = CATALOG.filter((m) => ['clearance_mean_min', 'clearance_p95_min', 'recall', 'gate_wait_mean_s'].includes(m.key)).map((m) =>
  m.key === 'gate_wait_mean_s' ? { ...m, headline: true } : m,
);
const OFFICERS = 'policies.reform.staffing.gate_officer.0.officers';
const TARGETING = 'policies.reform.risk.targeting';

function sweepPoint(index: number, values: Record<string, number | string>, seeds: number[]): SweepPoint {
  const officers = Number(values[OFFICERS]);
  const boost = values[TARGETING] === 'model' ? 0.08 : values[TARGETING] === 'random' ? -0.12 : 0;
  const r = mulberry32(index + 1);
  const sample = (mean: number, sd: number): MetricStat => stat(seeds.map(() => mean + sd * normal(r)));
  const reformWait = 30 + 200 / officers ** 2;
  return {
    index,
    values,
    policies: [
      { name: 'baseline', metrics: { clearance_mean_min: sample(182, 9), clearance_p95_min: sample(610, 40), recall: sample(0.41, 0.04), gate_wait_mean_s: sample(44, 4) } },
      {
        name: 'reform',
        metrics: {
          clearance_mean_min: sample(100 + 90 / officers, 8),
          clearance_p95_min: index === 2 ? { mean: NULL, ci95: [NULL, NULL], sd: NULL, n: 0 } : sample(330 + 300 / officers, 30),
          recall: sample(0.58 + boost, 0.04),
          gate_wait_mean_s: sample(reformWait, 3),
        },
      },
    ],
  };
}

export function sweepFixture(twoFactors = false): SweepReport {
  const seeds = Array.from({ length: 8 }, (_, i) => i + 1);
  const factors = [{ path: OFFICERS, values: [2, 3, 4, 6] }, ...(twoFactors ? [{ path: TARGETING, values: ['random', 'rules', 'model'] }] : [])];
  const combos: Record<string, number | string>[] = twoFactors
    ? factors[1].values.flatMap((t) => factors[0].values.map((o) => ({ [OFFICERS]: o as number, [TARGETING]: t as string })))
    : factors[0].values.map((o) => ({ [OFFICERS]: o as number }));
  return {
    schema: 'customs-twin.sweep/1',
    scenario: 'port-reform',
    scenario_hash: '9f2c4e1a7b3d5c60e8f1a2b3c4d5e6f708192a3b',
    family: 'port',
    version: '0.1.0',
    seeds,
    replications: seeds.length,
    factors,
    metrics_catalog: SWEEP_CATALOG,
    points: combos.map((v, i) => sweepPoint(i, v, seeds)),
  };
}
