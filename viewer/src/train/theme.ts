/** Shared look of the Phaser scenes: canvas size, layout bands, colours and text styles (CJK-capable font stack). */
import Phaser from 'phaser';
import { FONT } from './fonts.js';

/** Logical canvas size; the Scale Manager fits it to the page, input is mapped back to these units. */
export const GAME_W = 1200;
export const GAME_H = 600;
/** bottom band every role scene leaves free for the shortcut help, and the feedback overlay covers */
export const BAND_Y = 500;

export { FONT, MONO } from './fonts.js';

export const COLOR = {
  bg: 0x11171d,
  panel: 0x1b242d,
  panelLine: 0x33414f,
  paper: 0xf3efe4,
  text: '#e6edf3',
  dim: '#9aa7b3',
  ink: '#1d1d1d',
  /** trainee marks */
  mark: 0x22d3ee,
  /** ground-truth threat box: a different hue from the marks so both read at once */
  truth: 0xf97316,
  good: '#4ade80',
  bad: '#f87171',
  warn: '#fb923c',
};

export function textStyle(size: number, color: string = COLOR.text, extra: Phaser.Types.GameObjects.Text.TextStyle = {}): Phaser.Types.GameObjects.Text.TextStyle {
  // text rendered at device resolution so small Chinese glyphs stay legible when the canvas is scaled
  return { fontFamily: FONT, fontSize: `${size}px`, color, resolution: Math.max(1, window.devicePixelRatio || 1), ...extra };
}

/** Call once the scene's first frame with everything on it has been drawn. */
export function afterRender(scene: Phaser.Scene, f: () => void): void {
  scene.game.events.once('postrender', f);
}
