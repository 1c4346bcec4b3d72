/** JUnit XML for CI systems: one test case per assertion, so a failed gate shows by name. */
import type { AssertionResult } from '../reports/experiment-results.js';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export function junitXml(suite: string, results: readonly AssertionResult[], timeS = 0): string {
  const failures = results.filter((r) => !r.passed).length;
  const cases = results.map((r) => {
    const head = `    <testcase classname="ctwin.assert" name="${esc(r.expression)}" time="0">`;
    return r.passed ? `${head}\n      <system-out>${esc(r.reason)}</system-out>\n    </testcase>` : `${head}\n      <failure message="${esc(r.reason)}" type="AssertionFailed">${esc(r.reason)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ctwin" tests="${results.length}" failures="${failures}" errors="0" time="${timeS.toFixed(3)}">`,
    `  <testsuite name="${esc(suite)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${timeS.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
