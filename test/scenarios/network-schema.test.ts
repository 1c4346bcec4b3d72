/**
 * The network family of scenarios (transit under e-seal, regional clearance, factory direct
 * release): the two shipped files load, every cross-reference rule is checked on the shipped text
 * with one thing changed (the message names the file, the path and what was expected), and a
 * property over valid numeric tweaks, down to the seconds networkConfigFor hands to the simulator.
 *
 * Each broken case parses a shipped file with the `yaml` package, changes one thing, writes it to
 * a temporary folder and loads it from there, as `ctwin` would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadScenario, ScenarioError, type ScenarioIssue } from '../../scenarios/loader.js';
import type { NetworkScenario } from '../../scenarios/network-schema.js';
import { networkConfigFor, networkPolicyNames } from '../../scenarios/network-config.js';
import type { Scenario } from '../../scenarios/schema.js';
import { PROCEDURES } from '../../sim/supervision/network-config.js';
import { CREDIT_CLASSES } from '../../sim/supervision/vocabulary.js';

const file = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));
const SUZHOU = file('suzhou-factory-direct.yaml');
const TIANJIN = file('tianjin-regional-clearance.yaml');

/** The shipped file as plain data, aliases expanded into copies (so one change stays one change). */
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const plain = (path: string): Doc => JSON.parse(JSON.stringify(parse(readFileSync(path, 'utf8'))));

