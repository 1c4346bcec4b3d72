/**
 * CI gates: `--assert 'clearance_p95_min < 45'`. An assertion is `[policy:]metric[.mean|.lo|.hi]
 * op number`, op one of < <= > >= == !=. Without a policy it must hold for every policy run;
 * `.lo` and `.hi` test a bound of the 95 % interval (`recall.lo >= 0.6`: confidently at least 0.6).
 * Assertions are parsed and checked against the catalogue before anything runs.
 */
import { closest } from '../scenarios/validation.js';
import type { AssertionResult, ComparisonReport, MetricDef } from '../reports/experiment-results.js';

export class AssertionSyntaxError extends Error {}

export interface Assertion {
  expression: string;
  /** `--assert steady`: the run is in steady state (experiments/steady-state.ts), not a bound on a metric */
  steady?: true;
  policy?: string;
  metric: string;
  stat: 'mean' | 'lo' | 'hi';
  op: '<' | '<=' | '>' | '>=' | '==' | '!=';
  bound: number;
}

const RE = /^\s*(?:([A-Za-z0-9][A-Za-z0-9_.-]*)\s*:\s*)?([a-z][a-z0-9_]*)(?:\.(mean|lo|hi))?\s*(<=|>=|==|!=|<|>)\s*(\S+)\s*$/;

/** `replications`: how many seeds the run will have (`.lo`/`.hi` need an interval, so two or more). */
export function parseAssertion(text: string, catalog: readonly MetricDef[], policies: readonly string[], replications = 2): Assertion {
  if (text.trim() === 'steady') return { expression: 'steady', steady: true, metric: 'steady', stat: 'mean', op: '==', bound: 1 };
  const m = RE.exec(text);
  if (!m) throw new AssertionSyntaxError(`--assert ${JSON.stringify(text)}: expected '[policy:]metric[.lo|.hi] <op> <number>' with <op> one of < <= > >= == !=, e.g. 'clearance_p95_min < 45', or 'steady'`);
  const [, policy, metric, stat, op, boundText] = m;
  const bound = Number(boundText);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(boundText) || !Number.isFinite(bound)) throw new AssertionSyntaxError(`--assert ${JSON.stringify(text)}: the bound ${JSON.stringify(boundText)} is not a number`);
  const keys = catalog.map((d) => d.key);
  if (!keys.includes(metric)) {
    const near = closest(metric, keys);
    throw new AssertionSyntaxError(`--assert ${JSON.stringify(text)}: no metric '${metric}'${near ? `; did you mean '${near}'?` : ''} (metrics: ${keys.join(', ')})`);
  }
  if (policy !== undefined && !policies.includes(policy)) {
    throw new AssertionSyntaxError(`--assert ${JSON.stringify(text)}: no policy '${policy}' in this run (policies: ${policies.join(', ')})`);
  }
  if (stat !== undefined && stat !== 'mean' && replications < 2) {
    throw new AssertionSyntaxError(`--assert ${JSON.stringify(text)}: .${stat} is a bound of the 95 % interval, which needs 2 or more replications (ctwin compare --replications R)`);
  }
  return { expression: text.trim(), ...(policy !== undefined ? { policy } : {}), metric, stat: (stat ?? 'mean') as Assertion['stat'], op: op as Assertion['op'], bound };
}

const holds = (v: number, op: Assertion['op'], b: number): boolean => {
  switch (op) {
    case '<':
      return v < b;
    case '<=':
      return v <= b;
    case '>':
      return v > b;
    case '>=':
      return v >= b;
    case '==':
      return v === b;
    case '!=':
      return v !== b;
  }
};

const show = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(4)).toString()) : 'no value');

/** `steady`: passes when no queue trends and Little's law holds; a transient scenario claims no steady state and passes, saying so. */
function steadyResult(report: ComparisonReport): AssertionResult {
  const ss = report.steady_state;
  if (!ss) return { expression: 'steady', passed: false, reason: 'FAIL steady: not tested (a single run, or a report without queue series)' };
  const passed = ss.ok === true || ss.transient;
  return { expression: 'steady', passed, reason: `${passed ? 'PASS' : 'FAIL'} steady: ${ss.note}` };
}

export function evaluateAssertions(list: readonly Assertion[], report: ComparisonReport): AssertionResult[] {
  return list.map((a) => {
    if (a.steady) return steadyResult(report);
    const policies = report.policies.filter((p) => a.policy === undefined || p.name === a.policy);
    const parts: string[] = [];
    let passed = policies.length > 0;
    for (const p of policies) {
      const st = p.metrics[a.metric];
      const v = st === undefined ? NaN : a.stat === 'mean' ? st.mean : a.stat === 'lo' ? st.ci95[0] : st.ci95[1];
      // a missing value (no interval from one replication, nothing measured) never passes
      const ok = Number.isFinite(v) && holds(v, a.op, a.bound);
      if (!ok) passed = false;
      parts.push(`${p.name} ${show(v)}${ok ? '' : ' ✗'}`);
    }
    const what = a.stat === 'mean' ? (report.replications > 1 ? `mean of ${report.replications} replications` : 'one run') : `${a.stat === 'lo' ? 'lower' : 'upper'} 95 % bound`;
    return { expression: a.expression, passed, reason: `${passed ? 'PASS' : 'FAIL'} ${a.expression}: ${parts.join(', ')} (${what})` };
  });
}
