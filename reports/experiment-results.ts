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
}

/** A policy's results over all replications. */
export interface PolicyResult {
  name: string;
  description?: string;
  metrics: Record<string, MetricStat>;
  /** every replication's scalars, in seed order, for paired analysis and CSV */
  replications: { seed: number; metrics: Record<string, number> }[];
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
