
/**
 * The shapes that experiments (`ctwin compare`, `ctwin sweep`, `ctwin run`) hand to the reports,
 * the runs store and the CI gates. Plain JSON data: NaN is written as null, so readers must
 * accept null wherever a number has nothing to measure (no inspections, one replication).
 */

/** One scalar metric's definition: how to label it and which way is better. */
export interface MetricDef {
  key: string;
  label: string;
  /** 'min', 's', 'share' (0–1), 'count', 'RMB' … */
  unit: string;
  /** which way a change is an improvement; null when neither (counts of work, say) */
  better: 'lower' | 'higher' | null;
  /** headline metrics are the ones a summary card or a printed verdict shows */
  headline: boolean;
  /** a group heading for tables: 'clearance', 'detection', 'gate', 'resources', 'volume' */
  group: string;
  /**
   * the values the metric can take, [min, max] (null: no bound): [0, 1] for shares, [0, null] for
   * counts, money and times. Displays clip intervals to it (a t-interval can reach below zero).
   * Absent in reports written before it existed: `rangeOf` derives it from the unit.
   */
  range?: [number | null, number | null];
  /** the planner's question this metric answers in the trade-offs summary, if any */
  tradeoff?: TradeoffDimension;
  /**
   * how its interval is estimated (experiments/intervals.ts, docs/STATISTICS.md): `t` on the mean,
   * `bootstrap` (studentized, waits), `log` (log scale, money), `ratio` (counts pooled over replications).
   * Absent in reports written before it existed: they hold t-intervals.
   */
  estimator?: EstimatorKind;
}

/** What a planner weighs policies on: how fast, how much they find, how many officer hours they take. */
export type TradeoffDimension = 'clearance' | 'detection' | 'officer_hours';

/** The best policy on one dimension, and whether it is clearly ahead of the next one. */
export interface TradeoffBest {
  dimension: TradeoffDimension;
  metric: string;
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  /** the best policy by mean; more than one when they tie */
  best: string[];
  value: number;
  /** the next best policy and its mean (absent with one policy having a value) */
  runner_up?: string;
  runner_up_value?: number;
  /**
   * true: the paired 95 % interval of best − runner-up excludes zero; false: it does not; null:
   * no interval (one replication)
   */
  clear: boolean | null;
}

/** Which policy is best on each dimension, where the bests differ, in plain words for the report and CLI. */
export interface Tradeoffs {
  best: TradeoffBest[];
  /** pairs of dimensions whose best policies differ */
  conflicts: { a: TradeoffDimension; b: TradeoffDimension; a_best: string[]; b_best: string[] }[];
  /** the block as printed: one line per dimension, then one per conflict (or that there is none) */
  lines: string[];
}

/** Mean of one metric over replications, with a 95 % t-interval (null bounds when n < 2). */
export interface MetricStat {
  mean: number;
  ci95: [number, number];
  sd: number;
  /** replications with a value (a replication without one, e.g. no inspections, is left out) */
  n: number;
}

/** What one replication (one policy on one seed) yields. */
export interface ReplicationResult {
  policy: string;
  seed: number;
  /** flat scalar metrics, keyed as in the catalogue */
  metrics: Record<string, number>;
  /** numerator and denominator of each pooled share (catalogue estimator `ratio`), keyed as the metric */
  parts?: Record<string, [number, number]>;
  charts: ReplicationCharts;
}

/** Per-replication data the report's charts need beyond the scalars (port scenarios). */
export interface ReplicationCharts {
  /** clearance times of the consignments counted: counts per bin; edges in minutes, last bin open */
  clearance_hist?: { edges_min: number[]; counts: number[] };
  /** mean minutes per WCO Time Release Study stage, in stage order */
  stages_min?: Record<string, number>;
  /** utilisation 0–1 by officer role and by resource */
  utilisation?: Record<string, number>;
  /** queue lengths sampled over the run: t in hours from the run's start, one series per queue */
  queues_over_time?: { t_h: number[]; series: Record<string, number[]> };
  /** Little's law, measured L against λW from the same window (steady-state check) */
  little?: { l: number; lambda_w: number };
}

/** A policy's results over all replications. */
export interface PolicyResult {
  name: string;
  description?: string;
  metrics: Record<string, MetricStat>;
  /** every replication's scalars, in seed order, for paired analysis and CSV */
  replications: { seed: number; metrics: Record<string, number>; parts?: Record<string, [number, number]> }[];
  charts: {
    /** clearance histogram summed over replications */
    clearance_hist?: { edges_min: number[]; counts: number[] };
    stages_min?: Record<string, MetricStat>;
    utilisation?: Record<string, MetricStat>;
    /** queue lengths averaged over replications at each sample time */
    queues_over_time?: { t_h: number[]; series: Record<string, number[]> };
  };
}

