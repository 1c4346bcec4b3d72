/** The first scene in the game config starts by itself; this blank one absorbs that so the controller picks what to show. */
import Phaser from 'phaser';
import { t } from './i18n.js';
import { COLOR, GAME_H, GAME_W, textStyle } from './theme.js';

export class IdleScene extends Phaser.Scene {
  constructor() { super({ key: 'idle' }); }

  create(): void {
    this.cameras.main.setBackgroundColor(COLOR.bg);
    this.add.text(GAME_W / 2, GAME_H / 2, t('loading'), textStyle(20, COLOR.dim)).setOrigin(0.5);
  }
}
