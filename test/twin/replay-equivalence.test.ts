/**
 * Replay equivalence: the frames and release notices recorded from a simulated port site, fed to
 * the twin, give the same verdict for every truck at the smart lanes as the simulation reached,
 * with the same customs check run on what the twin decoded from the bytes alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feed, openTwin, recording } from './twin-fixture.js';

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
});
