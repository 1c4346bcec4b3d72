/**
 * A factorial sweep over scenario paths: `--vary 'policies.reform.gate.smart_lanes=4..10:2'`.
 * Each point is the scenario document with the factors' values set, validated like a file (a bad
 * value names the path and the point), then every policy runs on the same seeds at every point.
 * All points are built and checked before anything runs.
 */
import { stringify } from 'yaml';
import { parseScenario, scenarioHash, ScenarioError } from '../scenarios/loader.js';
import type { Scenario } from '../scenarios/schema.js';
import { aggregate } from './aggregate.js';
import { describePolicies } from './compare.js';
import { metricCatalog } from './metrics-catalog.js';
import { runReplications, type Backend } from './backend.js';
import { familyOf, policyNames, type ReplicationTask } from './replication.js';
import type { FactorValue, SweepFactor, SweepReport } from '../reports/experiment-results.js';

export class SweepSpecError extends Error {}

/** At most this many points: a typo in a range should not start a week of runs. */
export const MAX_POINTS = 1000;

function scalar(text: string): FactorValue {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
}

/** `path=a..b[:step]` (numbers, both ends included) or `path=v1,v2,…`. */
export function parseVary(spec: string): SweepFactor {
  const eq = spec.indexOf('=');
  const path = eq > 0 ? spec.slice(0, eq).trim() : '';
  const rhs = eq > 0 ? spec.slice(eq + 1).trim() : '';
  if (path === '' || rhs === '' || /\s/.test(path)) {
    throw new SweepSpecError(`--vary ${JSON.stringify(spec)}: expected 'path=from..to[:step]' or 'path=v1,v2,…', e.g. 'policies.reform.gate.smart_lanes=4..10:2'`);
  }
  const range = /^(-?[\d.]+(?:e-?\d+)?)\.\.(-?[\d.]+(?:e-?\d+)?)(?::([\d.]+(?:e-?\d+)?))?$/.exec(rhs);
  if (range) {
    const [from, to, step] = [Number(range[1]), Number(range[2]), range[3] === undefined ? 1 : Number(range[3])];
    if (![from, to, step].every(Number.isFinite) || step <= 0 || to < from) {
      throw new SweepSpecError(`--vary ${JSON.stringify(spec)}: a range needs from <= to and a positive step`);
    }
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_POINTS) throw new SweepSpecError(`--vary ${JSON.stringify(spec)}: ${count} values (at most ${MAX_POINTS})`);
    // values computed from the index, not by repeated addition, so 0.1 steps do not drift
    const values = Array.from({ length: count }, (_, i) => Number((from + i * step).toPrecision(12)));
    return { path, values };
  }
  const values = rhs.split(',').map(scalar);
  if (values.some((v) => v === '')) throw new SweepSpecError(`--vary ${JSON.stringify(spec)}: an empty value in the list`);
  return { path, values: [...new Set(values)] };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Sets `value` at a dotted path. A segment is a key, a list index, `*` (every item or key), or on
 * a list of named items (policies) an item's name.
 */
export function setPath(doc: Json, path: string, value: FactorValue): void {
  const segs = path.split('.');
  if (segs[0] === 'seed') throw new SweepSpecError(`--vary ${path}: the seed is not a factor; replications run on --seed S … S+R−1`);
  const walk = (node: Json, i: number, where: string): void => {
    const seg = segs[i];
    const last = i === segs.length - 1;
    const here = where === '' ? seg : `${where}.${seg}`;
    if (node === null || typeof node !== 'object') throw new SweepSpecError(`--vary ${path}: '${where}' is a value, not a mapping or a list`);
    const targets: (string | number)[] = [];
    if (Array.isArray(node)) {
      // a named item first (policy names may be digits), then an index
      const named = node.findIndex((it) => it !== null && typeof it === 'object' && !Array.isArray(it) && it.name === seg);
      if (seg === '*') targets.push(...node.keys());
      else if (named >= 0) targets.push(named);
      else if (/^\d+$/.test(seg)) {
        if (Number(seg) >= node.length) throw new SweepSpecError(`--vary ${path}: '${where}' has ${node.length} items (index ${seg} is past the end)`);
        targets.push(Number(seg));
      } else {
        const idx = named;
        if (idx < 0) {
          const names = node.map((it) => (it !== null && typeof it === 'object' && !Array.isArray(it) ? it.name : undefined)).filter((n) => typeof n === 'string');
          throw new SweepSpecError(`--vary ${path}: '${where}' has no item named '${seg}'${names.length ? ` (names: ${names.join(', ')})` : ''}`);
        }
        targets.push(idx);
      }
    } else {
      if (seg === '*') targets.push(...Object.keys(node));
      else if (Object.prototype.hasOwnProperty.call(node, seg)) targets.push(seg);
      else if (last) targets.push(seg); // a new optional key: the schema judges it
      else throw new SweepSpecError(`--vary ${path}: '${where || '(root)'}' has no key '${seg}' (keys: ${Object.keys(node).join(', ')})`);
    }
    if (targets.length === 0) throw new SweepSpecError(`--vary ${path}: '${here}' matches nothing ('${where || '(root)'}' is empty)`);
    for (const t of targets) {
      const container = node as Record<string | number, Json>;
      if (last) container[t] = value;
      else walk(container[t], i + 1, here);
    }
  };
  walk(doc, 0, '');
}

