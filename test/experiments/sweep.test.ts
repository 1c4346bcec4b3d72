/** Sweep factors as a planner writes them: ranges, lists, paths into policies, clear refusals. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ScenarioError } from '../../scenarios/loader.js';
import { factorial, parseVary, setPath, sweepScenarios, SweepSpecError } from '../../experiments/sweep.js';
import { ROOT } from '../cli/helpers.js';

const FILE = join(ROOT, 'scenarios', 'port-reform.yaml');
const data = () => parse(readFileSync(FILE, 'utf8'), { maxAliasCount: 100 });

describe('parseVary', () => {
  it('reads ranges with both ends included, and lists of numbers, words and booleans', () => {
    expect(parseVary('policies.reform.gate.smart_lanes=4..10:2')).toEqual({ path: 'policies.reform.gate.smart_lanes', values: [4, 6, 8, 10] });
    expect(parseVary('a.b=1..3')).toEqual({ path: 'a.b', values: [1, 2, 3] });
    expect(parseVary('a=0.1..0.3:0.1').values).toEqual([0.1, 0.2, 0.3]);
    expect(parseVary('a=learning,rules')).toEqual({ path: 'a', values: ['learning', 'rules'] });
    expect(parseVary('a=true,false,3').values).toEqual([true, false, 3]);
  });

  it('range values are exact multiples of the step, whatever the step (no drift by repeated addition)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), (from, count, stepTenths) => {
        const step = stepTenths / 10;
        const to = from + (count - 1) * step;
        const v = parseVary(`x=${from}..${to}:${step}`).values as number[];
        expect(v).toHaveLength(count);
        v.forEach((x, i) => expect(x).toBeCloseTo(from + i * step, 9));
      }),
    );
  });

  it('refuses what it cannot read, saying what it expected', () => {
    for (const bad of ['smart_lanes', '=1,2', 'a=', 'a=5..1', 'a=1..5:0', 'a b=1', 'a=1,,2']) {
      expect(() => parseVary(bad), bad).toThrow(SweepSpecError);
    }
    expect(() => parseVary('a=1..100000')).toThrow(/100000 values \(at most 1000\)/);
    expect(() => parseVary('smart_lanes')).toThrow(/expected 'path=from\.\.to\[:step\]' or 'path=v1,v2,…'/);
  });
});

describe('setPath', () => {
  it('finds policies by name, list items by index or *, keys by name', () => {
    const d = data();
    setPath(d, 'policies.reform.gate.smart_lanes', 6);
    setPath(d, 'policies.reform.staffing.gate_officer.*.officers', 9);
    setPath(d, 'policies.baseline.staffing.doc_reviewer.1.officers', 5);
    const reform = d.policies.find((p: { name: string }) => p.name === 'reform');
    expect(reform.gate.smart_lanes).toBe(6);
    expect(reform.staffing.gate_officer.map((s: { officers: number }) => s.officers)).toEqual([9, 9]);
    expect(d.policies[0].staffing.doc_reviewer[1].officers).toBe(5);
  });

  it('says what is there when a path is wrong', () => {
    const d = data();
    expect(() => setPath(d, 'policies.nope.gate.smart_lanes', 1)).toThrow(/'policies' has no item named 'nope' \(names: baseline, reform, reform-rules, random-control, reform-no-sharing\)/);
    expect(() => setPath(d, 'policies.reform.gates.smart_lanes', 1)).toThrow(/'policies\.reform' has no key 'gates' \(keys: name, description, declaration, gate,/);
    expect(() => setPath(d, 'policies.9.gate', 1)).toThrow(/'policies' has 5 items \(index 9 is past the end\)/);
    expect(() => setPath(d, 'seed', 1)).toThrow(/the seed is not a factor; replications run on --seed/);
    expect(() => setPath(d, 'policies.baseline.staffing.image_analyst.*.officers', 1)).toThrow(/matches nothing \('policies\.baseline\.staffing\.image_analyst' is empty\)/);
  });

  it('a policy named like an index is found by its name', () => {
    const d = data();
    d.policies[2].name = '0';
    setPath(d, 'policies.0.gate.smart_lanes', 5);
    expect(d.policies[2].gate.smart_lanes).toBe(5);
    expect(d.policies[0].gate.smart_lanes).toBe(0);
  });
});

describe('sweep points', () => {
  it('are the factorial product, the last factor fastest', () => {
    expect(factorial([{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y', 'z'] }])).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' },
    ]);
  });

  it('a value set under one policy stays there, though the file shares the block by a YAML alias', () => {
    const [pt] = sweepScenarios(FILE, data(), [{ path: 'policies.reform.gate.smart_lanes', values: [6] }]);
    const s = pt.scenario;
    if (s.kind !== 'port') throw new Error('port expected');
    expect(s.policies.find((p) => p.name === 'reform')!.gate.smart_lanes).toBe(6);
    expect(s.policies.find((p) => p.name === 'reform-rules')!.gate.smart_lanes).toBe(8);
  });

  it('every point is validated before anything runs; a bad value names the path and the point', () => {
    let err: unknown;
    try {
      sweepScenarios(FILE, data(), [{ path: 'policies.reform.gate.smart_lanes', values: [4, -1] }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as Error).message).toContain('[policies.reform.gate.smart_lanes=-1]: policies[1].gate.smart_lanes: ');
    // no line numbers: they would point into the generated document
    expect((err as Error).message).not.toMatch(/\]:\d+:\d+:/);
  });

  it('refuses factor lists whose product is too large before building it, and a point that loses a policy', () => {
    const big = ['a', 'b', 'c', 'd'].map((p) => ({ path: p, values: Array.from({ length: 100 }, (_, i) => i) }));
    expect(() => sweepScenarios(FILE, data(), big)).toThrow(/more than 1000 points/);
    expect(() => sweepScenarios(FILE, data(), [{ path: 'policies.baseline.name', values: ['x'] }], ['baseline'])).toThrow(/the scenario has no policy 'baseline'/);
  });
});
