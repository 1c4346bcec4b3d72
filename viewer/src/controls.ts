/**
 * The bottom controls bar and the keyboard: play/pause (Space), speed (select, + / −), seek bar
 * (range input: arrows, PageUp/PageDown, Home/End work natively), the simulated clock "day D HH:MM",
 * camera presets (1 overview, 2 gate, 3 scanner), colour by channel / waiting (C).
 * N / P select the next / previous truck on screen, Esc closes the panel, R toggles the report pane.
 * Live mode: a "live" button (L) returns to the twin's now; the seek bar's end follows it.
 */
import { SPEEDS, type PlaybackClock } from './clock.js';
import { clockText } from './format.js';
import type { CameraPreset } from './scene.js';
import type { ColourMode } from './trucks.js';

export interface ControlActions {
  preset(p: CameraPreset): void;
  colourMode(m: ColourMode): void;
  selectStep(dir: 1 | -1): void;
  closePanel(): boolean;
  toggleReport(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  if (text !== undefined) e.textContent = text;
  return e;
}

function niceStep(range: number): number {
  for (const s of [1, 5, 10, 30, 60, 300, 600, 1800, 3600]) if (s >= range / 1500) return s;
  return 3600;
}

export class ControlsBar {
  private readonly play: HTMLButtonElement;
  private readonly speed: HTMLSelectElement;
  private readonly seek: HTMLInputElement;
  private readonly clockEl: HTMLElement;
  private readonly colourBtn: HTMLButtonElement;
  private readonly liveBtn: HTMLButtonElement | null = null;
  private shownMax = NaN;
  private shownFollowing: boolean | null = null;
  private dragging = false;
  private shownMinute = NaN;
  private shownValue = NaN;
  mode: ColourMode = 'channel';

  /** `presets`: the camera views the site has (no scanner view without a scanner) */
  constructor(host: HTMLElement, private readonly clock: PlaybackClock, private readonly actions: ControlActions, private readonly presetsShown: readonly CameraPreset[] = ['overview', 'gate', 'scanner']) {
    this.play = el('button', { type: 'button', title: 'Play / pause (Space)' }, '▶ play');
    this.play.setAttribute('aria-keyshortcuts', 'Space');
    this.play.addEventListener('click', () => clock.toggle());
    this.speed = el('select', { title: 'Playback speed (+ / −)' });
    this.speed.setAttribute('aria-label', 'Playback speed');
    for (const s of SPEEDS) this.speed.append(el('option', { value: String(s) }, `${s}×`));
    this.speed.addEventListener('change', () => clock.setSpeed(Number(this.speed.value)));
    this.clockEl = el('span', { className: 'clock' });
    this.clockEl.setAttribute('aria-live', 'off');
    this.seek = el('input', { type: 'range', min: String(clock.t0), max: String(clock.t1), step: String(niceStep(clock.t1 - clock.t0)) });
    this.seek.setAttribute('aria-label', 'Simulated time');
    this.seek.addEventListener('input', () => {
      const v = Number(this.seek.value);
      // the slider's values are whole steps from t0: live, its last one is the twin's now (the edge)
      clock.seek(clock.live && v + Number(this.seek.step) > clock.t1 ? clock.t1 : v);
    });
    this.seek.addEventListener('pointerdown', () => { this.dragging = true; });
    window.addEventListener('pointerup', () => { this.dragging = false; });
    const presets = el('span');
    const names: [CameraPreset, string][] = [['overview', '1 overview'], ['gate', '2 gate'], ['scanner', '3 scanner']];
    for (const [p, label] of names.filter(([p]) => presetsShown.includes(p))) {
      const b = el('button', { type: 'button', title: `Camera: ${p} (key ${label[0]})` }, label[0]);
      b.append(el('span', { className: 'long' }, label.slice(1)));
      b.setAttribute('aria-label', `camera ${p}`);
      b.addEventListener('click', () => actions.preset(p));
      presets.append(b, ' ');
    }
    this.colourBtn = el('button', { type: 'button', title: 'Colour trucks by risk channel or by time waited in queues (C)' }, 'colour: channel');
    this.colourBtn.setAttribute('aria-keyshortcuts', 'C');
    this.colourBtn.addEventListener('click', () => this.toggleColour());
    const keys = el('span', { className: 'keys' }, `Space play · +/− speed · ←/→ seek${clock.live ? ' · L live' : ''} · N/P truck · Esc close`);
    const parts: HTMLElement[] = [this.play, this.speed, this.clockEl, this.seek];
    if (clock.live) {
      this.liveBtn = el('button', { type: 'button', id: 'live-button', title: 'Back to the twin\'s now (L)' }, '● live');
      this.liveBtn.setAttribute('aria-keyshortcuts', 'L');
      this.liveBtn.addEventListener('click', () => clock.goLive());
      parts.push(this.liveBtn);
    }
    host.append(...parts, el('span', { className: 'sep' }), presets, this.colourBtn, keys);
    clock.onChange(() => this.sync());
    this.sync();
    window.addEventListener('keydown', (e) => this.onKey(e));
  }

