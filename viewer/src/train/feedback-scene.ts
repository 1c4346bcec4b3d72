/**
 * Feedback overlay, drawn over the bottom band of the role scene (which stays visible, with the
 * threat box on image cases): the outcome, what was really there, and the decision time.
 */
import Phaser from 'phaser';
import type { DecisionResult, Outcome } from '../../../train/api-types.js';
import { seconds } from './format.js';
import { outcomeName, t, truthName } from './i18n.js';
import { afterRender, BAND_Y, COLOR, GAME_H, GAME_W, textStyle } from './theme.js';

export interface FeedbackData {
  result: DecisionResult;
  image: boolean;
  onReady(): void;
}

const OUTCOME_COLOR: Record<Outcome, string> = {
  hit: COLOR.good,
  correct_rejection: COLOR.good,
  miss: COLOR.bad,
  false_alarm: COLOR.warn,
};

export class FeedbackScene extends Phaser.Scene {
  private d!: FeedbackData;

  constructor() { super({ key: 'feedback' }); }

  init(d: FeedbackData): void { this.d = d; }

  create(): void {
    const r = this.d.result;
    this.add.rectangle(0, BAND_Y, GAME_W, GAME_H - BAND_Y, 0x0b0f13, 0.96).setOrigin(0);
    this.add.rectangle(0, BAND_Y, 8, GAME_H - BAND_Y, Phaser.Display.Color.HexStringToColor(OUTCOME_COLOR[r.outcome]).color).setOrigin(0);
    this.add.text(24, BAND_Y + 12, outcomeName(r.outcome), textStyle(28, OUTCOME_COLOR[r.outcome], { fontStyle: 'bold' }));
    this.add.text(24, BAND_Y + 56, `${t('fb_time')}: ${seconds(r.decision_s)} s`, textStyle(14, COLOR.dim));
    // the kind in the page's language; the details (numbers, codes) as the server gives them
    const details = r.truth === '' ? '' : `\n${t('fb_details')}: ${r.truth}`;
    this.add.text(300, BAND_Y + 14, `${t('fb_truth')}: ${truthName(r.truth_kind)}${details}`, textStyle(17, COLOR.text, { wordWrap: { width: GAME_W - 330 } }));
    const hint = this.d.image ? `${t('fb_legend')}    ${t('fb_next')}` : t('fb_next');
    this.add.text(300, GAME_H - 30, hint, textStyle(14, COLOR.dim));
    afterRender(this, () => this.d.onReady());
  }
}
