/** Choosing policies of a port, zone or network scenario from the command line (`--policy`). */
import type { PortScenario } from '../../scenarios/port-schema.js';
import type { ZoneScenario } from '../../scenarios/zone-schema.js';
import type { NetworkScenario } from '../../scenarios/network-schema.js';
import { UsageError } from '../usage-error.js';

/** commander collector for a repeatable, comma-separated `--policy NAME[,NAME…]`. */
export function collectPolicies(v: string, prev: string[] | undefined): string[] {
  const names = v.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--policy: expected policy names separated by commas, got ${JSON.stringify(v)}`);
  return [...(prev ?? []), ...names];
}

/**
 * The policies to run: every policy of the scenario in file order when `wanted` is undefined,
 * else the names asked for, in the order given, each once. An unknown name is a UsageError naming
 * the policies there are.
 */
/** The families whose scenarios have policies. */
export type ScenarioWithPolicies = PortScenario | ZoneScenario | NetworkScenario;

export function selectPolicies(s: ScenarioWithPolicies, wanted: readonly string[] | undefined): string[] {
  const all = s.policies.map((p) => p.name);
  if (wanted === undefined) return all;
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length > 0) {
    const list = (ns: readonly string[]) => ns.map((n) => `'${n}'`).join(', ');
    throw new UsageError(
      `--policy: scenario '${s.name}' has no policy ${list([...new Set(unknown)])}; its policies are ${list(all)}`,
    );
  }
  return [...new Set(wanted)];
}
