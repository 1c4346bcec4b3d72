/**
 * The event-stream estimate `ctwin run` makes before it starts, and its decision against the free
 * space of the output folder (the free space given, so no disk is filled).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../scenarios/loader.js';
import { EVENT_BYTES, estimateEventVolume } from '../../runner/event-volume.js';
import { checkFreeSpace, streamsFit } from '../../bin/commands/output.js';
import { UsageError } from '../../bin/usage-error.js';
import { BASE, edit } from './helpers.js';

const scenario = (name: string) => loadScenario(fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url)));

describe('estimateEventVolume', () => {
  it('a gate: the trucks expected over the horizon, or horizon.trucks', () => {
    const s = parseScenario(BASE, 'g.yaml'); // 192/h for 24 h
    expect(estimateEventVolume(s, 1)).toEqual({ bytes: 4608 * EVENT_BYTES.gateTruck + EVENT_BYTES.header, basis: '4,608 trucks × 320 B' });
    const t = parseScenario(edit('  hours: 24\n  warmup_hours: 1\n', '  trucks: 1000\n'), 't.yaml');
    expect(estimateEventVolume(t, 1).bytes).toBe(1000 * EVENT_BYTES.gateTruck + EVENT_BYTES.header);
  });
  it('a port, a zone, a network: per policy run', () => {
    const port = estimateEventVolume(scenario('port-peak.yaml'), 1);
    expect(port.basis).toBe('100,300 consignments × 2,600 B × 1 policy');
    expect(estimateEventVolume(scenario('port-peak.yaml'), 3).bytes).toBe(3 * port.bytes);
    // 60 enterprises × (5.5 materials + 2 products) × 26 weeks
    expect(estimateEventVolume(scenario('suzhou-networked-zone.yaml'), 3).basis).toBe('11,700 book entries × weeks × 360 B × 3 policies');
    // (60 + 90) a day × 28 days
    expect(estimateEventVolume(scenario('shanghai-ftz-2014.yaml'), 2).basis).toBe('4,200 consignments × 1,550 B × 2 policies');
  });
});

describe('free space for the streams', () => {
  it('fits with a quarter to spare and 64 MB', () => {
    expect(streamsFit(1e9, 1.25e9 + 64 * 2 ** 20)).toBe(true);
    expect(streamsFit(1e9, 1.25e9 + 64 * 2 ** 20 - 1)).toBe(false);
    expect(streamsFit(0, 64 * 2 ** 20 - 1)).toBe(false);
  });
  it('refused with exit 2 naming --no-events, the estimate and the folder checked (the nearest that exists)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctwin-free-'));
    const asked: string[] = [];
    const free = (d: string) => (asked.push(d), 2e9);
    const volume = { bytes: 3e9, basis: '1,000,000 consignments × 2,600 B × 1 policy' };
    let err: unknown;
    try {
      checkFreeSpace(join(dir, 'not', 'yet'), volume, free);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(
      `--out: the event streams of this run would take about 3.0 GB (1,000,000 consignments × 2,600 B × 1 policy), and ${dir} has 2.0 GB free; run with --no-events (summary.json only), free some space, or choose another --out`,
    );
    expect(asked).toEqual([dir]);
    expect(() => checkFreeSpace(dir, { bytes: 1e9, basis: '' }, free)).not.toThrow();
  });
});