/** One policy against the first (the baseline) on one metric, paired by seed (common random numbers). */
export interface Difference {
  policy: string;
  vs: string;
  metric: string;
  /** mean of (policy − vs) over the paired replications */
  mean: number;
  /** paired t-interval of the mean difference */
  ci95: [number, number];
  /** Welch interval for the same difference, as if the replications were independent */
  ci95_unpaired: [number, number];
  /** mean difference relative to the baseline's mean (−0.31 = 31 % lower) */
  relative: number;
  relative_ci95: [number, number];
  /** the interval excludes zero */
  significant: boolean;
  /** plain words: "faster by 31 % ± 4 %", "no clear difference (−2 % ± 5 %)" */
  verdict: string;
  n: number;
  /** the baseline's mean over the same pairs: with the metric's range, it bounds the difference */
  base_mean?: number;
}

export interface AssertionResult {
  /** the assertion as written, e.g. "clearance_p95_min < 45" */
  expression: string;
  passed: boolean;
  /** one line: what was measured against the bound, per policy */
  reason: string;
}

export interface ComparisonReport {
  schema: 'customs-twin.compare/1';
  /** 'compare' for replications over seeds, 'run' for a single seed (no intervals) */
  kind: 'compare' | 'run';
  scenario: string;
  scenario_hash: string;
  family: 'port' | 'gate' | 'zone' | 'network';
  version: string;
  seeds: number[];
  replications: number;
  metrics_catalog: MetricDef[];
  policies: PolicyResult[];
  differences: Difference[];
  /** known true values to draw as reference lines (e.g. Erlang C for an M/M/c gate) */
  theory?: Record<string, number>;
  assertions?: AssertionResult[];
  /** best policy per dimension (clearance, detection, officer hours) and where they conflict; two or more policies */
  tradeoffs?: Tradeoffs;
  /** whether the queues settled after the warm-up (experiments/steady-state.ts); absent in older reports and single runs */
  steady_state?: SteadyState;
  /** `--precision`: the sequential procedure's target, whether it was reached, and with how many replications */
  precision?: PrecisionResult;
}

export type FactorValue = number | string | boolean;

export interface SweepFactor {
  /** dotted path into the scenario document, e.g. "policies.reform.staffing.gate_officer.0.officers" */
  path: string;
  values: FactorValue[];
}

export interface SweepPoint {
  index: number;
  /** the factor values of this point, keyed by path */
  values: Record<string, FactorValue>;
  policies: { name: string; metrics: Record<string, MetricStat> }[];
}

export interface SweepReport {
  schema: 'customs-twin.sweep/1';
  scenario: string;
  scenario_hash: string;
  family: 'port' | 'gate' | 'zone' | 'network';
  version: string;
  seeds: number[];
  replications: number;
  factors: SweepFactor[];
  metrics_catalog: MetricDef[];
  points: SweepPoint[];
}

/** How a metric's interval is estimated (experiments/intervals.ts; docs/STATISTICS.md). */
export type EstimatorKind = 't' | 'bootstrap' | 'log' | 'ratio';

/** Steady-state evidence of a comparison (experiments/steady-state.ts). */
export interface SteadyStateEvidence {
  policy: string;
  /** the queue (or "little's law") */
  queue: string;
  /** mean of the first and the last batch over replications (Little: λW and L) */
  grew_from: number;
  grew_to: number;
  test: string;
  p: number;
}

export interface SteadyState {
  /** true: no evidence against steady state; false: see evidence; null: transient, or nothing to test */
  ok: boolean | null;
  transient: boolean;
  /** one line for the CLI and the report */
  note: string;
  evidence: SteadyStateEvidence[];
  warmup_h: number;
  /** MSER-5 truncation point per policy and queue, in hours from the start */
  mser5_warmup_h: Record<string, Record<string, number>>;
}

/** The sequential procedure's outcome (experiments/precision.ts). */
export interface PrecisionCheck {
  policy: string;
  metric: string;
  /** the baseline, for a paired difference */
  vs?: string;
  /** half-width over |mean| (for a difference: over the baseline's mean); null: mean 0, no relative precision */
  relative_half_width: number | null;
}

export interface PrecisionResult {
  /** γ as asked, and γ' = γ / (1 + γ) the half-widths are held to */
  target: number;
  adjusted_target: number;
  metrics: string[];
  reached: boolean;
  replications: number;
  max_replications: number;
  /** replications after each round */
  rounds: number[];
  /** the widest checks at the end, widest first (at most 5) */
  widest: PrecisionCheck[];
  /** metrics left out of the check because their mean is 0 (a share that never happened, say) */
  no_relative: string[];
  procedure: string;
}
