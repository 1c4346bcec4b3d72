import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enc, onlyDecodeErrors, problem } from './codec-properties.js';
import {
  barrierCommandCodec, barrierStatusCodec, command, createBarrier, loopChanged, status,
  type Barrier, type BarrierCommand, type BarrierStatus,
} from '../../hardware-emu/barrier/barrier.js';

const lane = 'IN-03';
const fresh = () => createBarrier({ lane, motionS: 3, displayMaxChars: 8 }, 0);
/** applies a command and insists it was acknowledged */
function ok(b: Barrier, c: BarrierCommand, at: number): Barrier {
  const r = command(b, c, at);
  expect(r.reply).toEqual({ ack: true, seq: c.seq });
  return r.barrier;
}

describe('barrier state machine', () => {
  it('opens and closes in the configured motion time', () => {
    let b = ok(fresh(), { seq: 1, cmd: 'open' }, 10);
    expect(status(b, 10)).toMatchObject({ state: 'opening', position: 0 });
    expect(status(b, 11.5)).toMatchObject({ state: 'opening', position: 0.5 });
    expect(status(b, 12.999).state).toBe('opening');
    expect(status(b, 13)).toMatchObject({ state: 'open', position: 1 });
    b = ok(b, { seq: 2, cmd: 'close' }, 20);
    expect(status(b, 21).state).toBe('closing');
    expect(status(b, 23)).toMatchObject({ state: 'closed', position: 0 });
  });

  it('reverses mid-travel taking only the distance left', () => {
    let b = ok(fresh(), { seq: 1, cmd: 'open' }, 0);
    b = ok(b, { seq: 2, cmd: 'close' }, 1.5); // half way up
    expect(status(b, 2.25).position).toBe(0.25);
    expect(status(b, 3).state).toBe('closed');
  });

  it('reopens a closing boom when a vehicle drives onto the loop', () => {
    let b = ok(ok(fresh(), { seq: 1, cmd: 'open' }, 0), { seq: 2, cmd: 'close' }, 5);
    b = loopChanged(b, true, 6); // boom at 2/3 up
    expect(status(b, 6)).toMatchObject({ state: 'opening', loop: true });
    expect(status(b, 7)).toMatchObject({ state: 'open', position: 1 });
  });

  it('refuses to close while a vehicle is on the loop, and closes once it has left', () => {
    let b = loopChanged(ok(fresh(), { seq: 1, cmd: 'open' }, 0), true, 4);
    const r = command(b, { seq: 2, cmd: 'close' }, 5);
    expect(r.reply).toEqual({ ack: false, seq: 2, reason: 'vehicle-on-loop' });
    expect(status(r.barrier, 9).state).toBe('open');
    b = loopChanged(r.barrier, false, 10);
    b = ok(b, { seq: 3, cmd: 'close' }, 10);
    expect(status(b, 13).state).toBe('closed');
  });

  it('acknowledges with the command seq and refuses replayed seqs', () => {
    const b = ok(fresh(), { seq: 7, cmd: 'open' }, 0);
    expect(command(b, { seq: 7, cmd: 'close' }, 1).reply).toEqual({ ack: false, seq: 7, reason: 'stale-seq' });
    expect(command(b, { seq: 3, cmd: 'open' }, 1).reply).toMatchObject({ ack: false, reason: 'stale-seq' });
    expect(status(b, 1).lastSeq).toBe(7);
  });

  it('shows Chinese instruction text up to the configured length', () => {
    const b = ok(fresh(), { seq: 1, cmd: 'display', text: '请前行至3号道' }, 0);
    expect(status(b, 0).display).toBe('请前行至3号道');
    expect(command(b, { seq: 2, cmd: 'display', text: '请停车等待放行指令' }, 1).reply).toMatchObject({ ack: false, reason: 'text-too-long' });
    expect(command(b, { seq: 3, cmd: 'display', text: 'a\nb' }, 1).reply).toMatchObject({ ack: false, reason: 'bad-text' });
  });

  it('never leaves position 0..1 and always ends at rest, for any event sequence', () => {
    const ev = fc.oneof(fc.constantFrom('open', 'close', 'loop-on', 'loop-off'), fc.string({ maxLength: 4 }).map((t) => `display:${t}`));
    fc.assert(
      fc.property(fc.array(fc.tuple(ev, fc.integer({ min: 0, max: 4000 })), { maxLength: 30 }), (events) => {
        let b = fresh();
        let t = 0, seq = 0;
        for (const [e, dt] of events) {
          t += dt / 1000;
          if (e === 'loop-on' || e === 'loop-off') b = loopChanged(b, e === 'loop-on', t);
          else {
            const c: BarrierCommand = e.startsWith('display:') ? { seq: ++seq, cmd: 'display', text: e.slice(8) } : { seq: ++seq, cmd: e as 'open' | 'close' };
            const r = command(b, c, t);
            if (c.cmd === 'close' && b.loop) expect(r.reply.ack).toBe(false);
            b = r.barrier;
          }
          const p = status(b, t).position;
          expect(p >= 0 && p <= 1).toBe(true);
          if (b.loop) expect(status(b, t).state === 'closing').toBe(false);
        }
        expect(['open', 'closed']).toContain(status(b, t + 3).state);
      }),
    );
  });
});

