/**
 * Risk targeting against random selection at the same inspection rate, over 12 seeds: the
 * valuation table that learns from inspection outcomes must find more violations per inspection
 * (hit rate) and more of all violations (recall), and neither may beat the oracle that inspects
 * only violators: hit rate ≤ min(1, v/i), recall ≤ min(1, i/v).
 */
import { describe, expect, it } from 'vitest';
import { runPort } from '../../runner/run-port.js';
import type { PolicySpec } from '../../sim/supervision/port-config.js';
import { config, policy } from './port-fixture.js';

const HOURS = 96;
const none = { advanced_aeo: 0, general_aeo: 0, general: 0, dishonest: 0 };
const plenty = [{ from: '00:00', to: '24:00', officers: 12 }];

/** Everything selected goes straight to a physical inspection; staff enough that capacity never binds. */
function selecting(risk: Partial<PolicySpec['risk']>): Partial<PolicySpec> {
  const base = policy();
  return {
    inspection: { scannerFirst: false, scanners: 0 },
    risk: { ...base.risk, reviewAll: false, recheckRate: 0, secondReviewScore: 2, capacityAware: false, randomRate: none, targets: { red: 0.06, orange: 0, yellow: 0, blue: 0 }, ...risk },
    staffing: { ...base.staffing, physical_inspector: plenty },
  };
}

function run(p: Partial<PolicySpec>, seed: number) {
  return runPort(config({ arrivalsUntil: HOURS * 3600, endS: HOURS * 3600, warmupS: 24 * 3600, arrivals: { perHour: 60 } }, p), { seed }).metrics!.detection;
}

describe('risk targeting vs random selection', () => {
  it('the learning valuation table beats random selection at the same inspection rate, over 12 seeds, within the oracle bound', () => {
    const rows: string[] = [];
    let hitWins = 0;
    let recallWins = 0;
    let sumHitL = 0;
    let sumHitR = 0;
    let sumRecL = 0;
    let sumRecR = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const learn = run(selecting({ model: 'learning' }), seed);
      // random selection at the rate the learning policy actually inspected
      const rate = learn.check_rate;
      const rnd = run(selecting({ model: 'random', randomRate: { advanced_aeo: rate, general_aeo: rate, general: rate, dishonest: rate } }), seed);
      expect(Math.abs(rnd.check_rate - rate) / rate).toBeLessThan(0.25);
      for (const d of [learn, rnd]) {
        expect(d.hit_rate).toBeLessThanOrEqual(d.oracle_hit_rate_at_same_rate + 1e-12);
        expect(d.recall).toBeLessThanOrEqual(d.oracle_recall_at_same_rate + 1e-12);
        expect(d.caught_at_clearance).toBeLessThanOrEqual(Math.min(d.violations, d.checks));
      }
      if (learn.hit_rate > rnd.hit_rate) hitWins++;
      if (learn.recall > rnd.recall) recallWins++;
      sumHitL += learn.hit_rate;
      sumHitR += rnd.hit_rate;
      sumRecL += learn.recall;
      sumRecR += rnd.recall;
      rows.push(`seed ${seed}: inspect ${(rate * 100).toFixed(1)}% | learning hit ${learn.hit_rate.toFixed(3)} recall ${learn.recall.toFixed(3)} | random hit ${rnd.hit_rate.toFixed(3)} recall ${rnd.recall.toFixed(3)}`);
    }
    const msg = rows.join("\n");
    if (process.env.SHOW_RISK_TABLE) console.log(msg);
    expect(sumHitL / 12, msg).toBeGreaterThan(1.5 * (sumHitR / 12));
    expect(sumRecL / 12, msg).toBeGreaterThan(1.5 * (sumRecR / 12));
    expect(hitWins, msg).toBeGreaterThanOrEqual(10);
    expect(recallWins, msg).toBeGreaterThanOrEqual(10);
  });

  it('learning moves the weights of profiles that find violations up, and of the bias down or level', () => {
    const r = runPort(
      config({ arrivalsUntil: HOURS * 3600, endS: HOURS * 3600, arrivals: { perHour: 60 } }, selecting({ model: 'learning' })),
      { seed: 3 },
    );
    expect(r.site.risk.updates).toBeGreaterThan(200);
    const rules = runPort(
      config({ arrivalsUntil: HOURS * 3600, endS: HOURS * 3600, arrivals: { perHour: 60 } }, selecting({ model: 'rules' })),
      { seed: 3 },
    );
    // rules keep the analyst's weights; learning changed them
    expect(rules.site.risk.weights).toEqual(Object.fromEntries(Object.entries(policy().risk.weights).map(([k, v]) => [k, v])));
    expect(r.site.risk.weights).not.toEqual(rules.site.risk.weights);
  });
});
