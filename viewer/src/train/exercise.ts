/**
 * The exercise controller: fetches cases, runs the role scene in Phaser, posts decisions, shows
 * feedback, results and the run outcome. Plain DOM around the canvas (top bar, buttons) so the
 * controls are accessible and clickable in tests; keyboard shortcuts are read at the page level.
 */
import type Phaser from 'phaser';
import {
  ROLE_DECISIONS, type Box, type CaseContent, type CaseView, type Decision, type DecisionResult, type SessionView, type TrainRole,
} from '../../../train/api-types.js';
import { api } from './api.js';
import { errorText, h } from './dom.js';
import type { FeedbackData } from './feedback-scene.js';
import { clock, num, seconds } from './format.js';
import { createGame, ROLE_SCENE, showOnly } from './game.js';
import { hook, setSceneTextSource, type SceneText } from './hooks.js';
import { fontsFor } from './fonts.js';
import { decisionName, t, vocabulary, type Key } from './i18n.js';
import type { ImageAnalystScene } from './image-analyst-scene.js';
import type { ResultsData } from './results-scene.js';
import { MATERIAL_FILTERS, type CaseSceneData, type ImageTools } from './scene-data.js';
import { app, clearError, showError, type Screen } from './shell.js';
import { keyAction } from './shortcuts.js';

type Phase = 'loading' | 'case' | 'deciding' | 'feedback' | 'results' | 'finishing' | 'outcome';

/** The role whose scene and answers fit a case: from its content, so a mixed session still draws right. */
const KIND_ROLE: Record<CaseContent['kind'], TrainRole> = { image: 'image-analyst', gate: 'gate-officer', documents: 'document-reviewer' };

