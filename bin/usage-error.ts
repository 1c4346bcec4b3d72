/** Bad command-line input or a bad input file: exit status 2, one clear message, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseNonNegInt(name: string, v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
    throw new UsageError(`${name}: expected a non-negative integer below 2^53, got ${JSON.stringify(v)}`);
  }
  return Number(v);
}

export function parsePositiveNumber(name: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${name}: expected a positive number, got ${JSON.stringify(v)}`);
  return n;
}

export function parsePositiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new UsageError(`${name}: expected a positive integer, got ${JSON.stringify(v)}`);
  return Number(v);
}

export function parseEngine(v: string): 'compiled' | 'xstate' {
  if (v !== 'compiled' && v !== 'xstate') throw new UsageError(`--engine: expected compiled or xstate, got ${JSON.stringify(v)}`);
  return v;
}
