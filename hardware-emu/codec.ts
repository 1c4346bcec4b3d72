/**
 * The contract every device frame format keeps: `encode` turns a frame value into the bytes the
 * device sends, `decode` checks the bytes strictly and gives the value back or throws a
 * `DecodeError` saying what is wrong (and nothing else: never a TypeError on random bytes).
 */
export type DecodeProblem = 'framing' | 'length' | 'checksum' | 'field' | 'syntax';

export class DecodeError extends Error {
  constructor(
    readonly format: string,
    readonly problem: DecodeProblem,
    message: string,
    /** byte offset of the problem, when it has one */
    readonly offset?: number,
  ) {
    super(`${format}: ${problem === 'checksum' ? 'bad checksum' : problem === 'length' ? 'bad length' : problem === 'field' ? 'bad field' : problem === 'framing' ? 'bad framing' : 'bad syntax'}: ${message}${offset === undefined ? '' : ` (at byte ${offset})`}`);
    this.name = 'DecodeError';
  }
}

export interface Codec<T> {
  /** the name `ctwin decode --format` knows it by */
  readonly format: string;
  encode(frame: T): Uint8Array;
  /** strict: throws DecodeError for anything that is not exactly one valid frame */
  decode(bytes: Uint8Array): T;
}

/** Runs a decoder so that only DecodeError escapes: any other exception is a bug turned into a syntax error. */
export function guarded<T>(format: string, bytes: Uint8Array, decode: (b: Uint8Array) => T): T {
  try {
    return decode(bytes);
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw new DecodeError(format, 'syntax', err instanceof Error ? err.message : String(err));
  }
}

export const utf8 = {
  encode: (s: string): Uint8Array => new TextEncoder().encode(s),
  /** fatal: invalid UTF-8 is a decode error, not replacement characters */
  decode: (format: string, b: Uint8Array): string => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      throw new DecodeError(format, 'syntax', 'not valid UTF-8');
    }
  },
};