/** plain objects (fast-check records have a null prototype, which toStrictEqual tells apart) */
const clean = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', '"', '\\', '中', '请', '号', '\n', '😀'), maxLength: 12 });
const seq = fc.integer({ min: 0, max: 2 ** 31 });
const commandArb: fc.Arbitrary<BarrierCommand> = fc.oneof(
  fc.record({ seq, cmd: fc.constantFrom('open' as const, 'close' as const) }),
  fc.record({ seq, cmd: fc.constant('display' as const), text }),
).map(clean);
const statusArb: fc.Arbitrary<BarrierStatus> = fc
  .record({
    lane: text.filter((s) => s.length > 0),
    at: fc.integer({ min: 0, max: 10 ** 9 }).map((n) => n / 1000),
    state: fc.constantFrom('closed' as const, 'opening' as const, 'open' as const, 'closing' as const),
    position: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
    loop: fc.boolean(),
    display: text,
    lastSeq: fc.integer({ min: -1, max: 2 ** 31 }),
    reply: fc.option(
      fc.oneof(
        fc.record({ ack: fc.constant(true as const), seq }),
        fc.record({ ack: fc.constant(false as const), seq, reason: fc.constantFrom('vehicle-on-loop' as const, 'text-too-long' as const, 'bad-text' as const, 'stale-seq' as const) }),
      ),
      { nil: undefined },
    ),
  })
  .map(clean);

describe('barrier codecs', () => {
  it('round-trips commands and statuses', () => {
    fc.assert(fc.property(commandArb, (c) => {
      expect(barrierCommandCodec.decode(barrierCommandCodec.encode(c))).toStrictEqual(c);
    }));
    fc.assert(fc.property(statusArb, (s) => {
      expect(barrierStatusCodec.decode(barrierStatusCodec.encode(s))).toStrictEqual(s);
    }));
  });

  it('round-trips a status the device produced, with its reply', () => {
    const r = command(fresh(), { seq: 1, cmd: 'display', text: '请停车' }, 0);
    const s = status(r.barrier, 0.5, r.reply);
    expect(barrierStatusCodec.decode(barrierStatusCodec.encode(s))).toStrictEqual(s);
  });

  it('raises only DecodeError on random and mutated bytes', () => {
    onlyDecodeErrors(barrierCommandCodec, barrierCommandCodec.encode({ seq: 12, cmd: 'display', text: '请前行' }));
    onlyDecodeErrors(barrierStatusCodec, barrierStatusCodec.encode(status(fresh(), 1, { ack: false, seq: 3, reason: 'stale-seq' })));
  });

  it('refuses wrong shapes as field or syntax problems', () => {
    const d = (s: string) => problem(() => barrierCommandCodec.decode(enc(s)));
    expect(d('{"seq":1,"cmd":"open"}')).toBe('accepted');
    expect(d('{"seq":1,"cmd":"open","text":"x"}')).toBe('field');
    expect(d('{"seq":-1,"cmd":"open"}')).toBe('field');
    expect(d('{"seq":1.5,"cmd":"close"}')).toBe('field');
    expect(d('{"seq":1,"cmd":"jump"}')).toBe('field');
    expect(d('{"seq":1,"cmd":"display"}')).toBe('field');
    expect(d('{"seq":1,"cmd":"open","x":0}')).toBe('field');
    expect(d('[1]')).toBe('syntax');
    expect(d('{"seq":1,')).toBe('syntax');
    expect(problem(() => barrierCommandCodec.decode(Uint8Array.of(0x7b, 0xff, 0x7d)))).toBe('syntax');
  });
});
