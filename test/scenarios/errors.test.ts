import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, ScenarioError } from '../../scenarios/loader.js';
import { BASE, edit, rejected } from './helpers.js';

describe('the base fixture', () => {
  it('is valid', () => {
    expect(parseScenario(BASE, 'base.yaml', 'gate').site.gates.lanes).toBe(4);
  });
});

// Each broken input must give exactly this one line: FILE:LINE:COL: PATH: MESSAGE.
const cases: [string, string, string][] = [
  [
    'YAML syntax error (unclosed flow sequence)',
    edit('per_hour: 192', 'per_hour: [192'),
    'bad.yaml:18:1: demand.arrivals.per_hour: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  [
    'YAML syntax error (unclosed quote)',
    edit('name: gate-test', 'name: "gate-test'),
    'bad.yaml:2:17: name: Missing closing "quote',
  ],
  [
    'duplicate key',
    edit('    lanes: 4\n', '    lanes: 4\n    lanes: 5\n'),
    "bad.yaml:10:5: site.gates.lanes: duplicate key 'lanes' (Map keys must be unique)",
  ],
  [
    'unknown key',
    edit('    discipline: fifo\n', '    discipline: fifo\n    colour: red\n'),
    "bad.yaml:12:5: site.gates.colour: unknown key 'colour' (allowed: lanes, service_s, discipline, shifts)",
  ],
  [
    'misspelt required key',
    edit('lanes: 4', 'lane: 4'),
    "bad.yaml:9:5: site.gates.lane: unknown key 'lane' (did you mean 'lanes'? allowed: lanes, service_s, discipline, shifts)",
  ],
  [
    'wrong type',
    edit('hours: 24', 'hours: fast'),
    'bad.yaml:5:10: horizon.hours: expected a positive number, got "fast"',
  ],
  ['negative lanes', edit('lanes: 4', 'lanes: -2'), 'bad.yaml:9:12: site.gates.lanes: expected a positive integer, got -2'],
  ['fractional lanes', edit('lanes: 4', 'lanes: 2.5'), 'bad.yaml:9:12: site.gates.lanes: expected a positive integer, got 2.5'],
  [
    'negative rate',
    edit('per_hour: 192', 'per_hour: -5'),
    'bad.yaml:17:15: demand.arrivals.per_hour: expected a positive number, got -5',
  ],
  [
    'missing required key',
    edit('    lanes: 4\n', ''),
    "bad.yaml:8:3: site.gates.lanes: missing required key 'lanes'",
  ],
  [
    'both per_hour and profile_per_hour',
    edit('    per_hour: 192\n', `    per_hour: 192\n    profile_per_hour: [${Array(24).fill(8).join(', ')}]\n`),
    "bad.yaml:16:3: demand.arrivals: give exactly one of 'per_hour' or 'profile_per_hour', not both",
  ],
  [
    'neither per_hour nor profile_per_hour',
    edit('  arrivals:\n    per_hour: 192\n', '  arrivals: {}\n'),
    "bad.yaml:16:13: demand.arrivals: missing required key 'per_hour' or 'profile_per_hour' (give exactly one)",
  ],
  [
    'profile of 23 values',
    edit('per_hour: 192', `profile_per_hour: [${Array(23).fill(8).join(', ')}]`),
    'bad.yaml:17:23: demand.arrivals.profile_per_hour: expected exactly 24 hourly values (hours 00 to 23), got a list of 23 values',
  ],
  [
    'profile of all zeros',
    edit('per_hour: 192', `profile_per_hour: [${Array(24).fill(0).join(', ')}]`),
    'bad.yaml:17:23: demand.arrivals.profile_per_hour: expected at least one hour with arrivals > 0, got all zeros',
  ],
  [
    'overlapping shifts',
    edit('{ from: "14:00", to: "22:00"', '{ from: "12:00", to: "22:00"'),
    'bad.yaml:14:9: site.gates.shifts[1]: window 12:00-22:00 overlaps shifts[0] (06:00-14:00)',
  ],
  [
    'shift ending before it starts',
    edit('{ from: "14:00", to: "22:00"', '{ from: "22:00", to: "06:00"'),
    'bad.yaml:14:30: site.gates.shifts[1].to: expected a time after from (22:00); split a window that crosses midnight in two, got "06:00"',
  ],
  [
    'bad clock time',
    edit('to: "14:00"', 'to: "25:00"'),
    'bad.yaml:13:30: site.gates.shifts[0].to: expected a clock time "HH:MM" from 00:00 to 24:00, got "25:00"',
  ],
  [
    'bad distribution name',
    edit('dist: exponential', 'dist: expo'),
    'bad.yaml:10:24: site.gates.service_s.dist: expected one of constant|exponential|uniform|triangular|normal|lognormal|gamma|erlang|empirical, got "expo"',
  ],
  [
    'uniform with min > max',
    edit('{ dist: exponential, mean: 60 }', '{ dist: uniform, min: 90, max: 30 }'),
    'bad.yaml:10:47: site.gates.service_s.max: expected max greater than min (90), got 30',
  ],
  [
    'triangular mode outside [min, max]',
    edit('{ dist: exponential, mean: 60 }', '{ dist: triangular, min: 30, mode: 100, max: 90 }'),
    'bad.yaml:10:51: site.gates.service_s.mode: expected mode between min (30) and max (90), got 100',
  ],
  [
    'normal truncated far above its mean',
    edit('{ dist: exponential, mean: 60 }', '{ dist: normal, mean: 60, sd: 10, min: 120 }'),
    'bad.yaml:10:55: site.gates.service_s.min: expected min at most mean + 3 sd (90), got 120',
  ],
  [
    'erlang with fractional k',
    edit('{ dist: exponential, mean: 60 }', '{ dist: erlang, k: 2.5, mean: 60 }'),
    'bad.yaml:10:35: site.gates.service_s.k: expected a positive integer, got 2.5',
  ],
  [
    'empirical weights of the wrong length',
    edit('{ dist: exponential, mean: 60 }', '{ dist: empirical, values: [30, 60], weights: [1] }'),
    'bad.yaml:10:62: site.gates.service_s.weights: expected as many weights as values (2), got a list of 1 value',
  ],
  [
    'distribution missing a parameter',
    edit('{ dist: exponential, mean: 60 }', '{ dist: uniform, min: 30 }'),
    "bad.yaml:10:16: site.gates.service_s.max: missing required key 'max'",
  ],
  [
    'distribution given as a number',
    edit('{ dist: exponential, mean: 60 }', '60'),
    'bad.yaml:10:16: site.gates.service_s: expected a distribution mapping such as { dist: exponential, mean: 60 }, got 60',
  ],
  [
    'empty value',
    edit('lanes: 4', 'lanes:'),
    'bad.yaml:9:11: site.gates.lanes: expected a positive integer, got an empty value',
  ],
  [
    'warm-up as long as the horizon',
    edit('warmup_hours: 1', 'warmup_hours: 24'),
    'bad.yaml:6:17: horizon.warmup_hours: expected a warm-up shorter than the horizon (hours: 24), got 24',
  ],
  [
    'both hours and trucks',
    edit('  hours: 24\n', '  hours: 24\n  trucks: 1000\n'),
    "bad.yaml:4:1: horizon: give exactly one of 'hours' or 'trucks', not both",
  ],
  [
    'wrong version',
    edit('version: 1', 'version: 2'),
    'bad.yaml:1:10: version: expected version 1 (the only scenario format so far), got 2',
  ],
  [
    'bad name',
    edit('name: gate-test', 'name: Gate Test'),
    'bad.yaml:2:7: name: expected a name made of a-z, 0-9 and -, got "Gate Test"',
  ],
  [
    'seed that is not an integer',
    edit('seed: 7', 'seed: 7.5'),
    'bad.yaml:3:7: seed: expected an integer >= 0, got 7.5',
  ],
  [
    'bad discipline',
    edit('discipline: fifo', 'discipline: lifo'),
    'bad.yaml:11:17: site.gates.discipline: expected one of fifo|priority, got "lifo"',
  ],
  [
    'a mapping where a number is expected',
    edit('lanes: 4', 'lanes: { n: 4 }'),
    'bad.yaml:9:12: site.gates.lanes: expected a positive integer, got a mapping',
  ],
  [
    'a block list where a mapping is expected',
    edit('  gates:\n', '  gates:\n    - 1\n').replace(/\n {4}(lanes|service_s|discipline|shifts|  - \{)[^\n]*/g, ''),
    'bad.yaml:8:3: site.gates: expected a mapping with keys lanes, service_s, discipline, shifts, got a list of 1 value',
  ],
  ['unresolved tag', edit('lanes: 4', 'lanes: !lanes 4'), 'bad.yaml:9:12: site.gates.lanes: Unresolved tag: !lanes'],
  [
    'alias to an unknown anchor',
    edit('lanes: 4', 'lanes: *four'),
    "bad.yaml:9:12: site.gates.lanes: unknown alias '*four' (its anchor &four must be defined before it)",
  ],
  [
    'a list used as a key',
    edit('    discipline: fifo\n', '    ? [a, b]\n    : fifo\n'),
    'bad.yaml:11:7: site.gates: expected a plain key, got a list or mapping used as a key',
  ],
  [
    'two documents',
    `${BASE}---\nname: other\n`,
    'bad.yaml:18:1: (root): Source contains multiple documents; please use YAML.parseAllDocuments()',
  ],
  ['empty file', '', 'bad.yaml:1:1: (root): the file is empty; expected a scenario mapping (version, name, horizon, site, demand)'],
  [
    'a list instead of a scenario',
    '- 1\n- 2\n',
    'bad.yaml:1:1: (root): expected a mapping with keys version, name, description, seed, horizon, site, demand, got a list of 2 values',
  ],
];

describe('broken scenario files give one clear message at the right place', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    const err = rejected(text);
    expect(err.message).toBe(expected);
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0].file).toBe('bad.yaml');
  });

  it('issues carry file, line, col, path and message as fields', () => {
    const err = rejected(edit('lanes: 4', 'lanes: -2'));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ScenarioError');
    expect(err.issues).toEqual([
      { file: 'bad.yaml', line: 9, col: 12, path: 'site.gates.lanes', message: 'expected a positive integer, got -2' },
    ]);
  });

  it('reports every independent problem, in file order', () => {
    const text = edit('lanes: 4', 'lanes: 0', edit('dist: exponential', 'dist: expo', edit('seed: 7', 'seed: -1')));
    expect(rejected(text).message).toBe(
      [
        'bad.yaml:3:7: seed: expected an integer >= 0, got -1',
        'bad.yaml:9:12: site.gates.lanes: expected a positive integer, got 0',
        'bad.yaml:10:24: site.gates.service_s.dist: expected one of constant|exponential|uniform|triangular|normal|lognormal|gamma|erlang|empirical, got "expo"',
      ].join('\n'),
    );
  });

  it('lists at most 10 issues, then says how many more', () => {
    const err = rejected(edit('per_hour: 192', `profile_per_hour: [${Array(24).fill(-1).join(', ')}]`));
    expect(err.issues).toHaveLength(24);
    const lines = err.message.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('bad.yaml:17:24: demand.arrivals.profile_per_hour[0]: expected a number >= 0, got -1');
    expect(lines[10]).toBe('… and 14 more');
  });

  it('wraps resource exhaustion (alias bombs, deep nesting) into a ScenarioError', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const err = rejected(bomb.join('\n'));
    expect(err.issues.length).toBeGreaterThan(0);
    expect(err.message).toMatch(/^bad\.yaml:\d+:\d+: /);

    const deep = rejected(`a: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
    expect(deep.issues.length).toBeGreaterThan(0);
  });
});

describe('loadScenario and the file system', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctwin-scenarios-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file is a ScenarioError naming the file', () => {
    const file = join(dir, 'nope.yaml');
    expect(() => loadScenario(file)).toThrow(ScenarioError);
    try {
      loadScenario(file);
    } catch (err) {
      expect((err as ScenarioError).message).toBe(`${file}: cannot read scenario file: no such file`);
      expect((err as ScenarioError).issues).toEqual([
        { file, path: '(root)', message: 'cannot read scenario file: no such file' },
      ]);
    }
  });

  it('a directory is a ScenarioError too', () => {
    expect(() => loadScenario(dir)).toThrow(`${dir}: cannot read scenario file: it is a directory, expected a YAML file`);
  });
});