  private toggleColour(): void {
    this.setColour(this.mode === 'channel' ? 'wait' : 'channel');
  }

  setColour(m: ColourMode): void {
    this.mode = m;
    this.colourBtn.textContent = `colour: ${this.mode === 'channel' ? 'channel' : 'waiting'}`;
    this.actions.colourMode(this.mode);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    const tag = target?.tagName ?? '';
    if (tag === 'SELECT' || (tag === 'INPUT' && (target as HTMLInputElement).type !== 'range') || tag === 'TEXTAREA') return;
    switch (e.key) {
      case ' ':
        if (tag === 'BUTTON') return; // the focused button's own click
        e.preventDefault();
        this.clock.toggle();
        break;
      case '+': case '=':
        this.clock.stepSpeed(1);
        break;
      case '-': case '_':
        this.clock.stepSpeed(-1);
        break;
      case '1': this.actions.preset('overview'); break;
      case '2': this.actions.preset('gate'); break;
      case '3': if (this.presetsShown.includes('scanner')) this.actions.preset('scanner'); break;
      case 'c': case 'C': this.toggleColour(); break;
      case 'n': case 'N': this.actions.selectStep(1); break;
      case 'p': case 'P': this.actions.selectStep(-1); break;
      case 'r': case 'R': this.actions.toggleReport(); break;
      case 'l': case 'L': this.clock.goLive(); break;
      case 'Escape':
        if (this.actions.closePanel()) e.preventDefault();
        break;
      case 'ArrowLeft': case 'ArrowRight':
        if (tag !== 'INPUT') {
          const step = Number(this.seek.step) * (e.shiftKey ? 10 : 1);
          this.clock.seek(this.clock.t + (e.key === 'ArrowRight' ? step : -step));
          e.preventDefault();
        }
        break;
      default:
    }
  }

  private sync(): void {
    this.play.textContent = this.clock.playing ? '❚❚ pause' : '▶ play';
    this.play.setAttribute('aria-pressed', String(this.clock.playing));
    const v = String(this.clock.speed);
    if (this.speed.value !== v) {
      if (![...this.speed.options].some((o) => o.value === v)) this.speed.append(el('option', { value: v }, `${v}×`));
      this.speed.value = v;
    }
    this.frame();
  }

  /** per frame: cheap, touches the DOM only when the shown minute / slider position changes */
  frame(): void {
    const t = this.clock.t;
    if (!(Math.abs(this.clock.t1 - this.shownMax) < Number(this.seek.step))) {
      this.shownMax = this.clock.t1;
      this.seek.max = String(this.clock.t1);
    }
    if (this.liveBtn && this.clock.following !== this.shownFollowing) {
      this.shownFollowing = this.clock.following;
      this.liveBtn.classList.toggle('on', this.clock.following);
      this.liveBtn.setAttribute('aria-pressed', String(this.clock.following));
    }
    const minute = Math.floor(t / 60);
    if (minute !== this.shownMinute) {
      this.shownMinute = minute;
      this.clockEl.textContent = clockText(t);
      this.seek.setAttribute('aria-valuetext', clockText(t));
    }
    const step = Number(this.seek.step);
    const val = Math.round(t / step) * step;
    if (!this.dragging && val !== this.shownValue) {
      this.shownValue = val;
      this.seek.value = String(t);
    }
  }
}
