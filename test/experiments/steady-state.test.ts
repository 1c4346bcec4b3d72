/** Steady-state checks: MSER-5 finds the warm-up, a growing queue is flagged and named, a transient scenario claims nothing. */
import { describe, expect, it } from 'vitest';
import { mser5, steadyState, tTwoSided, vonNeumann } from '../../experiments/steady-state.js';
import { RngStreams } from '../../sim/kernel/rng.js';
import type { ReplicationCharts } from '../../reports/experiment-results.js';

const rng = new RngStreams('steady').stream('noise');
const noise = () => rng.next() - 0.5;

/** Hourly samples 0…H of one queue per replication. */
function charts(reps: number, hours: number, level: (t: number) => number, little?: (r: number) => { l: number; lambda_w: number }): ReplicationCharts[] {
  return Array.from({ length: reps }, (_, r) => {
    const t_h = Array.from({ length: hours + 1 }, (_, i) => i);
    return { queues_over_time: { t_h, series: { physical_inspector: t_h.map((t) => Math.max(0, level(t) + 4 * noise())) } }, ...(little ? { little: little(r) } : {}) };
  });
}

describe('steady state', () => {
  it('MSER-5 truncates an initial transient, and keeps a stationary series whole', () => {
    const xs = Array.from({ length: 200 }, (_, i) => (i < 40 ? 50 - i : 10) + noise());
    const d = mser5(xs);
    expect(d).toBeGreaterThanOrEqual(30);
    expect(d).toBeLessThanOrEqual(50);
    expect(mser5(Array.from({ length: 200 }, () => 10 + noise()))).toBeLessThanOrEqual(20);
  });

  it('the von Neumann ratio sees a trend in batch means and not in noise; the t p-value matches known quantiles', () => {
    expect(vonNeumann(Array.from({ length: 12 }, (_, i) => i + noise()))).toBeLessThan(0.01);
    expect(vonNeumann([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8])).toBeGreaterThan(0.05);
    expect(tTwoSided(2.776445, 4)).toBeCloseTo(0.05, 4);
    expect(tTwoSided(0, 4)).toBeCloseTo(1, 6);
  });

  it('a queue that grows day after day is flagged, with the queue, how much it grew, the test and p', () => {
    const s = steadyState({ warmupH: 24, horizonH: 72, cycleH: 24, transient: false, policies: [{ name: 'baseline', charts: charts(5, 72, (t) => 10 + t) }] });
    expect(s.ok).toBe(false);
    expect(s.evidence).toHaveLength(1);
    const e = s.evidence[0];
    expect(e).toMatchObject({ policy: 'baseline', queue: 'physical_inspector' });
    expect(e.grew_to).toBeGreaterThan(e.grew_from + 20);
    expect(e.p).toBeLessThan(0.01);
    expect(e.test).toMatch(/daily batch means/);
    expect(s.note).toMatch(/NOT in steady state: baseline physical_inspector/);
  });

  it("a settled queue passes; Little's law off by 8 % over replications is flagged", () => {
    const flat = steadyState({ warmupH: 24, horizonH: 72, cycleH: 24, transient: false, policies: [{ name: 'p', charts: charts(5, 72, () => 20) }] });
    expect(flat.ok).toBe(true);
    expect(flat.evidence).toEqual([]);
    const off = steadyState({ warmupH: 24, horizonH: 72, cycleH: 24, transient: false, policies: [{ name: 'p', charts: charts(5, 72, () => 20, (r) => ({ l: 92 + r * 0.5, lambda_w: 100 })) }] });
    expect(off.ok).toBe(false);
    expect(off.evidence[0].queue).toMatch(/Little/);
  });

  it('a transient scenario makes no steady-state claim', () => {
    const s = steadyState({ warmupH: 2, horizonH: 24, transient: true, policies: [{ name: 'p', charts: charts(3, 24, (t) => t * 10) }] });
    expect(s.ok).toBeNull();
    expect(s.transient).toBe(true);
    expect(s.evidence).toEqual([]);
    expect(s.note).toMatch(/over this horizon/);
  });
});

describe('steady state in the report', () => {
  it('the queue chart carries a visible warning naming the growing queue', async () => {
    const { comparisonFixture } = await import('../reports/fixtures.js');
    const { renderComparisonHtml } = await import('../../reports/html/index.js');
    const r = comparisonFixture();
    const queue = Object.keys(r.policies[0].charts.queues_over_time!.series)[0];
    r.steady_state = { ok: false, transient: false, note: `NOT in steady state: ${r.policies[0].name} ${queue} 99 → 187 (p < 0.01)`, evidence: [{ policy: r.policies[0].name, queue, grew_from: 99, grew_to: 187, test: 'slope', p: 0.001 }], warmup_h: 24, mser5_warmup_h: {} };
    const html = renderComparisonHtml(r);
    expect(html).toMatch(new RegExp(`<p class="warning" role="alert">⚠ NOT in steady state: ${r.policies[0].name} ${queue} 99 → 187`));
    expect(html).toContain('⚠ grows');
  });
});
