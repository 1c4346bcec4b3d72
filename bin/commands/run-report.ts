/**
 * What `ctwin run` adds after a run: the run as a one-seed comparison (report.html beside the
 * summary, the runs store), CI assertions on its metrics, and JUnit XML. Returns the exit status.
 */
import { join } from 'node:path';
import type { Scenario } from '../../scenarios/schema.js';
import { scenarioHash } from '../../scenarios/loader.js';
import { aggregate } from '../../experiments/aggregate.js';
import { describePolicies } from '../../experiments/compare.js';
import { metricCatalog } from '../../experiments/metrics-catalog.js';
import { familyOf, policyNames, theoryOf } from '../../experiments/replication.js';
import { evaluateAssertions, type Assertion } from '../../experiments/assertions.js';
import { withRunsStore } from '../../experiments/runs-store.js';
import type { ComparisonReport, ReplicationResult } from '../../reports/experiment-results.js';
import { renderComparisonHtml } from '../../reports/html/index.js';
import { packageVersion } from '../version.js';
import { parseAssertions, writeJunit } from './compare.js';
import { writeFileAtomic } from './file-set.js';

export interface RunReportOptions {
  assert?: string[];
  junit?: string;
  /** runs store folder, or false for none */
  store?: string | false;
  /** write report.html beside the summary */
  report?: boolean;
}

/** Parse the assertions before the run, so that a typo costs nothing. */
export function runAssertions(s: Scenario, policies: string[] | undefined, o: RunReportOptions): Assertion[] {
  return parseAssertions(o.assert, s, policies ?? policyNames(s), 1);
}

export function afterRun(s: Scenario, seed: number, results: ReplicationResult[], out: string, assertions: Assertion[], o: RunReportOptions, wallS: number): { report: ComparisonReport; status: number; lines: string[] } {
  const family = familyOf(s);
  const report = aggregate({
    kind: 'run',
    scenario: s.name,
    scenario_hash: scenarioHash(s),
    family,
    version: packageVersion(),
    seeds: [seed],
    policies: describePolicies(s, results.map((r) => r.policy)),
    catalog: metricCatalog(family),
    results: results.map((r) => [r]),
    theory: theoryOf(s),
  });
  if (assertions.length > 0) report.assertions = evaluateAssertions(assertions, report);
  const lines: string[] = [];
  if (o.report !== false) {
    const file = join(out, 'report.html');
    writeFileAtomic(file, renderComparisonHtml(report));
    lines.push(`report: ${file}`);
  }
  if (o.store !== undefined && o.store !== false) {
    const store = o.store;
    lines.push(`stored as ${withRunsStore(store, (s) => s.recordComparison(report, { outDir: out, createdAt: new Date() }))}`);
  }
  if (o.junit) writeJunit(o.junit, `ctwin run ${s.name}`, report, wallS);
  for (const a of report.assertions ?? []) lines.push(a.reason);
  const failed = (report.assertions ?? []).some((a) => !a.passed);
  return { report, status: failed ? 1 : 0, lines };
}
