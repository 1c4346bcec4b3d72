/**
 * Gate officer: what the release declares beside what the lane's devices read, field by field.
 * Nothing is highlighted: finding the mismatch is the trainee's task. Rows are striped only for reading.
 */
import Phaser from 'phaser';
import type { GateCaseContent } from '../../../train/api-types.js';
import { kg, pct } from './format.js';
import { t } from './i18n.js';
import type { CaseSceneData } from './scene-data.js';
import { afterRender, BAND_Y, COLOR, GAME_W, MONO, textStyle } from './theme.js';

const COLS = [30, 400, 790];
const TOP = 60;
const ROW_H = 42;

export class GateOfficerScene extends Phaser.Scene {
  private d!: CaseSceneData;

  constructor() { super({ key: 'gate' }); }

  init(d: CaseSceneData): void { this.d = d; }

  create(): void {
    const c = this.d.c.content;
    if (c.kind !== 'gate') throw new Error('gate scene given a non-gate case');
    this.cameras.main.setBackgroundColor(COLOR.bg);
    this.add.text(COLS[0]!, 16, `${t('gate_title')} ${c.lane}`, textStyle(20));
    this.table(c);
    this.add.text(COLS[0]!, BAND_Y + 20, t('gate_help'), textStyle(14, COLOR.dim));
    afterRender(this, () => this.d.onReady());
  }

  private table(c: GateCaseContent): void {
    const read = (v: string): string => (v === '' ? t('gate_not_read') : v);
    const weight = (v: number | null): string => (v === null ? t('gate_no_weight') : kg(v));
    const goods = c.reads.gross_kg !== null && c.reads.vehicle_kg !== null ? kg(c.reads.gross_kg - c.reads.vehicle_kg) : t('gate_no_weight');
    const rows: [string, string, string][] = [
      [t('gate_plate'), c.declared.plate, read(c.reads.plate)],
      [t('gate_eplate'), c.declared.eplate, read(c.reads.eplate)],
      [t('gate_container_front'), c.declared.container, read(c.reads.container_front)],
      [t('gate_container_back'), c.declared.container, read(c.reads.container_back)],
      [t('gate_seal'), c.declared.seal, read(c.reads.seal)],
      [t('gate_gross'), '', weight(c.reads.gross_kg)],
      [t('gate_vehicle'), '', weight(c.reads.vehicle_kg)],
      [t('gate_goods'), kg(c.declared.gross_kg), goods],
      [t('gate_tolerance'), `± ${pct(c.weight_tolerance, 1)}`, ''],
    ];
    const width = GAME_W - 2 * COLS[0]! + 20;
    this.add.rectangle(COLS[0]! - 10, TOP, width, ROW_H, COLOR.panelLine).setOrigin(0);
    [t('gate_field'), t('gate_declared'), t('gate_read')].forEach((h, i) => {
      this.add.text(COLS[i]!, TOP + ROW_H / 2, h, textStyle(15, COLOR.dim)).setOrigin(0, 0.5);
    });
    rows.forEach((r, i) => {
      const y = TOP + ROW_H * (i + 1);
      if (i % 2 === 0) this.add.rectangle(COLS[0]! - 10, y, width, ROW_H, COLOR.panel).setOrigin(0);
      this.add.text(COLS[0]!, y + ROW_H / 2, r[0], textStyle(16, COLOR.dim)).setOrigin(0, 0.5);
      // identifiers in a monospace face: O/0 and I/1 confusions are part of the job
      this.add.text(COLS[1]!, y + ROW_H / 2, r[1], textStyle(19, COLOR.text, { fontFamily: MONO })).setOrigin(0, 0.5);
      this.add.text(COLS[2]!, y + ROW_H / 2, r[2], textStyle(19, COLOR.text, { fontFamily: MONO })).setOrigin(0, 0.5);
    });
  }
}
