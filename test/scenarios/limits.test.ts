/**
 * Every count, rate and horizon a scenario gives is bounded by what one run can hold
 * (scenarios/limits.ts): a value past the ceiling is refused with the file, the place, the ceiling
 * and the reason, instead of a run that dies at the heap limit or fills the disk. Every shipped
 * scenario stays within them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../scenarios/loader.js';
import { BASE, edit, rejected } from './helpers.js';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const shipped = (name: string) => readFileSync(dir + name, 'utf8');

/** The one line of the refusal of `text`. */
function refusal(text: string, file = 'bad.yaml'): string {
  const err = rejected(text, file);
  expect(err.issues).toHaveLength(1);
  return err.message;
}

describe('scenario ceilings', () => {
  it('every shipped scenario is within them', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) expect(() => loadScenario(dir + f), f).not.toThrow();
  });

  describe('gate', () => {
    it('per_hour 1e9: the ceiling and the reason, at the rate', () => {
      expect(refusal(edit('per_hour: 192', 'per_hour: 1e9'))).toBe(
        'bad.yaml:17:15: demand.arrivals.per_hour: expected at most 10,000,000 trucks an hour, got 1000000000: a single hour at a higher rate already exceeds what a run can hold; a run holds every truck waiting at the gate in memory (about 270 bytes each; an overloaded gate keeps them all)',
      );
    });
    it('a profile of 24 × 1e9', () => {
      const text = edit('per_hour: 192', `profile_per_hour: [${Array(24).fill('1e9').join(', ')}]`);
      expect(refusal(text)).toMatch(/^bad\.yaml:17:\d+: demand\.arrivals\.profile_per_hour\[0\]: expected at most 10,000,000 trucks an hour, got 1000000000: a single hour/);
    });
    it('a rate within bounds whose total over the horizon is not: named with the horizon', () => {
      const text = edit('hours: 24\n', 'hours: 87000\n', edit('per_hour: 192', 'per_hour: 1000'));
      expect(refusal(text)).toBe(
        'bad.yaml:17:15: demand.arrivals.per_hour: expected at most 10,000,000 trucks over the run, got 87,000,000 over horizon.hours 87000: a run holds every truck waiting at the gate in memory (about 270 bytes each; an overloaded gate keeps them all); shorten the horizon or lower the rate',
      );
    });
    it('a profile over the horizon counts the hours of the last, partial day', () => {
      const profile = `profile_per_hour: [${Array(24).fill('10000').join(', ')}]`; // 240,000 a day
      expect(() => parseScenario(edit('hours: 24\n', 'hours: 41.6\n', edit('per_hour: 192', profile)), 'ok.yaml')).not.toThrow(); // 41.6 × 10,000 = 416,000
      expect(refusal(edit('hours: 24\n', 'hours: 1001\n', edit('per_hour: 192', profile)))).toMatch(/profile_per_hour: expected at most 10,000,000 trucks over the run, got 10,010,000 over horizon\.hours 1001: /);
    });
    it('lanes 1e9, in the gate and in a shift window', () => {
      expect(refusal(edit('lanes: 4', 'lanes: 1e9'))).toBe(
        'bad.yaml:9:12: site.gates.lanes: expected at most 10,000 lanes, got 1000000000: a run holds every one in memory (a typo of 1e9 lanes took 5 GB)',
      );
      expect(refusal(edit('lanes: 6 }', 'lanes: 20000 }'))).toMatch(/^bad\.yaml:13:\d+: site\.gates\.shifts\[0\]\.lanes: expected at most 10,000 lanes, got 20000: /);
    });
    it('horizons of 1e12 hours or 1e9 trucks', () => {
      expect(refusal(edit('  hours: 24\n  warmup_hours: 1\n', '  hours: 1e12\n'))).toBe(
        'bad.yaml:5:10: horizon.hours: expected at most 87,600 hours, got 1000000000000: 10 years; a run steps through every simulated hour and day (progress, statistics, shift windows)',
      );
      expect(refusal(edit('  hours: 24\n  warmup_hours: 1\n', '  trucks: 1e9\n'))).toMatch(/^bad\.yaml:5:11: horizon\.trucks: expected at most 10,000,000 trucks, got 1000000000: a run holds every truck waiting/);
      expect(() => parseScenario(edit('  hours: 24\n  warmup_hours: 1\n', '  trucks: 10000000\n'), 'ok.yaml')).not.toThrow();
    });
    it('an erlang of 1e9 stages', () => {
      expect(refusal(edit('{ dist: exponential, mean: 60 }', '{ dist: erlang, k: 1e9, mean: 60 }'))).toMatch(/site\.gates\.service_s\.k: expected at most 1,000 stages, got 1000000000: every draw multiplies k random numbers/);
    });
  });

  describe('port', () => {
    const port = shipped('port-peak.yaml');
    const portEdit = (from: string, to: string) => edit(from, to, port);
    it('a horizon of 1e6 hours', () => {
      expect(refusal(portEdit('  hours: 24\n', '  hours: 1e6\n'), 'port.yaml')).toMatch(/^port\.yaml:45:10: horizon\.hours: expected at most 87,600 hours, got 1000000: 10 years/);
    });
    it('more consignments over the horizon than a run holds', () => {
      // port-peak: 100,300 consignments a day; the error points at the rate's own line
      const rateLine = port.split('\n').findIndex((l) => /^\s*profile_per_hour:/.test(l)) + 1;
      expect(rateLine).toBeGreaterThan(0);
      expect(refusal(portEdit('  hours: 24\n', '  hours: 480\n'), 'port.yaml')).toMatch(
        new RegExp(`^port\\.yaml:${rateLine}:\\d+: `),
      );
      expect(refusal(portEdit('  hours: 24\n', '  hours: 480\n'), 'port.yaml')).toMatch(
        /^port\.yaml:\d+:\d+: demand\.arrivals\.profile_per_hour: expected at most 1,000,000 consignments over the run, got 2,006,000 over horizon\.hours 480: a run holds about 550 bytes of statistics for every consignment and 3\.4 KB for every one still waiting, in a 4 GB heap; shorten the horizon or lower the rate$/,
      );
      expect(refusal(portEdit('  hours: 24\n  warmup_hours: 2 ', '  trucks: 2000000\n  warmup_hours: 2 '), 'port.yaml')).toMatch(/horizon\.trucks: expected at most 1,000,000 consignments, got 2000000: /);
    });
    it('enterprises, lanes, scanners and officers', () => {
      expect(refusal(portEdit('enterprises: 6000', 'enterprises: 1e7'), 'port.yaml')).toMatch(/population\.enterprises: expected at most 100,000 enterprises, got 10000000: a run holds every enterprise’s record and history in memory/);
      expect(refusal(portEdit('smart_lanes: 24', 'smart_lanes: 1e9'), 'port.yaml')).toMatch(/policies\[0\]\.gate\.smart_lanes: expected at most 10,000 lanes, got 1000000000: a run holds every one in memory/);
      expect(refusal(portEdit('scanners: 14', 'scanners: 1e6'), 'port.yaml')).toMatch(/policies\[0\]\.inspection\.scanners: expected at most 10,000 scanners, got 1000000: /);
      expect(refusal(portEdit('officers: 56 }\n        - { from: "14:00"', 'officers: 1e6 }\n        - { from: "14:00"'), 'port.yaml')).toMatch(/policies\[0\]\.staffing\.\w+\[0\]\.officers: expected at most 10,000 officers, got 1000000: /);
    });
  });

  describe('zone', () => {
    const zone = shipped('suzhou-networked-zone.yaml');
    const zoneEdit = (from: string, to: string) => edit(from, to, zone);
    it('days, enterprises and book sizes', () => {
      expect(refusal(zoneEdit('  days: 182', '  days: 1e6'), 'zone.yaml')).toMatch(/^zone\.yaml:28:9: horizon\.days: expected at most 3,650 days, got 1000000: 10 years; a run steps through every simulated day$/);
      expect(refusal(zoneEdit('enterprises: 60 ', 'enterprises: 1e9 '), 'zone.yaml')).toMatch(/population\.enterprises: expected at most 100,000 enterprises, got 1000000000: /);
      expect(refusal(zoneEdit('materials: [3, 8]', 'materials: [3, 1e6]'), 'zone.yaml')).toMatch(/population\.materials\[1\]: expected at most 1,000 material numbers per enterprise, got 1000000: a run holds every enterprise’s book/);
      expect(refusal(zoneEdit('enterprises: 60 ', 'enterprises: 100000 ').replace('materials: [3, 8]', 'materials: [3, 800]'), 'zone.yaml')).toMatch(
        /population\.enterprises: expected at most 10,000,000 material numbers and products over all enterprises, got 80,300,000 \(100000 × \(800 \+ 3\)\): /,
      );
    });
    it('model changes and audits, rates whose events a run draws', () => {
      expect(refusal(zoneEdit('model_changes_per_quarter: 2 ', 'model_changes_per_quarter: 1e9 '), 'zone.yaml')).toMatch(
        /population\.model_changes_per_quarter: expected at most 10,000,000 model changes over the run, got 120,000,000,000 \(60 enterprises over 182 days\): a run draws every model change/,
      );
      expect(refusal(zoneEdit('dishonest: 0.5 }', 'dishonest: 1e6 }'), 'zone.yaml')).toMatch(/policies\[0\]\.audit\.per_year\.dishonest: expected at most 365 audits a year, got 1000000: /);
    });
  });

  describe('network', () => {
    const net = shipped('tianjin-regional-clearance.yaml');
    const netEdit = (from: string, to: string) => edit(from, to, net);
    it('days and drain days', () => {
      expect(refusal(netEdit('horizon: { days: 28 }', 'horizon: { days: 1e6 }'), 'net.yaml')).toMatch(/^net\.yaml:10:18: horizon\.days: expected at most 3,650 days, got 1000000: /);
      expect(refusal(netEdit('horizon: { days: 28 }', 'horizon: { days: 28, drain_days: 1e9 }'), 'net.yaml')).toMatch(/horizon\.drain_days: expected at most 3,650 days, got 1000000000: /);
    });
    it('consignments over the run: the flows\' per_day over the days', () => {
      expect(refusal(netEdit('per_day: 8', 'per_day: 1e9'), 'net.yaml')).toMatch(/demand\.flows\[0\]\.per_day: expected at most 1,000,000 consignments a day, got 1000000000: /);
      expect(refusal(netEdit('per_day: 8', 'per_day: 40000'), 'net.yaml')).toMatch(
        /demand\.flows: expected at most 1,000,000 consignments over the run, got 1,120,140 \(the flows' per_day over horizon\.days 28\): a run holds every consignment’s declaration and trip in memory/,
      );
    });
    it('a GPS report more often than once a second', () => {
      expect(refusal(netEdit('interval_s: 60', 'interval_s: 0.000001'), 'net.yaml')).toMatch(/site\.network\.gps\.interval_s: expected at least 1 s between reports: a trip’s reports are all computed/);
    });
  });
});
