/**
 * Gate and scanner timings against the seed figures: a smart lane passes a container truck in
 * 5.8 s at Tianjin when every device reads cleanly (seed 001), and pass time rises with the
 * misread rate as theory says; an H986 scan with its image takes 1–2 minutes (seed 001).
 */
import { describe, expect, it } from 'vitest';
import { runPort } from '../../runner/run-port.js';
import { describeMean } from '../../sim/kernel/distributions.js';
import { config, policy, world } from './port-fixture.js';

const smartOnly = (misreadRate: number) => ({
  gate: { smartLanes: 2, manualLanes: 0, misreadRate },
});
const w = world();
const allEplates = { population: { ...w.population, eplateShare: 1 }, arrivalsUntil: 72 * 3600, endS: 72 * 3600 };

describe('smart gate lanes', () => {
  it('pass in about 5.8 s when every device reads cleanly (Tianjin, seed 001)', () => {
    const m = runPort(config(allEplates, smartOnly(0)), { seed: 11 }).metrics!;
    expect(m.gate_pass_s.misread_rate).toBe(0);
    expect(m.gate_pass_s.smart_mean).toBeGreaterThan(5.6);
    expect(m.gate_pass_s.smart_mean).toBeLessThan(6.0);
    expect(Number.isNaN(m.gate_pass_s.manual_mean)).toBe(true); // no manual lane in this policy
  });

  it('slow down with the misread rate as 1 − (1 − r)^4 of trucks go to manual handling', () => {
    const clean = describeMean(w.times.smartGateS);
    const fix = describeMean(w.times.misreadFixS);
    let last = 0;
    for (const r of [0.005, 0.02, 0.05, 0.1]) {
      const m = runPort(config(allEplates, smartOnly(r)), { seed: 12 }).metrics!;
      const pMis = 1 - (1 - r) ** 4; // plate, e-plate, container number, seal
      expect(m.gate_pass_s.misread_rate).toBeGreaterThan(pMis * 0.75);
      expect(m.gate_pass_s.misread_rate).toBeLessThan(pMis * 1.25);
      const theory = clean + pMis * fix;
      expect(Math.abs(m.gate_pass_s.smart_mean - theory) / theory).toBeLessThan(0.12);
      expect(m.gate_pass_s.smart_mean).toBeGreaterThan(last);
      last = m.gate_pass_s.smart_mean;
    }
  });

  it('trucks without an electronic plate use the manual lanes, which take minutes', () => {
    const m = runPort(config({ arrivalsUntil: 48 * 3600, endS: 48 * 3600 }, policy()), { seed: 13 }).metrics!;
    expect(m.gate_pass_s.manual_mean).toBeGreaterThan(60);
    expect(m.gate_pass_s.smart_mean).toBeLessThan(m.gate_pass_s.manual_mean);
  });
});

describe('H986 scanner', () => {
  it('scans with image in 1–2 minutes (seed 001)', () => {
    const scans: number[] = [];
    runPort(config({}, { risk: { ...policy().risk, targets: { red: 0, orange: 0.2, yellow: 0, blue: 0 } } }), {
      seed: 14,
      sink: (_t, _id, e) => {
        if (e.type === 'scanner.image_ready') scans.push((e as unknown as { scan_s: number }).scan_s);
      },
    });
    expect(scans.length).toBeGreaterThan(200);
    expect(Math.min(...scans)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...scans)).toBeLessThanOrEqual(120);
  });
});
