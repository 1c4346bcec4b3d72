import { expect } from 'vitest';
import { parseScenario, ScenarioError } from '../../scenarios/loader.js';

/** A valid scenario used as the starting point of every broken-input test (line numbers matter). */
export const BASE = `version: 1
name: gate-test
seed: 7
horizon:
  hours: 24
  warmup_hours: 1
site:
  gates:
    lanes: 4
    service_s: { dist: exponential, mean: 60 }
    discipline: fifo
    shifts:
      - { from: "06:00", to: "14:00", lanes: 6 }
      - { from: "14:00", to: "22:00", lanes: 5 }
demand:
  arrivals:
    per_hour: 192
`;

/** BASE with one exact substring replaced; fails loudly if the substring is not there once. */
export function edit(from: string, to: string, text = BASE): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`edit: '${from}' must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Parse text that must be rejected; returns the ScenarioError (any other outcome fails). */
export function rejected(text: string, file = 'bad.yaml'): ScenarioError {
  try {
    parseScenario(text, file);
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw new Error(`expected a ScenarioError, got ${String(err)}`, { cause: err });
  }
  expect.fail('expected the scenario to be rejected');
}

/** Either the text parses ('ok') or it is a ScenarioError; anything else thrown fails the property. */
export function outcome(text: string): 'ok' | ScenarioError {
  try {
    parseScenario(text, 'fuzz.yaml');
    return 'ok';
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
}
