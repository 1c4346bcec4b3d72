/**
 * The site recorder: what a live twin at a port would receive (device frames as bytes, release
 * notices) and the gate verdicts it must reproduce. Recording must not change the simulation.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runPort } from '../../runner/run-port.js';
import { FORMATS } from '../../hardware-emu/formats.js';
import { gatherInfoCodec } from '../../hardware-emu/gate-frontend/gather-info.js';
import { recordSite, type SiteRecording } from '../../twin/site-recording.js';
import { releaseNoticeCodec } from '../../twin/release-notice.js';
import { config, policy } from '../agents/port-fixture.js';

const HOUR = 3600;
const cfg = config({ arrivalsUntil: 4 * HOUR, endS: 4 * HOUR, warmupS: HOUR, hardware: 'wire' }, { gate: { ...policy().gate, misreadRate: 0.05 } });
const SEED = 31;

const digest = (rec: SiteRecording) => {
  const h = createHash('sha256');
  for (const it of rec.items) h.update(`${it.at}|${it.lane}|${it.device}|${it.format}|${it.seq}|`).update(it.bytes);
  return h.update(JSON.stringify(rec.outcomes)).digest('hex');
};

describe('recordSite', () => {
  const rec = recordSite(cfg, { seed: SEED });

  it('records, for every smart-lane verdict, its GATHER_INFO and an earlier release notice', () => {
    expect(rec.lanes).toEqual(['L1', 'L2']);
    expect(rec.outcomes.length).toBeGreaterThan(50);
    const info = new Map<string, number[]>();
    const noticeAt = new Map<number, number>();
    rec.items.forEach((it, i) => {
      if (it.format === 'gather-info') {
        const key = `${it.device}|${gatherInfoCodec.decode(it.bytes).seqNo}`;
        info.set(key, [...(info.get(key) ?? []), i]);
      }
      if (it.format === 'customs-release') noticeAt.set(releaseNoticeCodec.decode(it.bytes).ref, i);
    });
    for (const o of rec.outcomes) {
      expect(rec.lanes).toContain(o.lane);
      const at = info.get(`${o.lane}-frontend|${o.seq_no}`);
      expect(at, `ref ${o.ref}`).toHaveLength(1);
      expect(noticeAt.get(o.ref), `ref ${o.ref}`).toBeLessThan(at![0]);
    }
    // one GATHER_INFO per verdict, no more
    expect(rec.items.filter((it) => it.format === 'gather-info')).toHaveLength(rec.outcomes.length);
    // not vacuous: held and released trucks both
    expect(rec.outcomes.some((o) => o.release)).toBe(true);
    expect(rec.outcomes.some((o) => !o.release)).toBe(true);
    // items in time order
    for (let i = 1; i < rec.items.length; i++) expect(rec.items[i].at).toBeGreaterThanOrEqual(rec.items[i - 1].at);
  });

  it('every item decodes with its codec, and every device kind is there', () => {
    const devices = new Set<string>();
    for (const it of rec.items) {
      const codec = it.format === 'customs-release' ? releaseNoticeCodec : FORMATS.get(it.format);
      expect(codec, it.format).toBeDefined();
      expect(() => codec!.decode(it.bytes), `${it.device} #${it.seq}`).not.toThrow();
      devices.add(it.lane === '' ? it.device : it.device.slice(it.lane.length + 1));
      if (it.lane !== '') expect(it.device.startsWith(`${it.lane}-`)).toBe(true);
    }
    expect([...devices].sort()).toEqual(['anpr', 'customs', 'eseal', 'frontend', 'ocr-back', 'ocr-front', 'rfid', 'scale']);
  });

  it('numbers each device\'s items 0..n-1 in order', () => {
    const next = new Map<string, number>();
    for (const it of rec.items) {
      expect(it.seq, it.device).toBe(next.get(it.device) ?? 0);
      next.set(it.device, it.seq + 1);
    }
  });

  it('is deterministic: the same seed records the same bytes', () => {
    expect(digest(recordSite(cfg, { seed: SEED }))).toBe(digest(rec));
  });

  it('does not change the event stream', () => {
    const stream = (tap: boolean) => {
      const h = createHash('sha256');
      let frames = 0;
      runPort(cfg, { seed: SEED, sink: (t, id, e) => h.update(`${t} ${id} ${JSON.stringify(e)}\n`), deviceTap: tap ? () => frames++ : undefined });
      return { hash: h.digest('hex'), frames };
    };
    const off = stream(false);
    const on = stream(true);
    expect(on.hash).toBe(off.hash);
    expect(on.frames).toBe(rec.items.filter((it) => it.lane !== '').length);
  });
});