export function exerciseScreen(start: SessionView, onHome: () => void): Screen {
  let role: TrainRole = start.exercise.role;
  let session = start;
  let phase: Phase = 'loading';
  let current: CaseView | null = null;
  let result: DecisionResult | null = null;
  let marks: Box[] = [];
  const tools: ImageTools = { invert: false, enhance: false, colour: false, filter: 'all' };
  let readyAt = 0;
  let frozenS: number | null = null;
  let game: Phaser.Game | null = null;
  /** the data object the running role scene holds (shared, so setting `result` reaches the scene) */
  let sceneData: CaseSceneData | null = null;
  let alive = true;

  hook.session = session;
  hook.case = null;
  hook.last = null;
  hook.ready = false;
  hook.screen = 'case';

  // ---- DOM frame ----
  const bar = h('div', { class: 'topbar', 'data-testid': 'topbar' });
  const stage = h('div', { class: 'stage', 'data-testid': 'stage' });
  const controls = h('div', { class: 'controls' });
  const status = h('p', { class: 'status', role: 'status' });
  app().replaceChildren(h('section', { class: 'exercise' }, bar, stage, controls, status));

  const elapsed = (): number => (frozenS !== null ? frozenS : readyAt ? (performance.now() - readyAt) / 1000 : 0);

  const renderBar = (): void => {
    bar.hidden = !current;
    if (!current) { bar.replaceChildren(); return; }
    const c = current;
    const item = (k: Key, v: string, id: string): HTMLElement =>
      h('span', { class: 'item' }, h('span', { class: 'k' }, t(k)), ' ', h('span', { class: 'v', 'data-testid': id }, v));
    bar.replaceChildren(
      item('bar_case', `${num(c.index + 1)} / ${num(c.total)}`, 'bar-case'),
      item('bar_clock', clock(c.scenario_time_s), 'bar-clock'),
      item('bar_queue', num(c.queue), 'bar-queue'),
      item('bar_difficulty', `${num(c.difficulty)} / 5`, 'bar-difficulty'),
      item('bar_timer', `${seconds(elapsed())} s`, 'bar-timer'),
    );
  };
  const timer = window.setInterval(() => {
    const el = bar.querySelector('[data-testid="bar-timer"]');
    if (el && phase === 'case' && readyAt) el.textContent = `${seconds(elapsed())} s`;
  }, 200);

  const button = (label: string, testid: string, onClick: () => void, opts: { primary?: boolean; disabled?: boolean; pressed?: boolean } = {}): HTMLButtonElement => {
    const b = h('button', { type: 'button', 'data-testid': testid, class: opts.primary ? 'primary' : '' }, label);
    b.disabled = !!opts.disabled;
    if (opts.pressed !== undefined) b.setAttribute('aria-pressed', String(opts.pressed));
    b.addEventListener('click', onClick);
    return b;
  };

  const SHORTCUT: Record<Decision, string> = { clear: 'C', mark: 'M', release: 'R', hold: 'H', accept: 'A', query: 'Q', refer: 'F' };

  const renderControls = (): void => {
    const kids: HTMLElement[] = [];
    const canDecide = phase === 'case' && hook.ready;
    if (phase === 'case' || phase === 'deciding' || phase === 'loading') {
      if (role === 'image-analyst') {
        kids.push(h('span', { class: 'tools' },
          button(`${t('tool_invert')} (I)`, 'tool-invert', () => toggleTool('invert'), { pressed: tools.invert }),
          button(`${t('tool_enhance')} (E)`, 'tool-enhance', () => toggleTool('enhance'), { pressed: tools.enhance }),
          button(`${t('tool_colour')} (K)`, 'tool-colour', () => toggleTool('colour'), { pressed: tools.colour }),
          button(`${t('tool_filter')}: ${t(`filter_${tools.filter}` as Key)} (O)`, 'tool-filter', () => toggleTool('filter'), { pressed: tools.filter !== 'all' }),
          button('+', 'tool-zoom-in', () => imageScene()?.view(1, 0, 0), {}),
          button('−', 'tool-zoom-out', () => imageScene()?.view(-1, 0, 0), {})));
      }
      kids.push(h('span', { class: 'decisions' }, ...ROLE_DECISIONS[role].map((d) =>
        button(`${decisionName(d)} (${SHORTCUT[d]})`, `decision-${d}`, () => decide(d),
          { primary: d !== ROLE_DECISIONS[role][0], disabled: !canDecide }))));
    } else if (phase === 'feedback') {
      kids.push(button(`${t('next')} (N)`, 'next-button', next, { primary: true }));
    } else if (phase === 'results' || phase === 'finishing') {
      kids.push(button(t('finish'), 'finish-button', finish, { primary: true, disabled: phase === 'finishing' }));
    } else if (phase === 'outcome') {
      kids.push(button(t('back_home'), 'home-button', onHome, { primary: true }));
    }
    controls.replaceChildren(...kids);
    status.textContent = phase === 'finishing' ? t('computing') : '';
  };

  const renderDom = (): void => { renderBar(); renderControls(); };

  // ---- scenes ----
  const caseData = (): CaseSceneData => ({
    c: current!,
    marks,
    tools,
    result,
    onReady: () => {
      if (!alive || phase !== 'case' || hook.ready) return;
      hook.ready = true;
      if (!readyAt) readyAt = performance.now();
      renderControls();
    },
    onError: (msg) => { if (alive) showError(msg); },
    onMarksChanged: () => {},
  });

  const feedbackData = (): FeedbackData => ({
    result: result!,
    image: role === 'image-analyst',
    onReady: () => { if (alive && phase === 'feedback') hook.ready = true; },
  });

  const resultsData = (): ResultsData => ({
    session,
    computing: phase === 'finishing',
    onReady: () => { if (alive && (phase === 'results' || phase === 'outcome')) hook.ready = true; },
  });

  /**
   * (Re)draw the scenes for the current phase from state: used on phase changes and on a language
   * switch. The canvas keeps what it draws, so first the font slices for the page's words and the
   * case's own text (plates, names) are loaded; a newer draw supersedes one still waiting.
   */
  let drawSeq = 0;
  const drawScenes = (): void => {
    const seq = ++drawSeq;
    void fontsFor(vocabulary() + (current ? JSON.stringify(current.content) : '')).then(() => {
      if (alive && seq === drawSeq) drawNow();
    });
  };
  const drawNow = (): void => {
    if (!game) return;
    if (phase === 'case' || phase === 'deciding') showOnly(game, ROLE_SCENE[role], sceneData = caseData());
    else if (phase === 'feedback') {
      showOnly(game, ROLE_SCENE[role], sceneData = caseData());
      game.scene.start('feedback', feedbackData());
    } else if (phase === 'results' || phase === 'finishing' || phase === 'outcome') showOnly(game, 'results', resultsData());
  };

  const imageScene = (): ImageAnalystScene | null =>
    game && role === 'image-analyst' && game.scene.isActive('image') ? game.scene.getScene<ImageAnalystScene>('image') : null;

  // ---- flow ----
  const fail = (e: unknown): void => { if (alive) showError(errorText(e)); };

  const loadNext = async (): Promise<void> => {
    phase = 'loading';
    hook.ready = false;
    renderControls();
    const n = await api.nextCase(session.id);
    if (!alive) return;
    if (n.done) { await showResults(); return; }
    current = n.case;
    role = KIND_ROLE[current.content.kind];
    result = null;
    marks = [];
    readyAt = 0;
    frozenS = null;
    hook.case = current;
    hook.last = null;
    hook.screen = 'case';
    phase = 'case';
    renderDom();
    drawScenes();
  };

  const showResults = async (): Promise<void> => {
    // the session in hand may predate the last decision; the server's copy has the final scores
    session = await api.session(session.id);
    if (!alive) return;
    hook.session = session;
    hook.case = null;
    current = null;
    hook.ready = false;
    phase = session.outcome ? 'outcome' : 'results';
    hook.screen = phase;
    renderDom();
    drawScenes();
  };

  const decide = (d: Decision): void => {
    if (phase !== 'case' || !hook.ready || !current) return;
    if (d === 'mark' && marks.length === 0) { showError(t('need_mark')); return; }
    clearError();
    phase = 'deciding';
    hook.ready = false;
    frozenS = elapsed();
    renderControls();
    const req = { index: current.index, decision: d, ...(role === 'image-analyst' ? { marks: d === 'mark' ? [...marks] : [] } : {}) };
    api.decide(session.id, req).then((r) => {
      if (!alive) return;
      result = r;
      session = r.session;
      hook.last = r;
      hook.session = session;
      phase = 'feedback';
      hook.screen = 'feedback';
      renderDom();
      const img = imageScene();
      if (img && game) {
        // keep the image scene (and its marks) as is; add the truth box and the overlay
        if (sceneData) sceneData.result = r;
        img.showTruth();
        game.scene.start('feedback', feedbackData());
      } else drawScenes();
    }, (e: unknown) => {
      if (!alive) return;
      phase = 'case';
      frozenS = null;
      hook.ready = true;
      renderControls();
      fail(e);
    });
  };

  let nextBusy = false;
  const next = (): void => {
    if (phase !== 'feedback' || nextBusy) return;
    nextBusy = true;
    clearError();
    const btn = controls.querySelector<HTMLButtonElement>('[data-testid="next-button"]');
    if (btn) btn.disabled = true;
    hook.ready = false;
    loadNext().catch((e: unknown) => {
      // stay on the feedback so the trainee can retry
      if (!alive) return;
      phase = 'feedback';
      hook.ready = true;
      renderControls();
      fail(e);
    }).finally(() => { nextBusy = false; });
  };

  const finish = (): void => {
    if (phase !== 'results') return;
    clearError();
    phase = 'finishing';
    hook.ready = false;
    renderControls();
    drawScenes();
    api.finish(session.id).then((s) => {
      if (!alive) return;
      session = s;
      hook.session = s;
      phase = 'outcome';
      hook.screen = 'outcome';
      renderDom();
      drawScenes();
    }, (e: unknown) => {
      if (!alive) return;
      phase = 'results';
      renderControls();
      drawScenes();
      fail(e);
    });
  };

  const toggleTool = (k: 'invert' | 'enhance' | 'colour' | 'filter'): void => {
    if (k === 'filter') tools.filter = MATERIAL_FILTERS[(MATERIAL_FILTERS.indexOf(tools.filter) + 1) % MATERIAL_FILTERS.length];
    else tools[k] = !tools[k];
    imageScene()?.applyTools();
    renderControls();
  };

  // ---- keyboard ----
  const onKey = (e: KeyboardEvent): void => {
    const a = keyAction(e, role, phase === 'case' ? 'case' : phase === 'feedback' ? 'feedback' : 'other');
    if (!a) return;
    e.preventDefault();
    if (a.kind === 'decide') decide(a.decision);
    else if (a.kind === 'next') next();
    else if (a.kind === 'undo') imageScene()?.removeLastMark();
    else if (a.kind === 'tool') toggleTool(a.tool);
    else if (a.kind === 'view') imageScene()?.view(a.zoom, a.panX, a.panY);
  };
  document.addEventListener('keydown', onKey);

  // ---- start ----
  renderDom();
  // Phaser caches the canvas position for pointer mapping and only re-reads it on resize; an error
  // line or a wrapped top bar moves the canvas without resizing it, so re-read it as a press begins
  // (capture phase: before Phaser's own listener on the canvas).
  const refreshBounds = (): void => { game?.scale.updateBounds(); };
  for (const type of ['pointerdown', 'mousedown', 'touchstart']) stage.addEventListener(type, refreshBounds, { capture: true });
  // the first scene ('loading…') draws at boot: its font slices first
  fontsFor(vocabulary()).then(() => (alive ? createGame(stage) : null)).then((g) => {
    if (!g) return;
    if (!alive) { g.destroy(true); return; }
    game = g;
    setSceneTextSource(() => sceneTexts(g));
    if (session.state === 'finished') return showResults();
    return loadNext();
  }).catch(fail);

  return {
    rerender: () => { renderDom(); drawScenes(); },
    destroy: () => {
      alive = false;
      hook.ready = false;
      window.clearInterval(timer);
      document.removeEventListener('keydown', onKey);
      setSceneTextSource(null);
      game?.destroy(true);
      game = null;
    },
  };
}

/** The running scenes' texts with the font they were drawn in and the width Phaser measured then (test hook). */
function sceneTexts(game: Phaser.Game): SceneText[] {
  return game.scene.getScenes(true).flatMap((sc) => sc.children.list
    .filter((o): o is Phaser.GameObjects.Text => o.type === 'Text')
    .map((o) => ({
      text: o.text,
      font: `${o.style.fontStyle} ${o.style.fontSize} ${o.style.fontFamily}`.trim(),
      width: o.width,
      wrapped: !!o.style.wordWrapWidth,
    })));
}