const DIR = mkdtempSync(join(tmpdir(), 'ctwin-network-schema-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
let written = 0;

/** Write `doc` as YAML to a fresh file in the temp folder; returns its path. */
function writeDoc(doc: Doc, name = 'scenario'): string {
  const path = join(DIR, `${name}-${++written}.yaml`);
  writeFileSync(path, stringify(doc));
  return path;
}

/** The shipped file with one change, written to the temp folder. */
function mutated(base: string, change: (d: Doc) => void, name = 'bad'): string {
  const d = plain(base);
  change(d);
  return writeDoc(d, name);
}

/** Load a file that must be refused; returns the ScenarioError (any other outcome fails). */
function refused(path: string): ScenarioError {
  try {
    loadScenario(path);
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw new Error(`expected a ScenarioError, got ${String(err)}`, { cause: err });
  }
  return expect.fail(`expected ${path} to be refused`);
}

/**
 * The refusal names the file, the path and the message: exactly these issues (path and message),
 * each on a line of its own `FILE:LINE:COL: PATH: MESSAGE`.
 */
function expectIssues(path: string, expected: { path: string; message: string | RegExp }[]): readonly ScenarioIssue[] {
  const err = refused(path);
  expect(err.issues.map((i) => i.path), err.message).toEqual(expected.map((x) => x.path));
  err.issues.forEach((issue, k) => {
    const want = expected[k].message;
    if (typeof want === 'string') expect(issue.message).toBe(want);
    else expect(issue.message).toMatch(want);
    expect(issue.file).toBe(path);
    expect(issue.line).toBeGreaterThanOrEqual(1);
  });
  const lines = err.message.split('\n');
  expect(lines).toHaveLength(expected.length);
  lines.forEach((l, k) => {
    expect(l.startsWith(`${path}:`), l).toBe(true);
    expect(l).toMatch(/^.+:\d+:\d+: /);
    expect(l).toContain(`: ${err.issues[k].path}: ${err.issues[k].message}`);
  });
  return err.issues;
}

const SUZHOU_PLACES = 'shanghai-port, wujiang-customs, wujiang-factory';

describe('the shipped network scenarios', () => {
  it('suzhou-factory-direct.yaml loads as a network scenario: 3 places, 2 flows, transfer against factory direct', () => {
    const s: Scenario = loadScenario(SUZHOU);
    expect(s.kind).toBe('network');
    if (s.kind !== 'network') return;
    expect(s.name).toBe('suzhou-factory-direct');
    expect(s.horizon).toEqual({ days: 28, drain_days: 30 });
    expect(s.site.network.places.map((p) => [p.id, p.kind])).toEqual([
      ['shanghai-port', 'port'],
      ['wujiang-customs', 'inland_customs'],
      ['wujiang-factory', 'factory'],
    ]);
    expect(s.demand.flows.map((f) => [f.name, f.direction])).toEqual([
      ['panel-imports', 'import'],
      ['product-exports', 'export'],
    ]);
    expect(networkPolicyNames(s)).toEqual(['transfer', 'factory-direct']);
    expect(s.policies[1].procedure).toEqual({ advanced_aeo: 'factory_direct', general_aeo: 'factory_direct', general: 'transfer', dishonest: 'transfer' });
    // the aliases (&seal, *seal) read as the same values under both policies
    expect(s.policies[1].seal).toEqual(s.policies[0].seal);
    expect(s.policies[1].interception.base).toBe('wujiang-customs');
  });

  it('tianjin-regional-clearance.yaml loads as a network scenario: transfer against regional clearance', () => {
    const s: Scenario = loadScenario(TIANJIN);
    expect(s.kind).toBe('network');
    if (s.kind !== 'network') return;
    expect(s.name).toBe('tianjin-regional-clearance');
    expect(s.site.network.places.map((p) => p.id)).toEqual(['tianjin-port', 'taiyuan-customs', 'taiyuan-factory', 'lanzhou-customs', 'lanzhou-plant', 'shijiazhuang']);
    expect(s.demand.flows.map((f) => f.name)).toEqual(['taiyuan-export', 'lanzhou-import']);
    expect(networkPolicyNames(s)).toEqual(['transfer', 'regional']);
    expect(s.policies.map((p) => p.procedure)).toEqual(['transfer', 'regional']);
  });

  it("asking for the network family narrows the type; asking for another names the family it is", () => {
    expectTypeOf(loadScenario(SUZHOU, 'network')).toEqualTypeOf<NetworkScenario>();
    expect(loadScenario(TIANJIN, 'network').kind).toBe('network');
    expect(() => loadScenario(SUZHOU, 'zone', 'ctwin test')).toThrow(
      /:\d+:\d+: site\.network: scenario 'suzhou-factory-direct' is a network scenario; ctwin test needs a zone scenario \(site\.zone\)$/,
    );
  });

  it('the shipped text written back by the yaml package (aliases expanded) loads to the same scenario', () => {
    for (const f of [SUZHOU, TIANJIN]) expect(loadScenario(writeDoc(plain(f), 'copy'))).toEqual(loadScenario(f));
  });
});

describe('broken network scenarios are refused with the file, the path and what was expected', () => {
  it('a flow naming a place that does not exist: the message lists the places', () => {
    const bad = mutated(SUZHOU, (d) => (d.demand.flows[0].factory = 'kunshan-factory'));
    expectIssues(bad, [{ path: 'demand.flows[0].factory', message: `no place 'kunshan-factory' (places: ${SUZHOU_PLACES})` }]);
  });

  it("a flow whose customs is a factory (the wrong kind of place): that one message, no 'no office' after it", () => {
    // as for a flow's port (checked for an office only when it is a port), a place of the wrong kind
    // is reported as such and nothing more
    const bad = mutated(SUZHOU, (d) => (d.demand.flows[0].customs = 'wujiang-factory'));
    expectIssues(bad, [{ path: 'demand.flows[0].customs', message: /^place 'wujiang-factory' is a factory, expected an? inland_customs\b/ }]);
  });

  it("a flow whose port is a factory: one message, the wrong kind", () => {
    const bad = mutated(SUZHOU, (d) => (d.demand.flows[1].port = 'wujiang-factory'));
    expectIssues(bad, [{ path: 'demand.flows[1].port', message: /^place 'wujiang-factory' is a factory, expected an? port$/ }]);
  });

  it('a flow whose customs has no office (here: both flows, once the Wujiang office is gone)', () => {
    const bad = mutated(SUZHOU, (d) => d.site.network.offices.splice(1, 1));
    const msg = "no office at 'wujiang-customs' (offices are at: shanghai-port)";
    expectIssues(bad, [
      { path: 'demand.flows[0].customs', message: msg },
      { path: 'demand.flows[1].customs', message: msg },
    ]);
  });

  it('a road to an unknown place', () => {
    const bad = mutated(SUZHOU, (d) => (d.site.network.roads[1].to = 'kunshan'));
    expectIssues(bad, [{ path: 'site.network.roads[1].to', message: `no place 'kunshan' (places: ${SUZHOU_PLACES})` }]);
  });

  it('a road from a place to itself', () => {
    const bad = mutated(SUZHOU, (d) => (d.site.network.roads[1].to = 'wujiang-customs'));
    expectIssues(bad, [{ path: 'site.network.roads[1].to', message: "a road from 'wujiang-customs' to itself" }]);
  });

  it('a place defined twice', () => {
    const bad = mutated(SUZHOU, (d) => d.site.network.places.push({ id: 'shanghai-port', kind: 'port', at: [31.0, 121.5] }));
    expectIssues(bad, [{ path: 'site.network.places[3].id', message: "place 'shanghai-port' is defined twice" }]);
  });

  it('places not connected by roads: the message says which two', () => {
    // without the Taiyuan–Lanzhou road, Lanzhou is cut off from Tianjin
    const bad = mutated(TIANJIN, (d) => {
      const i = d.site.network.roads.findIndex((r: Doc) => r.from === 'taiyuan-customs' && r.to === 'lanzhou-customs');
      expect(i).toBeGreaterThanOrEqual(0);
      d.site.network.roads.splice(i, 1);
    });
    expectIssues(bad, [
      { path: 'demand.flows[1]', message: "flow 'lanzhou-import': no road connects 'lanzhou-plant' to 'tianjin-port'" },
      { path: 'demand.flows[1]', message: "flow 'lanzhou-import': no road connects 'lanzhou-customs' to 'tianjin-port'" },
    ]);
  });

  it('a latitude out of range: [95, 10]', () => {
    const bad = mutated(SUZHOU, (d) => (d.site.network.places[0].at = [95, 10]));
    // the loader adds what it got; for a list that is its length (scenarios/validation.ts, every family)
    expectIssues(bad, [{ path: 'site.network.places[0].at', message: /^expected \[latitude, longitude\] in degrees \(latitude −90\.\.90, longitude −180\.\.180\)/ }]);
  });

  it('a procedure that is not one of transfer|regional|factory_direct', () => {
    const bad = mutated(SUZHOU, (d) => (d.policies[0].procedure = 'express'));
    // the procedures as the simulator lists them (transfer|regional|factory_direct, and any added since)
    expect(PROCEDURES).toEqual(expect.arrayContaining(['transfer', 'regional', 'factory_direct']));
    expectIssues(bad, [{ path: 'policies[0].procedure', message: `expected one of ${PROCEDURES.join('|')}, or a mapping of credit class (${CREDIT_CLASSES.join(', ')}) to one, got "express"` }]);
  });

  it('a procedure by credit class with one class not a procedure', () => {
    const bad = mutated(SUZHOU, (d) => (d.policies[1].procedure.general = 'express'));
    const err = refused(bad);
    expect(err.issues.length).toBeGreaterThanOrEqual(1);
    expect(err.issues[0].path).toMatch(/^policies\[1\]\.procedure/);
    expect(err.message).toContain(PROCEDURES.join('|'));
  });

  it('a duplicate policy name', () => {
    const bad = mutated(SUZHOU, (d) => (d.policies[1].name = 'transfer'));
    expectIssues(bad, [{ path: 'policies[1].name', message: "duplicate policy name 'transfer' (policies[0] has it too); policy names must be unique" }]);
  });

  it('an interception base that does not exist', () => {
    const bad = mutated(SUZHOU, (d) => (d.policies[0].interception.base = 'suzhou-hq'));
    expectIssues(bad, [{ path: 'policies[0].interception.base', message: `no place 'suzhou-hq' (places: ${SUZHOU_PLACES})` }]);
  });

  it('credit_mix shares that do not sum to 1', () => {
    const bad = mutated(SUZHOU, (d) => (d.demand.flows[0].credit_mix.general = 0.5));
    expectIssues(bad, [
      { path: 'demand.flows[0].credit_mix', message: /^expected shares that sum to 1, got 1\.25 \(advanced_aeo 0\.3 \+ general_aeo 0\.4 \+ general 0\.5 \+ dishonest 0\.05\)$/ },
    ]);
  });

  it('in the other shipped file too: a flow naming a missing port lists the six places', () => {
    const bad = mutated(TIANJIN, (d) => (d.demand.flows[1].port = 'qingdao-port'));
    expectIssues(bad, [
      { path: 'demand.flows[1].port', message: "no place 'qingdao-port' (places: tianjin-port, taiyuan-customs, taiyuan-factory, lanzhou-customs, lanzhou-plant, shijiazhuang)" },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: valid numeric tweaks load, and reach the simulator in seconds

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const positive = (max: number) => finite(Number.EPSILON, max).filter((x) => x > 0);

describe('property: valid numeric tweaks', () => {
  it('per_day > 0, ft40_share in [0, 1], gps interval ≥ 1 s: still loads; networkConfigFor converts hours and minutes to seconds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(SUZHOU, TIANJIN),
        fc.nat(),
        positive(1000),
        finite(0, 1),
        // at least a second between e-seal reports (scenarios/limits.ts)
        finite(1, 3600),
        finite(0, 10_000),
        finite(0, 1000),
        fc.nat(),
        (base, flowPick, perDay, ft40, interval, inspectionMin, slackH, policyPick) => {
          const d = plain(base);
          const fi = flowPick % d.demand.flows.length;
          const pi = policyPick % d.policies.length;
          d.demand.flows[fi].per_day = perDay;
          d.demand.flows[fi].ft40_share = ft40;
          d.site.network.gps.interval_s = interval;
          d.policies[pi].inspection_min = { dist: 'constant', value: inspectionMin };
          d.policies[pi].seal.late_slack_h = slackH;
          const s = loadScenario(writeDoc(d, 'tweak'), 'network');
          expect(s.demand.flows[fi].per_day).toBe(perDay);
          expect(s.demand.flows[fi].ft40_share).toBe(ft40);

          const c = networkConfigFor(s, s.policies[pi].name);
          expect(c.world.flows[fi].perDay).toBe(perDay);
          expect(c.world.flows[fi].ft40Share).toBe(ft40);
          expect(c.world.gps.intervalS).toBe(interval);
          expect(c.policy.name).toBe(s.policies[pi].name);
          expect(c.policy.inspectionS).toEqual({ dist: 'constant', value: inspectionMin * 60 });
          expect(c.policy.seal.lateSlackS).toBeCloseTo(slackH * 3600, 6);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it('the examples: inspection_min constant 90 → inspectionS 5400; late_slack_h 2 → lateSlackS 7200; the others too', () => {
    const bad = mutated(TIANJIN, (d) => (d.policies[0].inspection_min = { dist: 'constant', value: 90 }), 'example');
    const s = loadScenario(bad, 'network');
    const c = networkConfigFor(s, 'transfer');
    expect(c.policy.inspectionS).toEqual({ dist: 'constant', value: 5400 });
    expect(c.policy.seal.lateSlackS).toBe(7200);
    // the rest of that policy as shipped: hours × 3600, minutes × 60
    expect(c.policy.seal.graceS).toBe(600);
    expect(c.policy.seal.maxStopS).toBe(3600);
    expect(c.policy.interception.dispatchS).toBe(600);
    expect(c.policy.interception.checkS).toEqual({ dist: 'uniform', min: 1800, max: 3600 });
    expect(c.policy.reviewS.transfer).toEqual({ dist: 'lognormal', mean: 20 * 3600, sd: 8 * 3600 });
    expect(c.policy.carrierWaitS).toEqual({ dist: 'lognormal', mean: 54 * 3600, sd: 24 * 3600 });
    expect(c.policy.factoryVisitS).toEqual({ dist: 'constant', value: 1800 });
    expect(c.policy.procedure).toEqual({ advanced_aeo: 'transfer', general_aeo: 'transfer', general: 'transfer', dishonest: 'transfer' });
    // the world: office hours in seconds after midnight, detour and rest stop durations in seconds
    expect(c.world.offices.find((o) => o.place === 'taiyuan-customs')?.hours).toEqual({ openS: 8.5 * 3600, closeS: 17.5 * 3600, daysPerWeek: 5 });
    expect(c.world.offices.find((o) => o.place === 'tianjin-port')?.hours).toEqual({ openS: 0, closeS: 24 * 3600, daysPerWeek: 7 });
    expect(c.world.truth.detour.durationS).toEqual({ dist: 'uniform', min: 1200, max: 3600 });
    expect(c.world.gps.intervalS).toBe(60);
  });

  it('networkConfigFor with an unknown policy names the policies there are', () => {
    const s = loadScenario(SUZHOU, 'network');
    expect(() => networkConfigFor(s, 'nope')).toThrow("network scenario 'suzhou-factory-direct' has no policy 'nope'; its policies are 'transfer', 'factory-direct'");
  });
});

describe('network scenarios: what would crash or hang a run is refused up front', () => {
  it('a duration that can be negative (a normal without a min)', () => {
    const bad = mutated(TIANJIN, (d) => (d.policies[0].site_handling_h = { dist: 'normal', mean: 6, sd: 3 }));
    expectIssues(bad, [{ path: 'policies[0].site_handling_h', message: /^a duration cannot be negative, and this distribution can draw below 0 \(give a normal a min >= 0\)/ }]);
  });
  it('a truck speed that can be 0', () => {
    const bad = mutated(TIANJIN, (d) => (d.site.network.truck_speed_kmh = { dist: 'constant', value: 0 }));
    expectIssues(bad, [{ path: 'site.network.truck_speed_kmh', message: /^a truck's speed must stay above 0 km\/h, and this distribution can draw 0/ }]);
  });
  it('an office a policy inspects at with no inspectors on duty (by the site, or by the policy)', () => {
    const none = mutated(TIANJIN, (d) => (d.site.network.offices[1].inspectors = 0));
    const issues = refused(none).issues;
    expect(issues.map((i) => i.path)).toEqual(['policies[0].inspection_rate', 'policies[1].inspection_rate']);
    expect(issues[0].message).toBe("policy 'transfer' inspects at 'taiyuan-customs', which has no inspectors on duty");
    const staffed = mutated(TIANJIN, (d) => (d.policies[1].staffing = { 'tianjin-port': 0 }));
    expectIssues(staffed, [{ path: 'policies[1].staffing.tianjin-port', message: "policy 'regional' inspects at 'tianjin-port', which has no inspectors on duty" }]);
  });
  it('an aggregation period longer than the deadline it must be declared in', () => {
    const ftz = file('shanghai-ftz-2014.yaml');
    const bad = mutated(ftz, (d) => (d.policies[2].enter_first = { declare_within_days: 3, aggregate_days: 7, filing_days: { dist: 'constant', value: 1 } }));
    expectIssues(bad, [{ path: 'policies[2].enter_first.aggregate_days', message: /expected aggregate_days <= declare_within_days/ }]);
  });
});
