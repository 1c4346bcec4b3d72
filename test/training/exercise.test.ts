import { beforeAll, describe, expect, it } from 'vitest';
import { trainingExercise } from './fixture.js';
import type { Exercise, GateCase } from '../../sim/training/exercise.js';
import { runWithDecisions } from '../../train/exercise-run.js';
import { judge, renderCase } from '../../sim/training/judge.js';
import { isValidContainerNumber } from '../../sim/supervision/identifiers.js';
import type { Box, DocumentCaseContent, GateCaseContent, TrainRole } from '../../train/api-types.js';

const ex = {} as Record<TrainRole, Exercise>;
beforeAll(() => {
  for (const role of ['image-analyst', 'gate-officer', 'document-reviewer'] as const) ex[role] = trainingExercise(role);
}, 120_000);

/** The answer of a trainee who knows the truth: marks the threat, holds or queries a signal. */
function oracle(e: Exercise, i: number, level: number) {
  const c = e.cases[i];
  const shown = renderCase(e, c, level);
  const role = e.view.role;
  if (role === 'image-analyst') return judge(role, c, shown, shown.signal ? 'mark' : 'clear', shown.signal ? [shown.truthBox!] : []);
  if (role === 'gate-officer') return judge(role, c, shown, shown.signal ? 'hold' : 'release', []);
  return judge(role, c, shown, shown.signal ? 'query' : 'accept', []);
}

