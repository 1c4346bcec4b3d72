/**
 * Document reviewer: the four documents side by side (2 × 2) on paper-coloured panels, so the
 * trainee can compare quantities, weights and numbers across them as reviewers do at a desk.
 */
import Phaser from 'phaser';
import type { DocLine, DocumentCaseContent } from '../../../train/api-types.js';
import { num } from './format.js';
import { goodsName, originName, t, unitName } from './i18n.js';
import type { CaseSceneData } from './scene-data.js';
import { afterRender, BAND_Y, COLOR, GAME_W, MONO, textStyle } from './theme.js';

const TOP = 44;
const GAP = 10;
const PW = (GAME_W - 3 * GAP) / 2;
const PH = (BAND_Y - TOP - 3 * GAP) / 2;

export class DocumentReviewScene extends Phaser.Scene {
  private d!: CaseSceneData;

  constructor() { super({ key: 'documents' }); }

  init(d: CaseSceneData): void { this.d = d; }

  create(): void {
    const c = this.d.c.content;
    if (c.kind !== 'documents') throw new Error('documents scene given a non-document case');
    this.cameras.main.setBackgroundColor(COLOR.bg);
    this.add.text(GAP, 12, t('doc_title'), textStyle(20));
    const docs = this.docs(c);
    docs.forEach(([title, body], i) => {
      const x = GAP + (i % 2) * (PW + GAP);
      const y = TOP + GAP + Math.floor(i / 2) * (PH + GAP);
      this.panel(x, y, title, body);
    });
    this.add.text(GAP * 2, BAND_Y + 20, t('doc_help'), textStyle(14, COLOR.dim));
    afterRender(this, () => this.d.onReady());
  }

  private docs(c: DocumentCaseContent): [string, string][] {
    const line = (l: DocLine): string =>
      `${goodsName(l.description)} | ${l.hs} | ${originName(l.origin)} | ${num(l.qty)} ${unitName(l.unit)} | ${num(l.weight_kg)} | ${num(l.value_usd, 2)}`;
    const dcl = c.declaration;
    const inv = c.invoice;
    const pl = c.packing_list;
    const mf = c.manifest;
    return [
      [t('doc_declaration'), [
        `${t('doc_entry_no')}: ${dcl.entry_no}    ${t('doc_consignee')}: ${dcl.consignee}`,
        `${t('doc_container')}: ${dcl.container}    ${t('doc_gross')}: ${num(dcl.gross_kg)}    ${t('doc_packages')}: ${num(dcl.packages)}`,
        t('doc_lines'),
        ...dcl.lines.map(line),
      ].join('\n')],
      [t('doc_invoice'), [
        `${t('doc_invoice_no')}: ${inv.invoice_no}    ${t('doc_seller')}: ${inv.seller}    ${t('doc_currency')}: ${inv.currency}`,
        t('doc_lines'),
        ...inv.lines.map(line),
        `${t('doc_total')}: ${num(inv.total_usd, 2)}`,
      ].join('\n')],
      [t('doc_packing'), [
        `${t('doc_packages')}: ${num(pl.packages)}    ${t('doc_gross')}: ${num(pl.gross_kg)}    ${t('doc_net')}: ${num(pl.net_kg)}`,
        t('doc_pl_lines'),
        // the marks stay as printed on the packages (MADE IN …)
        ...pl.lines.map((l) => `${goodsName(l.description)} | ${num(l.qty)} ${unitName(l.unit)} | ${num(l.weight_kg)} | ${l.marks}`),
      ].join('\n')],
      [t('doc_manifest'), [
        `${t('doc_bl')}: ${mf.bill_of_lading}    ${t('doc_vessel')}: ${mf.vessel}`,
        `${t('doc_container')}: ${mf.container}    ${t('doc_seal')}: ${mf.seal}`,
        `${t('doc_gross')}: ${num(mf.gross_kg)}    ${t('doc_packages')}: ${num(mf.packages)}`,
        `${t('doc_description')}: ${goodsName(mf.description)}`,
      ].join('\n')],
    ];
  }

  private panel(x: number, y: number, title: string, body: string): void {
    this.add.rectangle(x, y, PW, PH, COLOR.paper).setOrigin(0);
    this.add.text(x + 12, y + 8, title, textStyle(16, COLOR.ink, { fontStyle: 'bold' }));
    const text = this.add.text(x + 12, y + 34, body, textStyle(14, COLOR.ink, { fontFamily: MONO, wordWrap: { width: PW - 24 }, lineSpacing: 3 }));
    // long documents shrink to fit their panel rather than spill over the next one
    for (let size = 13; text.height > PH - 40 && size >= 9; size--) text.setFontSize(size);
  }
}
