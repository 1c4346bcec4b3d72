/**
 * `window.__train`: the state an end-to-end test waits on (which screen, the case shown, the last
 * decision's answer, the session), where the scan image sits on screen so a test can drag marks, and
 * the texts the canvas drew (so a test can tell glyphs from missing-glyph boxes).
 */
import type { CaseView, DecisionResult, SessionView } from '../../../train/api-types.js';

export type Screen = 'login' | 'home' | 'case' | 'feedback' | 'results' | 'outcome' | 'dashboard';

/** Viewport (client) CSS pixels, as puppeteer's page.mouse uses; `scale` = CSS pixels per image pixel. */
export interface ImageRect { left: number; top: number; width: number; height: number; scale: number }

/** A text the Phaser canvas drew: its string, canvas font, and the width Phaser measured as it drew it. */
export interface SceneText { text: string; font: string; width: number; wrapped: boolean }

export interface TrainHook {
  screen: Screen;
  case: CaseView | null;
  last: DecisionResult | null;
  session: SessionView | null;
  /** the case is fully drawn and decisions are accepted */
  ready: boolean;
  /** null unless an image case is on screen; computed on read so scrolling/resizing never stales it */
  readonly imageRect: ImageRect | null;
  /** the text objects of the running scenes ([] without a game) */
  readonly sceneTexts: SceneText[];
}

let imageRectSource: (() => ImageRect | null) | null = null;
/** The image scene registers how to find its image on screen, and clears it on shutdown. */
export function setImageRectSource(f: (() => ImageRect | null) | null): void {
  imageRectSource = f;
}

let sceneTextSource: (() => SceneText[]) | null = null;
/** The exercise registers how to list its scenes' texts while its game lives. */
export function setSceneTextSource(f: (() => SceneText[]) | null): void {
  sceneTextSource = f;
}

export const hook: TrainHook = {
  screen: 'login',
  case: null,
  last: null,
  session: null,
  ready: false,
  get imageRect() { return imageRectSource ? imageRectSource() : null; },
  get sceneTexts() { return sceneTextSource ? sceneTextSource() : []; },
};

declare global {
  interface Window { __train: TrainHook }
}
window.__train = hook;
