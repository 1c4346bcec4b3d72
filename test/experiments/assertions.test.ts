/** CI gates: parsing, evaluation against a comparison, and the JUnit XML CI systems read. */
import { describe, expect, it } from 'vitest';
import { AssertionSyntaxError, evaluateAssertions, parseAssertion } from '../../experiments/assertions.js';
import { junitXml } from '../../experiments/junit.js';
import { metricCatalog } from '../../experiments/metrics-catalog.js';
import type { ComparisonReport, MetricStat } from '../../reports/experiment-results.js';

const catalog = metricCatalog('port');
const policies = ['baseline', 'reform'];
const stat = (mean: number, lo: number, hi: number): MetricStat => ({ mean, ci95: [lo, hi], sd: 1, n: 5 });

const report = {
  replications: 5,
  policies: [
    { name: 'baseline', metrics: { clearance_p95_min: stat(120, 110, 130), recall: stat(0.35, 0.3, 0.4) } },
    { name: 'reform', metrics: { clearance_p95_min: stat(30, 28, 32), recall: stat(0.62, 0.58, 0.66) } },
  ],
} as unknown as ComparisonReport;

describe('parseAssertion', () => {
  it('reads metric, optional policy and interval bound, operator and number', () => {
    expect(parseAssertion('clearance_p95_min < 45', catalog, policies)).toMatchObject({ metric: 'clearance_p95_min', stat: 'mean', op: '<', bound: 45 });
    expect(parseAssertion(' reform:recall.lo>=0.6 ', catalog, policies)).toMatchObject({ policy: 'reform', metric: 'recall', stat: 'lo', op: '>=', bound: 0.6, expression: 'reform:recall.lo>=0.6' });
  });

  it('refuses unknown metrics (with a suggestion), unknown policies, bad operators and bounds', () => {
    expect(() => parseAssertion('recal >= 0.6', catalog, policies)).toThrow(/no metric 'recal'; did you mean 'recall'\?/);
    expect(() => parseAssertion('nope:recall >= 0.6', catalog, policies)).toThrow(/no policy 'nope' in this run \(policies: baseline, reform\)/);
    expect(() => parseAssertion('recall => 0.6', catalog, policies)).toThrow(AssertionSyntaxError);
    expect(() => parseAssertion('recall >= high', catalog, policies)).toThrow(/the bound "high" is not a number/);
    expect(() => parseAssertion('recall > 0x10', catalog, policies)).toThrow(/the bound "0x10" is not a number/);
  });

  it('refuses an interval bound where there will be no interval (one run)', () => {
    expect(() => parseAssertion('recall.lo >= 0.3', catalog, policies, 1)).toThrow(/\.lo is a bound of the 95 % interval, which needs 2 or more replications/);
    expect(parseAssertion('recall >= 0.3', catalog, policies, 1).stat).toBe('mean');
  });
});

describe('evaluateAssertions', () => {
  it('without a policy, every policy must pass; the reason names each value', () => {
    const [a] = evaluateAssertions([parseAssertion('clearance_p95_min < 45', catalog, policies)], report);
    expect(a.passed).toBe(false);
    expect(a.reason).toBe('FAIL clearance_p95_min < 45: baseline 120.0 ✗, reform 30 (mean of 5 replications)');
  });

  it('a policy prefix and an interval bound narrow the check', () => {
    const [a, b] = evaluateAssertions(
      [parseAssertion('reform:clearance_p95_min < 45', catalog, policies), parseAssertion('reform:recall.lo >= 0.6', catalog, policies)],
      report,
    );
    expect(a).toEqual({ expression: 'reform:clearance_p95_min < 45', passed: true, reason: 'PASS reform:clearance_p95_min < 45: reform 30 (mean of 5 replications)' });
    expect(b.passed).toBe(false);
    expect(b.reason).toContain('reform 0.58 ✗ (lower 95 % bound)');
  });

  it('a metric with no value never passes', () => {
    const [a] = evaluateAssertions([parseAssertion('hit_rate > 0', catalog, policies)], report);
    expect(a.passed).toBe(false);
    expect(a.reason).toContain('no value');
  });
});

describe('junitXml', () => {
  it('one test case per assertion, failures with their reason, text escaped', () => {
    const xml = junitXml('ctwin compare a<b', [
      { expression: 'x < 1', passed: true, reason: 'PASS x < 1: a 0.5' },
      { expression: 'y >= 2', passed: false, reason: 'FAIL y >= 2: a "1" & b 3' },
    ]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="ctwin" tests="2" failures="1"/);
    expect(xml).toContain('<testsuite name="ctwin compare a&lt;b" tests="2" failures="1" errors="0" skipped="0"');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('<testcase classname="ctwin.assert" name="x &lt; 1" time="0">');
    expect(xml).toContain('<failure message="FAIL y &gt;= 2: a &quot;1&quot; &amp; b 3" type="AssertionFailed">');
    expect(xml.match(/<failure /g)).toHaveLength(1);
  });
});
