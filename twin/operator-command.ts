/**
 * An operator's wish for a device (`twin-desired`): open or close a lane's barrier, or show a text
 * on its display, by hand through the API. It goes into the durable log like any input, so that a
 * replay rebuilds the desired state too.
 */
import { z } from 'zod';
import { DecodeError, guarded, utf8, type Codec } from '../hardware-emu/codec.js';

export const DESIRED_FORMAT = 'twin-desired';

/** What a lane barrier's LED panel can show: 32 characters (code points), no control characters. */
export const displayText = z.string().refine((s) => [...s].length <= 32, { message: 'at most 32 characters' }).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'no control characters' });

export const desiredBodySchema = z.strictObject({
  barrier: z.enum(['open', 'closed']).optional(),
  display: displayText.optional(),
}).refine((b) => b.barrier !== undefined || b.display !== undefined, { message: 'give barrier (open|closed) or display (text), or both' });

export interface DesiredChange {
  device: string;
  barrier?: 'open' | 'closed';
  display?: string;
  /** who: an operator through the API (default), or the twin re-asserting what it wants after a restart */
  by?: 'operator' | 'restart';
}

const changeSchema = z.strictObject({ device: z.string().min(1).max(64), barrier: z.enum(['open', 'closed']).optional(), display: displayText.optional(), by: z.enum(['operator', 'restart']).optional() });

export const desiredCodec: Codec<DesiredChange> = {
  format: DESIRED_FORMAT,
  encode: (d) => utf8.encode(JSON.stringify(d)),
  decode: (bytes) =>
    guarded(DESIRED_FORMAT, bytes, (b) => {
      let v: unknown;
      try {
        v = JSON.parse(utf8.decode(DESIRED_FORMAT, b));
      } catch (e) {
        if (e instanceof DecodeError) throw e;
        throw new DecodeError(DESIRED_FORMAT, 'syntax', 'not JSON');
      }
      const r = changeSchema.safeParse(v);
      if (!r.success) throw new DecodeError(DESIRED_FORMAT, 'field', r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; '));
      return r.data;
    }),
};
