/**
 * The trainer's sessions: one exercise (the cases of one role in a seeded run), many trainees.
 * Everything the HTTP layer does goes through here, so the rules live in one place:
 * - a case is shown at the difficulty the staircase gave when it was first served, and its
 *   decision clock starts then (a reload neither resets it nor changes the case);
 * - a case is decided once, in order; the decision is judged against the truth at once and the
 *   trainee gets the feedback screener training gives (hit, miss, false alarm, correct rejection);
 * - finishing a session runs the scenario again on the same seed with the trainee's verdicts in
 *   place of the simulated officer's, and keeps how clearance and detection changed.
 * Wall-clock time is used for decision times only; nothing here feeds the simulation but verdicts.
 */
import type {
  Box, CaseView, DecisionRequest, DecisionResult, NextCase, RunFigures, Scores, SessionSummary, SessionView, UserView,
} from './api-types.js';
import { TrainingInputError, type StoredDecision, type StoredSession, type TrainingStore } from './store.js';
import type { Exercise } from '../sim/training/exercise.js';
import { rerun, type RerunTask } from './exercise-run.js';
import { DecisionError, judge, renderCase, type RenderedCase } from '../sim/training/judge.js';
import { nextDifficulty } from './difficulty.js';
import { IMAGE_LAYERS } from '../sim/training/image-case.js';
import { score } from './scoring.js';

/** A request that names something the user may not see, or that does not exist: 404 either way. */
export class NotFoundError extends Error {}

export class TrainingService {
  private readonly rendered = new Map<string, RenderedCase>();
  /** sessions whose run is being computed: no more decisions, no second finish */
  private readonly finishing = new Set<number>();

  /**
   * `runner` computes the trainee's run (default: here, synchronously; `ctwin train` gives it a
   * worker thread, train/rerun-pool.ts).
   */
  constructor(
    readonly exercise: Exercise,
    readonly store: TrainingStore,
    private readonly nowMs: () => number = () => Date.now(),
    private readonly runner: (t: RerunTask) => Promise<RunFigures> = async (t) => rerun(t),
  ) {}

  /** The case as shown at `level` (renders are cached: an image takes tens of milliseconds). */
  private shown(index: number, level: number): RenderedCase {
    const key = `${index}:${level}`;
    let r = this.rendered.get(key);
    if (r === undefined) {
      r = renderCase(this.exercise, this.exercise.cases[index], level);
      this.rendered.set(key, r);
      if (this.rendered.size > 256) this.rendered.delete(this.rendered.keys().next().value as string);
    }
    return r;
  }

  /** The session if `user` may see it (its trainee, or a trainer). */
  session(user: UserView, id: number): StoredSession {
    const s = Number.isSafeInteger(id) ? this.store.session(id) : null;
    if (s === null || (user.role !== 'trainer' && s.user_id !== user.id)) throw new NotFoundError(`no session ${id}`);
    return s;
  }

  /** The trainee's open session on this exercise, or a new one. */
  start(user: UserView): SessionView {
    if (user.role !== 'trainee') throw new TrainingInputError('only trainees play sessions');
    const s = this.store.openSessionOf(user.id, this.exercise.view) ?? this.store.createSession(user.id, this.exercise.view, new Date(this.nowMs()).toISOString(), nextDifficulty([]));
    return this.view(s);
  }

  /** Was the session played on this server's cases (it may be from a start with other options)? */
  private sameCases(s: StoredSession): boolean {
    const a = s.exercise, b = this.exercise.view;
    return a.scenario_hash === b.scenario_hash && a.policy === b.policy && a.seed === b.seed && a.role === b.role && a.cases === b.cases && a.projection_rate === b.projection_rate;
  }

  private sameExercise(s: StoredSession): void {
    const a = s.exercise;
    if (!this.sameCases(s)) throw new TrainingInputError(`session ${s.id} belongs to another exercise (${a.scenario} ${a.role}, seed ${a.seed}) than this server runs`);
  }

  next(user: UserView, id: number): NextCase {
    const s = this.session(user, id);
    if (s.user_id !== user.id) throw new TrainingInputError('only the session\'s trainee plays it');
    this.sameExercise(s);
    const index = this.store.decisions(s.id).length;
    if (s.state === 'finished' || index >= this.exercise.cases.length) return { done: true };
    const served = this.store.markServed(s.id, index, this.nowMs(), s.difficulty);
    return { done: false, case: this.caseView(s, index, served.difficulty) };
  }

  private caseView(s: StoredSession, index: number, level: number): CaseView {
    const c = this.exercise.cases[index];
    const r = this.shown(index, level);
    const content = r.content.kind === 'image' ? { ...r.content, image_url: `/api/sessions/${s.id}/cases/${index}/image.png` } : r.content;
    return { session: s.id, index, total: this.exercise.cases.length, ref: c.ref, scenario_time_s: c.at, queue: c.queue, difficulty: level, content };
  }

  /** The PNG of a case already served in this session (never one ahead): its grey image, or the material colours or classes. */
  image(user: UserView, id: number, index: number, layer: string = 'grey'): Uint8Array {
    if (!(IMAGE_LAYERS as readonly string[]).includes(layer)) throw new TrainingInputError(`layer must be one of ${IMAGE_LAYERS.join(', ')}, got '${layer}'`);
    const s = this.session(user, id);
    // a session of another exercise (the server restarted with other options) has other pictures
    if (!this.sameCases(s) || !(index < this.exercise.cases.length)) throw new NotFoundError(`case ${index} of session ${id} is not in this server's exercise`);
    const served = Number.isSafeInteger(index) ? this.store.served(s.id, index) : null;
    if (served === null) throw new NotFoundError(`case ${index} of session ${id} has not been shown`);
    const shown = this.shown(index, served.difficulty);
    const png = layer === 'grey' ? shown.png : shown.layers?.[layer as 'material' | 'classes'] ?? null;
    if (png === null) throw new NotFoundError(`case ${index} has no image`);
    return png;
  }

