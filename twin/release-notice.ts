/**
 * The release notice (放行信息): what the customs clearance system tells the gate once a
 * consignment is released, so the gate can check the truck that comes for it. A real gate system
 * gets it from the customs side, not from a device; the twin takes it on the same durable path as
 * device frames, as format `customs-release` (one JSON object), so that replaying the log rebuilds
 * the releases too. The fields are what customs' gate check compares (sim/supervision/gate-check.ts)
 * plus the driver's IC card, which binds the truck at the lane to its release, as at Chinese gates.
 */
import type { Codec } from '../hardware-emu/codec.js';
import { DecodeError, guarded, utf8 } from '../hardware-emu/codec.js';
import { parseObject, type Obj } from '../hardware-emu/json-fields.js';
import { z } from 'zod';
import type { GateExpectation } from '../sim/supervision/gate-check.js';

export interface ReleaseNotice {
  /** the consignment's reference (the simulation's consignment number) */
  ref: number;
  /** the driver's IC card number as the lane's card reader reports it (GATHER_INFO IC/DR_IC_NO) */
  driver_card: string;
  plate: string;
  /** '' when the truck has no electronic plate */
  eplate: string;
  container: string;
  seal: string;
  declared_gross_kg: number;
}

export const RELEASE_FORMAT = 'customs-release';

/** The device name the customs feed's notices come under (no lane). */
export const CUSTOMS_DEVICE = 'customs';

const KEYS = ['ref', 'driver_card', 'plate', 'eplate', 'container', 'seal', 'declared_gross_kg'] as const;

function text(o: Obj, k: string, max: number): string {
  const v = o[k];
  if (typeof v !== 'string' || v.length > max) throw new DecodeError(RELEASE_FORMAT, 'field', `${k}: expected a string of at most ${max} characters`);
  return v;
}

export const releaseNoticeCodec: Codec<ReleaseNotice> = {
  format: RELEASE_FORMAT,
  encode: (r) => utf8.encode(JSON.stringify({ ref: r.ref, driver_card: r.driver_card, plate: r.plate, eplate: r.eplate, container: r.container, seal: r.seal, declared_gross_kg: r.declared_gross_kg })),
  decode: (bytes) =>
    guarded(RELEASE_FORMAT, bytes, (b) => {
      const o = parseObject(RELEASE_FORMAT, b, KEYS);
      const ref = o.ref;
      if (typeof ref !== 'number' || !Number.isSafeInteger(ref) || ref < 0) throw new DecodeError(RELEASE_FORMAT, 'field', 'ref: expected a non-negative integer');
      const kg = o.declared_gross_kg;
      if (typeof kg !== 'number' || !Number.isFinite(kg) || kg < 0) throw new DecodeError(RELEASE_FORMAT, 'field', 'declared_gross_kg: expected a non-negative number');
      return { ref, driver_card: text(o, 'driver_card', 64), plate: text(o, 'plate', 32), eplate: text(o, 'eplate', 64), container: text(o, 'container', 16), seal: text(o, 'seal', 64), declared_gross_kg: kg };
    }),
};

/** What the release says the truck must show, for customs' gate check. */
export const expectationOf = (r: ReleaseNotice): GateExpectation => ({ plate: r.plate, eplate: r.eplate, container: r.container, seal: r.seal, declaredGrossKg: r.declared_gross_kg });

/** The same notice as a JSON request body (POST /api/releases), with the codec's limits. */
export const releaseBodySchema = z.strictObject({
  ref: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  driver_card: z.string().max(64),
  plate: z.string().max(32),
  eplate: z.string().max(64),
  container: z.string().max(16),
  seal: z.string().max(64),
  declared_gross_kg: z.number().nonnegative().finite(),
});
