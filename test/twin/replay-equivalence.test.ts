/**
 * Replay equivalence: the frames and release notices recorded from a simulated port site, fed to
 * the twin, give the same verdict for every truck at the smart lanes as the simulation reached,
 * with the same customs check run on what the twin decoded from the bytes alone.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EPOCH_MS, feed, openTwin, recording } from './twin-fixture.js';
import { FrameLog } from '../../twin/frame-log.js';
import { TwinRuntime } from '../../twin/runtime.js';
import { TwinSite } from '../../twin/site-state.js';
import { siteConfigOfPort } from '../../twin/site-config.js';
import { SITE_CFG } from './twin-fixture.js';

describe('the twin fed a recorded site', () => {
  it('reaches the simulation’s verdict for every truck, and accepts every frame once', async () => {
    const rec = recording();
    const dir = mkdtempSync(join(tmpdir(), 'twin-eq-'));
    const t = openTwin(join(dir, 'twin.sqlite'));
    const results = await feed(t, rec.items);
    expect(results.filter((r) => r.status !== 'accepted')).toEqual([]);
    const site = t.runtime.site;
    // not vacuous: trucks held for each kind of read, some released
    expect(rec.outcomes.filter((o) => o.release).length).toBeGreaterThan(50);
    expect(rec.outcomes.filter((o) => !o.release).length).toBeGreaterThan(5);
    for (const o of rec.outcomes) {
      const c = site.consignments.get(o.ref);
      expect(c, `ref ${o.ref}`).toBeDefined();
      expect({ ref: o.ref, lane: c!.lane, release: c!.verdict?.release, hold: c!.verdict?.hold, seq_no: c!.verdict?.seq_no }).toEqual({ ref: o.ref, lane: o.lane, release: o.release, hold: o.hold, seq_no: o.seq_no });
    }
    const k = site.kpiView();
    expect(k.gate_passes).toBe(rec.outcomes.length);
    expect(k.unmatched).toBe(0);
    expect(k.released_at_gate).toBe(rec.outcomes.filter((o) => o.release).length);
    // the released trucks' barriers were told to open, acknowledged or not
    const gathered = results.filter((r) => r.status === 'accepted' && r.reply !== undefined);
    expect(gathered.length).toBe(rec.outcomes.length);
    await t.runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same state live, with clock ticks between inputs, as a replay of its log', async () => {
    const rec = recording();
    const dir = mkdtempSync(join(tmpdir(), 'twin-eq-'));
    const file = join(dir, 'twin.sqlite');
    const t = openTwin(file);
    const rt = t.runtime;
    const pending: Promise<unknown>[] = [];
    for (const [i, it] of rec.items.slice(0, 600).entries()) {
      t.clock.ms = EPOCH_MS + it.at * 1000;
      // not awaited: inputs pile up uncommitted while the clock runs on and ticks come
      pending.push(rt.submit({ source: 'tcp', lane: it.lane, device: it.device, format: it.format, seq: it.seq, bytes: it.bytes }));
      if (i % 7 === 0) {
        t.clock.ms += 5_000;
        rt.tick();
      }
      if (i % 13 === 0) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    const end = rt.site.now + 600;
    rt.site.advance(end);
    const live = rt.site.digest();
    await rt.close(); // one twin per log: the log is locked while open
    const replay = new TwinRuntime(new FrameLog(file), new TwinSite(siteConfigOfPort(SITE_CFG)));
    replay.site.advance(end);
    expect(replay.counters.replayed).toBe(600);
    // compared by hash: a failure prints two short strings, not two whole states
    const sha = (x: string) => createHash('sha256').update(x).digest('hex');
    expect(sha(replay.site.digest())).toBe(sha(live));
    expect(live.length).toBeGreaterThan(10_000);
    await replay.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
