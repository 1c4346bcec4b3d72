import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../scenarios/loader.js';
import { portConfigFor } from '../../scenarios/port-config.js';
import { runPort } from '../../runner/run-port.js';
import { routesWorkTo } from '../../sim/training/role-work.js';
import { TRAIN_ROLES, type TrainRole } from '../../train/api-types.js';

const PORT_SCENARIOS = ['scenarios/port-baseline.yaml', 'scenarios/port-peak.yaml', 'scenarios/port-reform.yaml', 'scenarios/training-port.yaml'];
/** long enough for the rarer routes (a random pick, a second review that clears the score) to occur */
const HOURS = 12;

/** Which roles got work in a run of the policy's first HOURS hours (the events exercise.ts takes as cases). */
function rolesWorkedIn(file: string, policy: string): Set<TrainRole> {
  const cfg = portConfigFor(loadScenario(file, 'port'), policy);
  const end = Math.min(cfg.world.endS, HOURS * 3600);
  const config = { ...cfg, world: { ...cfg.world, endS: end, arrivalsUntil: end, warmupS: 0 } };
  const seen = new Set<TrainRole>();
  runPort(config, {
    seed: 1,
    noMetrics: true,
    sink: (_t, _id, e) => {
      const ev = e as { type: string; release?: boolean };
      if (ev.type === 'consignment.needs_image') seen.add('image-analyst');
      else if (ev.type === 'consignment.needs_review') seen.add('document-reviewer');
      else if (ev.type === 'gate.gathered' && ev.release === false) seen.add('gate-officer');
    },
  });
  return seen;
}

describe('routesWorkTo', () => {
  const cases = PORT_SCENARIOS.flatMap((file) => loadScenario(file, 'port').policies.map((p) => [file, p.name] as const));

  it.each(cases)('%s, policy %s: says a role gets work exactly when a run gives it some', (file, policy) => {
    const spec = portConfigFor(loadScenario(file, 'port'), policy).policy;
    const worked = rolesWorkedIn(file, policy);
    const said = new Set(TRAIN_ROLES.filter((r) => routesWorkTo(spec, r)));
    expect([...said].sort()).toEqual([...worked].sort());
  }, 60_000);

  it('port-reform: the baseline gives the image analyst and the gate officer nothing, the reforms do', () => {
    const s = loadScenario('scenarios/port-reform.yaml', 'port');
    const spec = (name: string) => portConfigFor(s, name).policy;
    expect(routesWorkTo(spec('baseline'), 'image-analyst')).toBe(false);
    expect(routesWorkTo(spec('baseline'), 'gate-officer')).toBe(false);
    expect(routesWorkTo(spec('baseline'), 'document-reviewer')).toBe(true);
    expect(routesWorkTo(spec('reform'), 'image-analyst')).toBe(true);
    // selection by chance alone sends nothing to a document review
    expect(routesWorkTo(spec('random-control'), 'document-reviewer')).toBe(false);
  });
});
