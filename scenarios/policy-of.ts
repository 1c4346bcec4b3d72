/** One named policy of a scenario with policies (port, zone, network); an unknown name is an error naming those there are. */
export function policyOf<P extends { name: string }>(s: { name: string; policies: readonly P[] }, name: string, family: string): P {
  const p = s.policies.find((q) => q.name === name);
  if (p === undefined) {
    throw new Error(`${family} scenario '${s.name}' has no policy '${name}'; its policies are ${s.policies.map((q) => `'${q.name}'`).join(', ')}`);
  }
  return p;
}
