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
import { config, policy, world } from './port-fixture.js';
import { V_MISCLASSIFIED, V_NONE, V_PROHIBITED } from '../../sim/supervision/vocabulary.js';

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
    expect(formats).toEqual(['anpr-multipart', 'barrier-command', 'barrier-status', 'container-ocr', 'gather-info', 'gather-reply', 'h986-png', 'mettler-toledo', 'rfid-read']);
    // every scan's image was rendered, sent as PNG and decoded
    const scans = a.lines.filter((l) => l.includes('"scan.subject"')).length;
    expect(scans).toBeGreaterThan(20);
    expect(b.r.wire['h986-png'].frames).toBe(scans);
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

  it('scans show what X-rays can: prohibited goods hidden in the box, misclassified goods as a cargo mismatch, nothing else', () => {
    const { lines } = run({ truth: { ...world().truth, violationRate: { advanced_aeo: 0.2, general_aeo: 0.2, general: 0.3, dishonest: 0.5 } } }, 0.02, 23);
    const violation = new Map<number, number>();
    const subjects: Record<string, unknown>[] = [];
    for (const l of lines) {
      const e = JSON.parse(l.slice(l.indexOf('{')));
      if (e.type === 'consignment.closed') violation.set(e.ref, e.violation);
      if (e.type === 'scan.subject') subjects.push(e);
    }
    const seen = new Set<string>();
    for (const s of subjects) {
      const v = violation.get(s.ref as number)!;
      const kind = (s.anomaly as { kind: string } | null)?.kind ?? 'none';
      seen.add(`${v}:${kind}`);
      if (v === V_PROHIBITED) expect(['hidden-compartment', 'wall-concealment']).toContain(kind);
      else if (v === V_MISCLASSIFIED) expect(kind).toBe('mismatched-cargo');
      else expect(kind).toBe('none');
      expect(s.size_type).toBe('45G1');
    }
    expect(seen).toContain(`${V_NONE}:none`);
    expect(seen).toContain(`${V_MISCLASSIFIED}:mismatched-cargo`);
    expect([...seen].some((k) => k.startsWith(`${V_PROHIBITED}:`))).toBe(true);
  });
});