  decide(user: UserView, id: number, req: DecisionRequest): DecisionResult {
    const s = this.session(user, id);
    if (s.user_id !== user.id) throw new TrainingInputError('only the session\'s trainee decides its cases');
    if (s.state !== 'open') throw new TrainingInputError(`session ${id} is finished`);
    if (this.finishing.has(s.id)) throw new TrainingInputError(`session ${id} is being finished`);
    this.sameExercise(s);
    const done = this.store.decisions(s.id);
    if (req.index !== done.length) throw new TrainingInputError(req.index < done.length ? `case ${req.index} is already decided` : `case ${req.index} is not the next case (${done.length} is)`);
    const served = this.store.served(s.id, req.index);
    if (served === null) throw new TrainingInputError(`case ${req.index} has not been shown yet`);
    const c = this.exercise.cases[req.index];
    const shown = this.shown(req.index, served.difficulty);
    const marks = req.marks ?? [];
    if (shown.content.kind === 'image') for (const m of marks) checkBox(m, shown.content.width, shown.content.height);
    let j;
    try {
      j = judge(this.exercise.view.role, c, shown, req.decision, marks);
    } catch (e) {
      if (e instanceof DecisionError) throw new TrainingInputError(e.message);
      throw e;
    }
    const now = this.nowMs();
    const d: StoredDecision = {
      session_id: s.id, index: req.index, ref: c.ref, difficulty: served.difficulty, projected: c.projected, signal: shown.signal,
      decision: req.decision, marks, outcome: j.outcome, served_at_ms: served.served_at_ms, decided_at_ms: now,
      decision_s: Math.max(0, (now - served.served_at_ms) / 1000), baseline_yes: shown.baselineYes,
    };
    this.store.addDecision(d);
    const all = [...done, d];
    this.store.setDifficulty(s.id, nextDifficulty(all.map((x) => ({ signal: x.signal, yes: isYes(x), difficulty: x.difficulty }))));
    return { outcome: j.outcome, signal: shown.signal, truth_kind: shown.truthKind, truth: shown.truth, truth_box: shown.truthBox, decision_s: d.decision_s, session: this.view(this.store.session(s.id)!) };
  }

  /** Ends the session: the run again with the trainee's verdicts, against the simulated officers' run. */
  async finish(user: UserView, id: number): Promise<SessionView> {
    const s = this.session(user, id);
    if (s.user_id !== user.id) throw new TrainingInputError('only the session\'s trainee finishes it');
    if (s.state !== 'open') throw new TrainingInputError(`session ${id} is already finished`);
    if (this.finishing.has(s.id)) throw new TrainingInputError(`session ${id} is being finished`);
    this.sameExercise(s);
    this.finishing.add(s.id);
    try {
      const verdicts: [number, boolean][] = [];
      for (const d of this.store.decisions(s.id)) {
        const c = this.exercise.cases[d.index];
        const j = judge(this.exercise.view.role, c, this.shown(d.index, d.difficulty), d.decision, d.marks);
        if (j.runYes !== undefined) verdicts.push([c.ref, j.runYes]);
      }
      const src = this.exercise.source;
      const trainee = verdicts.length > 0 ? await this.runner({ config: src.config, seed: src.seed, role: this.exercise.view.role, verdicts }) : this.exercise.baseline;
      this.store.finishSession(s.id, new Date(this.nowMs()).toISOString(), { baseline: this.exercise.baseline, trainee, decisions_applied: verdicts.length });
    } finally {
      this.finishing.delete(s.id);
    }
    return this.view(this.store.session(s.id)!);
  }

  view(s: StoredSession): SessionView {
    const user = this.store.user(s.user_id)!;
    return { ...this.summary(s), user, exercise: s.exercise, outcome: s.outcome };
  }

  summary(s: StoredSession): SessionSummary {
    const { scores, baseline, decided } = this.scores(s);
    return {
      id: s.id, role: s.exercise.role, scenario: s.exercise.scenario, seed: s.exercise.seed, state: s.state,
      started_at: s.started_at, finished_at: s.finished_at, decided, difficulty: s.difficulty, scores, baseline,
    };
  }

  private scores(s: StoredSession): { scores: Scores; baseline: Scores; decided: number } {
    const ds = this.store.decisions(s.id);
    const sameCases = this.sameCases(s);
    return {
      decided: ds.length,
      scores: score(ds.map((d) => ({ signal: d.signal, yes: isYes(d), decisionS: d.decision_s }))),
      baseline: score(ds.map((d) => ({ signal: d.signal, yes: d.baseline_yes, decisionS: sameCases ? this.exercise.cases[d.index].simulatedS : null }))),
    };
  }
}

/** Did the decision say "yes" in the signal-detection sense (a mark on the threat counts; see judge.ts)? */
export function isYes(d: Pick<StoredDecision, 'outcome'>): boolean {
  return d.outcome === 'hit' || d.outcome === 'false_alarm';
}

function checkBox(b: Box, w: number, h: number): void {
  const ok = [b.x0, b.x1, b.y0, b.y1].every((v) => typeof v === 'number' && Number.isFinite(v)) && b.x0 < b.x1 && b.y0 < b.y1 && b.x1 > 0 && b.y1 > 0 && b.x0 < w && b.y0 < h;
  if (!ok) throw new TrainingInputError(`a mark must be a box inside the ${w}×${h} image with x0 < x1 and y0 < y1`);
}
