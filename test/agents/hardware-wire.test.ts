/**
 * `hardware: wire` against the default: every smart-lane reading goes through encode → bytes →
 * decode on its way to customs' check (and the reply and barrier commands back), and the event
 * stream is the same byte for byte. The stream's `gate.gathered` records show what the devices
 * read, so a codec that lost or changed a field would show here.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runPort } from '../../runner/run-port.js';
import type { WorldSpec } from '../../sim/supervision/port-config.js';
import { config, policy } from './port-fixture.js';

const HOUR = 3600;

function run(over: Partial<WorldSpec>, misreadRate: number, seed: number) {
  const lines: string[] = [];
  const r = runPort(config({ arrivalsUntil: 24 * HOUR, endS: 24 * HOUR, ...over }, { gate: { ...policy().gate, misreadRate } }), {
    seed,
    sink: (t, id, e) => lines.push(`${t} ${id} ${JSON.stringify(e)}`),
  });
  const stream = lines.join('\n');
  const gathered = lines.filter((l) => l.includes('"gate.gathered"')).map((l) => JSON.parse(l.slice(l.indexOf('{'))) as Record<string, unknown>);
  return { r, stream, hash: createHash('sha256').update(stream).digest('hex'), gathered, lines };
}

describe('hardware: wire', () => {
  it('gives the same event stream as in-process, with every frame over the wire', () => {
    const a = run({ hardware: 'in-process' }, 0.05, 21);
    const b = run({ hardware: 'wire' }, 0.05, 21);
    expect(b.hash).toBe(a.hash);
    expect(b.stream.length).toBe(a.stream.length);
    expect(a.r.wire).toEqual({});
    // every device's format and every message back went through its codec
    const formats = Object.keys(b.r.wire).sort();
    expect(formats).toEqual(['anpr-multipart', 'barrier-command', 'barrier-status', 'container-ocr', 'gather-info', 'gather-reply', 'mettler-toledo', 'rfid-read']);
    const smartPasses = a.gathered.length;
    expect(smartPasses).toBeGreaterThan(300);
    expect(b.r.wire['gather-info'].frames).toBe(smartPasses);
    expect(b.r.wire['gather-reply'].frames).toBe(smartPasses);
    expect(b.r.wire['mettler-toledo'].frames).toBe(smartPasses);
    // not vacuous: some trucks were held, for each kind of read, and some released
    const holds = new Set(a.gathered.flatMap((g) => String(g.hold).split('+')));
    for (const h of ['', 'plate', 'eplate', 'container', 'seal']) expect(holds).toContain(h);
  });

  it('reads what the truck shows: released trucks match their declaration, each kind of read fails at the configured rate', () => {
    const r = 0.05;
    const { lines, gathered } = run({}, r, 22);
    const declared = new Map<number, Record<string, unknown>>();
    for (const l of lines) if (l.includes('"consignment.declared"')) {
      const e = JSON.parse(l.slice(l.indexOf('{')));
      declared.set(e.ref, e);
    }
    const fails: Record<string, number> = { plate: 0, eplate: 0, container: 0, seal: 0 };
    let withEplate = 0;
    for (const g of gathered) {
      const d = declared.get(g.ref as number)!;
      const hold = String(g.hold).split('+');
      if (d.eplate !== '') withEplate++;
      for (const k of Object.keys(fails)) if (hold.includes(k) && !(k === 'eplate' && d.eplate === '')) fails[k]++;
      if (g.release) {
        expect([g.plate, g.eplate, g.container_front || g.container_back, g.eseal]).toEqual([d.plate, d.eplate, d.container, d.seal]);
        // the goods weighed (deck less the registered vehicle) within the tolerance of the declaration
        const goods = (g.gross_kg as number) - (g.vehicle_kg as number);
        expect(Math.abs(goods - (d.declared_gross_kg as number))).toBeLessThanOrEqual(0.05 * (d.declared_gross_kg as number) + 10);
      }
      if (hold.includes('plate')) expect(g.plate).not.toBe(d.plate);
      if (hold.includes('seal')) expect(g.eseal).not.toBe(d.seal);
    }
    // each identity read fails with probability r (e-plate: of the trucks that carry one); 4 sd
    for (const [k, n] of Object.entries(fails)) {
      const N = k === 'eplate' ? withEplate : gathered.length;
      const sd = Math.sqrt((r * (1 - r)) / N);
      expect(Math.abs(n / N - r), `${k}: ${n} of ${N}`).toBeLessThan(4 * sd);
    }
  });
});
