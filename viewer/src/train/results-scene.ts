/**
 * End of session: the trainee's signal-detection scores against the simulated officer's on the same
 * cases, then (after Finish) how the trainee's decisions changed the port run.
 */
import Phaser from 'phaser';
import type { RunFigures, Scores, SessionView } from '../../../train/api-types.js';
import { num, pct } from './format.js';
import { t, type Key } from './i18n.js';
import { afterRender, COLOR, GAME_W, textStyle } from './theme.js';

export interface ResultsData {
  session: SessionView;
  computing: boolean;
  onReady(): void;
}

const ROW_H = 30;

export class ResultsScene extends Phaser.Scene {
  private d!: ResultsData;

  constructor() { super({ key: 'results' }); }

  init(d: ResultsData): void { this.d = d; }

  create(): void {
    const s = this.d.session;
    this.cameras.main.setBackgroundColor(COLOR.bg);
    this.add.text(20, 16, t('res_title'), textStyle(22));
    const sc = (f: (x: Scores) => string): [string, string] => [f(s.scores), f(s.baseline)];
    const rows: [Key, [string, string]][] = [
      ['res_hit_rate', sc((x) => pct(x.hit_rate))],
      ['res_fa_rate', sc((x) => pct(x.false_alarm_rate))],
      ['res_dprime', sc((x) => num(x.d_prime, 2))],
      ['res_aprime', sc((x) => num(x.a_prime, 2))],
      ['res_mean', sc((x) => num(x.mean_decision_s, 1))],
      ['res_p90', sc((x) => num(x.p90_decision_s, 1))],
      ['res_hits', sc((x) => num(x.hits))],
      ['res_misses', sc((x) => num(x.misses))],
      ['res_fas', sc((x) => num(x.false_alarms))],
      ['res_crs', sc((x) => num(x.correct_rejections))],
    ];
    this.table(20, 60, 560, [t('res_you'), t('res_sim')], rows);

    const right = 620;
    if (s.outcome) {
      const o = s.outcome;
      const f = (g: (x: RunFigures) => string): [string, string] => [g(o.trainee), g(o.baseline)];
      this.add.text(right, 16, t('out_title'), textStyle(22));
      this.table(right, 60, GAME_W - right - 20, [t('out_trainee'), t('out_baseline')], [
        ['out_consignments', f((x) => num(x.consignments))],
        ['out_released', f((x) => num(x.released))],
        ['out_seized', f((x) => num(x.seized))],
        ['out_clear_mean', f((x) => num(x.clearance_mean_min, 1))],
        ['out_clear_p95', f((x) => num(x.clearance_p95_min, 1))],
        ['out_recall', f((x) => pct(x.detection_recall, 1))],
        ['out_false_alarms', f((x) => num(x.false_alarms))],
        ['out_missed', f((x) => num(x.missed))],
      ]);
      this.add.text(right, 60 + ROW_H * 10, `${t('out_applied')}: ${num(o.decisions_applied)}`, textStyle(16));
    } else if (this.d.computing) {
      const spinner = this.add.arc(right + 30, 120, 16, 0, 270, false).setStrokeStyle(4, 0x22d3ee).setClosePath(false);
      this.tweens.add({ targets: spinner, angle: 360, duration: 900, repeat: -1 });
      this.add.text(right + 60, 108, t('computing'), textStyle(17, COLOR.text, { wordWrap: { width: GAME_W - right - 80 } }));
    } else {
      this.add.text(right, 60, t('res_finish_hint'), textStyle(17, COLOR.dim, { wordWrap: { width: GAME_W - right - 20 } }));
    }
    afterRender(this, () => this.d.onReady());
  }

  private table(x: number, y: number, w: number, heads: [string, string], rows: [Key, [string, string]][]): void {
    const c1 = x + w * 0.55;
    const c2 = x + w * 0.8;
    this.add.rectangle(x, y, w, ROW_H, COLOR.panelLine).setOrigin(0);
    this.add.text(c1, y + ROW_H / 2, heads[0], textStyle(14, COLOR.dim)).setOrigin(1, 0.5);
    this.add.text(c2 + w * 0.18, y + ROW_H / 2, heads[1], textStyle(14, COLOR.dim)).setOrigin(1, 0.5);
    rows.forEach(([k, [a, b]], i) => {
      const ry = y + ROW_H * (i + 1);
      if (i % 2 === 0) this.add.rectangle(x, ry, w, ROW_H, COLOR.panel).setOrigin(0);
      this.add.text(x + 10, ry + ROW_H / 2, t(k), textStyle(15, COLOR.dim)).setOrigin(0, 0.5);
      this.add.text(c1, ry + ROW_H / 2, a, textStyle(16)).setOrigin(1, 0.5);
      this.add.text(c2 + w * 0.18, ry + ROW_H / 2, b, textStyle(16)).setOrigin(1, 0.5);
    });
  }
}