describe('training exercise: the cases of a role in a seeded run', () => {
  it('the same seed gives every trainee the same cases, images and papers; another seed other cases', () => {
    const again = trainingExercise('image-analyst');
    expect(JSON.stringify(again.cases)).toBe(JSON.stringify(ex['image-analyst'].cases));
    for (const level of [1, 5]) {
      const i = again.cases.findIndex((c) => c.projected);
      expect(Buffer.from(renderCase(again, again.cases[i], level).png!).equals(Buffer.from(renderCase(ex['image-analyst'], ex['image-analyst'].cases[i], level).png!))).toBe(true);
    }
    const docs = trainingExercise('document-reviewer');
    expect(JSON.stringify(renderCase(docs, docs.cases[3], 4).content)).toBe(JSON.stringify(renderCase(ex['document-reviewer'], ex['document-reviewer'].cases[3], 4).content));
    const other = trainingExercise('image-analyst', { seed: 12 });
    expect(other.cases.map((c) => c.ref)).not.toEqual(again.cases.map((c) => c.ref));
  }, 60_000);

  it('takes the first cases after the warm-up in the order they reached the officer, with the truth of the run', () => {
    for (const e of Object.values(ex)) {
      expect(e.cases).toHaveLength(20);
      expect(e.cases.map((c) => c.index)).toEqual([...Array(20).keys()]);
      const warmup = e.source.config.world.warmupS;
      e.cases.forEach((c, i) => {
        expect(c.at).toBeGreaterThanOrEqual(warmup);
        if (i > 0) expect(c.at).toBeGreaterThanOrEqual(e.cases[i - 1].at);
        expect(c.queue).toBeGreaterThanOrEqual(1);
      });
      // some projected signals, never on a case that already has a real one
      expect(e.cases.some((c) => c.projected)).toBe(true);
      for (const c of e.cases) if (c.role === 'image-analyst' && c.projected) expect(c.subject.anomaly).toBeUndefined();
    }
  });

  it("the run with the simulated officer's own verdicts is the baseline run, figure for figure", () => {
    for (const e of Object.values(ex)) {
      expect(runWithDecisions(e, new Map())).toEqual(e.baseline);
      expect(runWithDecisions(e, new Map(e.cases.filter((c) => !c.projected).map((c) => [c.ref, c.simulatedYes])))).toEqual(e.baseline);
    }
  });

  it("a trainee's verdicts change the run: holding every held truck sends them to inspection and slows clearance", () => {
    const e = ex['gate-officer'];
    const held = runWithDecisions(e, new Map(e.cases.map((c) => [c.ref, true])));
    expect(held.clearance_mean_min!).toBeGreaterThan(e.baseline.clearance_mean_min!);
    expect(held.consignments).toBe(e.baseline.consignments);
    const img = ex['image-analyst'];
    const marked = runWithDecisions(img, new Map(img.cases.map((c) => [c.ref, true])));
    expect(marked.clearance_mean_min!).toBeGreaterThan(img.baseline.clearance_mean_min!);
    expect(marked.false_alarms).toBeGreaterThan(img.baseline.false_alarms);
    const cleared = runWithDecisions(img, new Map(img.cases.map((c) => [c.ref, false])));
    expect(cleared.detection_recall!).toBeLessThanOrEqual(img.baseline.detection_recall!);
  });

  it('a trainee who knows the truth scores every signal a hit and never a false alarm, at every difficulty', () => {
    for (const e of Object.values(ex))
      for (const level of [1, 3, 5])
        e.cases.forEach((c, i) => {
          const j = oracle(e, i, level);
          expect(j.outcome === 'hit' || j.outcome === 'correct_rejection').toBe(true);
          // a projected signal never enters the run (an image's marks only on the projection: "clear" for the run)
          if (c.projected) expect(j.runYes === undefined || j.runYes === false).toBe(true);
        });
  });

  it('an image signal is a hit only when a mark lands on the threat; marks elsewhere are a miss', () => {
    const e = ex['image-analyst'];
    const i = e.cases.findIndex((c) => c.projected);
    const shown = renderCase(e, e.cases[i], 2);
    const t = shown.truthBox!;
    const far: Box = t.x0 > 400 ? { x0: 30, y0: 30, x1: 60, y1: 60 } : { x0: 740, y0: 30, x1: 770, y1: 60 };
    expect(judge('image-analyst', e.cases[i], shown, 'mark', [far]).outcome).toBe('miss');
    expect(judge('image-analyst', e.cases[i], shown, 'mark', [far]).runYes).toBe(true); // a suspicion about the real container
    expect(judge('image-analyst', e.cases[i], shown, 'mark', [far, t]).outcome).toBe('hit');
    expect(judge('image-analyst', e.cases[i], shown, 'clear', []).outcome).toBe('miss');
    const j = e.cases.findIndex((c) => !renderCase(e, c, 2).signal);
    const clean = renderCase(e, e.cases[j], 2);
    expect(judge('image-analyst', e.cases[j], clean, 'mark', [far]).outcome).toBe('false_alarm');
    expect(judge('image-analyst', e.cases[j], clean, 'clear', []).outcome).toBe('correct_rejection');
  });

  it('refuses a decision the role does not have, a mark without a region, regions without a mark', () => {
    const e = ex['image-analyst'];
    const shown = renderCase(e, e.cases[0], 1);
    expect(() => judge('image-analyst', e.cases[0], shown, 'hold', [])).toThrow(/not one of image-analyst's: clear, mark/);
    expect(() => judge('image-analyst', e.cases[0], shown, 'mark', [])).toThrow(/at least one/);
    expect(() => judge('image-analyst', e.cases[0], shown, 'clear', [{ x0: 1, y0: 1, x1: 5, y1: 5 }])).toThrow(/marks go with 'mark'/);
    expect(() => renderCase(e, e.cases[0], 6)).toThrow(/difficulty/);
  });

  it('harder levels: a smaller projected threat, a nearer container number, papers that differ less', () => {
    const img = ex['image-analyst'];
    const i = img.cases.findIndex((c) => c.projected);
    const area = (b: Box) => (b.x1 - b.x0) * (b.y1 - b.y0);
    expect(area(renderCase(img, img.cases[i], 5).truthBox!)).toBeLessThan(area(renderCase(img, img.cases[i], 1).truthBox!) / 4);

    const gate = ex['gate-officer'];
    for (const c of gate.cases as GateCase[]) {
      for (const level of [1, 5]) {
        const r = renderCase(gate, c, level);
        const g = r.content as GateCaseContent;
        if (!c.projected) continue;
        expect(r.signal).toBe(true);
        const differs = g.reads.plate !== g.declared.plate || g.reads.container_front !== g.declared.container || g.reads.seal !== g.declared.seal
          || Math.abs(g.reads.gross_kg! - (g.reads.vehicle_kg ?? 0) - g.declared.gross_kg) > g.weight_tolerance * g.declared.gross_kg;
        expect(differs).toBe(true);
        // a projected container swap: both reads (or the only one) show another valid number
        if (g.reads.container_front !== '' && g.reads.container_front !== g.declared.container && g.reads.container_back !== g.declared.container) {
          expect(isValidContainerNumber(g.reads.container_front), g.reads.container_front).toBe(true);
          if (level === 5) expect([...g.reads.container_front].filter((ch, k) => ch !== g.declared.container[k]).length).toBeLessThanOrEqual(2);
        }
      }
    }

    const docs = ex['document-reviewer'];
    for (const c of docs.cases) {
      const r = renderCase(docs, c, 1);
      const d = r.content as DocumentCaseContent;
      if (r.signal) continue;
      // clean papers agree line for line
      expect(d.invoice.lines).toEqual(d.declaration.lines);
      expect(d.packing_list.lines.map((l) => [l.qty, l.weight_kg])).toEqual(d.declaration.lines.map((l) => [l.qty, l.weight_kg]));
      expect(d.manifest.container).toBe(d.declaration.container);
    }
  });
});