/** Every combination of the factors' values; the last factor varies fastest. */
export function factorial(factors: readonly SweepFactor[]): Record<string, FactorValue>[] {
  let points: Record<string, FactorValue>[] = [{}];
  for (const f of factors) points = points.flatMap((p) => f.values.map((v) => ({ ...p, [f.path]: v })));
  return points;
}

export interface SweepOptions {
  file: string;
  /** the scenario file's plain data (YAML parsed, aliases resolved) */
  data: unknown;
  base: Scenario;
  factors: SweepFactor[];
  policies: string[];
  seeds: number[];
  workers: number;
  /** where the replications run (default: `workers` threads here) */
  backend?: Backend;
  version: string;
  onProgress?: (done: number, total: number) => void;
}

/** The validated scenario of every point (throws ScenarioError or SweepSpecError before any run). */
/** The number of points, checked before the factorial is built (four factors of 100 would not fit in memory). */
export function pointCount(factors: readonly SweepFactor[]): number {
  let n = 1;
  for (const f of factors) {
    n *= f.values.length;
    if (n > MAX_POINTS) throw new SweepSpecError(`--vary: more than ${MAX_POINTS} points (the factors multiply)`);
  }
  return n;
}

export function sweepScenarios(file: string, data: unknown, factors: readonly SweepFactor[], policies: readonly string[] = []): { values: Record<string, FactorValue>; scenario: Scenario }[] {
  pointCount(factors);
  return factorial(factors).map((values) => {
    // a deep copy that also breaks YAML aliases, so that a value set under one policy stays there
    const doc = JSON.parse(JSON.stringify(data)) as Json;
    for (const [path, v] of Object.entries(values)) setPath(doc, path, v);
    const label = `${file} [${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(', ')}]`;
    let scenario: Scenario;
    try {
      scenario = parseScenario(stringify(doc), label);
    } catch (err) {
      // line and column would point into the generated document, not the file: the path says where
      if (err instanceof ScenarioError) throw new ScenarioError(err.issues.map(({ line: _l, col: _c, ...rest }) => rest));
      throw err;
    }
    const missing = policies.filter((p) => !policyNames(scenario).includes(p));
    if (missing.length > 0) throw new SweepSpecError(`--vary: at ${label} the scenario has no policy ${missing.map((p) => `'${p}'`).join(', ')}`);
    return { values, scenario };
  });
}

export async function runSweep(o: SweepOptions): Promise<SweepReport> {
  const points = sweepScenarios(o.file, o.data, o.factors, o.policies);
  const tasks: ReplicationTask[] = points.flatMap((pt) => o.policies.flatMap((policy) => o.seeds.map((seed) => ({ scenario: pt.scenario, policy, seed }))));
  const flat = await runReplications(tasks, o.backend ?? { kind: 'local', workers: o.workers }, o.onProgress);
  const family = familyOf(o.base);
  const catalog = metricCatalog(family);
  const per = o.policies.length * o.seeds.length;
  return {
    schema: 'customs-twin.sweep/1',
    scenario: o.base.name,
    scenario_hash: scenarioHash(o.base),
    family,
    version: o.version,
    seeds: o.seeds,
    replications: o.seeds.length,
    factors: o.factors,
    metrics_catalog: catalog,
    points: points.map((pt, i) => {
      const chunk = flat.slice(i * per, (i + 1) * per);
      const results = o.policies.map((_, p) => chunk.slice(p * o.seeds.length, (p + 1) * o.seeds.length));
      const agg = aggregate({
        kind: 'compare',
        scenario: pt.scenario.name,
        scenario_hash: scenarioHash(pt.scenario),
        family,
        version: o.version,
        seeds: o.seeds,
        policies: describePolicies(pt.scenario, o.policies),
        catalog,
        results,
      });
      return { index: i, values: pt.values, policies: agg.policies.map((p) => ({ name: p.name, metrics: p.metrics })) };
    }),
  };
}
