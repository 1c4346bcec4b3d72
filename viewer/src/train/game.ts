/** Creating the Phaser game that draws the exercise, and switching which scenes run in it. */
import Phaser from 'phaser';
import type { TrainRole } from '../../../train/api-types.js';
import { DocumentReviewScene } from './document-review-scene.js';
import { FeedbackScene } from './feedback-scene.js';
import { GateOfficerScene } from './gate-officer-scene.js';
import { IdleScene } from './idle-scene.js';
import { ImageAnalystScene } from './image-analyst-scene.js';
import { ResultsScene } from './results-scene.js';
import { COLOR, GAME_H, GAME_W } from './theme.js';

export const ROLE_SCENE: Record<TrainRole, string> = {
  'image-analyst': 'image',
  'gate-officer': 'gate',
  'document-reviewer': 'documents',
};

/** Resolves once the game has booted (scenes can be started). */
export function createGame(parent: HTMLElement): Promise<Phaser.Game> {
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    width: GAME_W,
    height: GAME_H,
    backgroundColor: COLOR.bg,
    banner: false,
    // FIT keeps pointer input mapped to game units whatever size CSS gives the canvas
    scale: { mode: Phaser.Scale.ScaleModes.FIT, autoCenter: Phaser.Scale.Center.NO_CENTER },
    // keys are read by the page (exercise.ts) so shortcuts work with focus anywhere but a text input
    input: { keyboard: false },
    // the overlay is last so it draws over the role scene
    scene: [IdleScene, ImageAnalystScene, GateOfficerScene, DocumentReviewScene, ResultsScene, FeedbackScene],
  });
  return new Promise((resolve) => {
    if (game.isBooted) resolve(game);
    else game.events.once('ready', () => resolve(game));
  });
}

/** Stop every running scene, then start `key` alone. */
export function showOnly(game: Phaser.Game, key: string, data: object): void {
  for (const s of game.scene.getScenes(true)) game.scene.stop(s.sys.settings.key);
  game.scene.start(key, data);
}
