/**
 * Image analyst: the X-ray scan beside the declared goods. The trainee drags rectangles on the scan
 * to mark suspect regions; marks are kept in image pixels (screen → image through the display scale)
 * because that is what the server scores against the threat box.
 */
import Phaser from 'phaser';
import type { Box, ImageCaseContent } from '../../../train/api-types.js';
import { kg, num } from './format.js';
import { setImageRectSource } from './hooks.js';
import { goodsName, t, unitName } from './i18n.js';
import type { CaseSceneData } from './scene-data.js';
import { afterRender, BAND_Y, COLOR, GAME_W, textStyle } from './theme.js';

const AREA = { x: 20, y: 56, w: 840, h: BAND_Y - 56 - 16 };
const SIDE_X = 880;
/** below this many screen units a press is a click (remove a mark), not a drag */
const MIN_DRAG = 4;

export class ImageAnalystScene extends Phaser.Scene {
  private d!: CaseSceneData;
  private content!: ImageCaseContent;
  private img: Phaser.GameObjects.Image | null = null;
  private cm: Phaser.Filters.ColorMatrix | null = null;
  /** image top-left in game units and game units per image pixel */
  private geo = { x: AREA.x, y: AREA.y, scale: 1 };
  private marksG!: Phaser.GameObjects.Graphics;
  private dragG!: Phaser.GameObjects.Graphics;
  private truthG!: Phaser.GameObjects.Graphics;
  private sideText!: Phaser.GameObjects.Text;
  private drag: { x0: number; y0: number; x1: number; y1: number } | null = null;

  constructor() { super({ key: 'image' }); }

  init(d: CaseSceneData): void {
    this.d = d;
    this.img = null;
    this.cm = null;
    this.drag = null;
  }

  create(): void {
    if (this.d.c.content.kind !== 'image') throw new Error('image scene given a non-image case');
    this.content = this.d.c.content;
    this.cameras.main.setBackgroundColor(COLOR.bg);
    this.add.text(AREA.x, 18, `${t('img_title')} · ${t('img_container')} ${this.content.container}`, textStyle(18));
    this.add.rectangle(AREA.x, AREA.y, AREA.w, AREA.h, 0x000000).setOrigin(0).setStrokeStyle(1, COLOR.panelLine);
    this.drawSide();
    this.add.text(AREA.x, BAND_Y + 20, t('img_help'), textStyle(14, COLOR.dim, { wordWrap: { width: GAME_W - 40 } }));
    this.marksG = this.add.graphics().setDepth(2);
    this.truthG = this.add.graphics().setDepth(3);
    this.dragG = this.add.graphics().setDepth(4);

    const key = `scan-${this.d.c.session}-${this.d.c.index}`;
    // keep only this case's texture: scans are large and a session has many
    for (const k of this.textures.getTextureKeys()) if (k.startsWith('scan-') && k !== key) this.textures.remove(k);
    if (this.textures.exists(key)) this.placeImage(key);
    else {
      this.load.image(key, this.content.image_url);
      this.load.once('loaderror', () => this.d.onError(`image: ${this.content.image_url}`));
      this.load.once('complete', () => { if (this.textures.exists(key)) this.placeImage(key); });
      this.load.start();
    }

    this.input.on('pointerdown', this.onDown, this);
    this.input.on('pointermove', this.onMove, this);
    this.input.on('pointerup', this.onUp, this);
    this.input.on('pointerupoutside', this.onUp, this);
    this.events.once('shutdown', () => setImageRectSource(null));
  }

  private placeImage(key: string): void {
    const { width: w, height: h } = this.textures.get(key).getSourceImage();
    const scale = Math.min(AREA.w / w, AREA.h / h);
    this.geo = { x: AREA.x + (AREA.w - w * scale) / 2, y: AREA.y + (AREA.h - h * scale) / 2, scale };
    this.img = this.add.image(this.geo.x, this.geo.y, key).setOrigin(0).setScale(scale).setDepth(1);
    this.applyTools();
    this.redrawMarks();
    if (this.d.result) this.showTruth();
    setImageRectSource(() => this.imageRect());
    afterRender(this, () => this.d.onReady());
  }

  /** The image on the page in viewport CSS pixels (for tests driving page.mouse). */
  private imageRect(): { left: number; top: number; width: number; height: number; scale: number } | null {
    if (!this.img || !this.sys.isActive()) return null;
    const r = this.game.canvas.getBoundingClientRect();
    const k = r.width / this.scale.width;
    const s = this.geo.scale * k;
    return { left: r.left + this.geo.x * k, top: r.top + this.geo.y * k, width: this.img.width * s, height: this.img.height * s, scale: s };
  }

  private drawSide(): void {
    const dc = this.content.declared;
    this.add.rectangle(SIDE_X, AREA.y, GAME_W - SIDE_X - 20, AREA.h, COLOR.panel).setOrigin(0).setStrokeStyle(1, COLOR.panelLine);
    this.add.text(SIDE_X + 14, AREA.y + 12, t('img_declared'), textStyle(17));
    const rows: [string, string][] = [
      [t('img_description'), goodsName(dc.description)],
      [t('img_hs'), dc.hs],
      [t('img_gross'), kg(dc.gross_kg)],
      [t('img_qty'), `${num(dc.qty)} ${unitName(dc.unit)}`],
    ];
    let y = AREA.y + 46;
    for (const [k, v] of rows) {
      this.add.text(SIDE_X + 14, y, k, textStyle(13, COLOR.dim));
      const vt = this.add.text(SIDE_X + 14, y + 17, v, textStyle(16, COLOR.text, { wordWrap: { width: GAME_W - SIDE_X - 50 } }));
      y += 24 + vt.height;
    }
    this.sideText = this.add.text(SIDE_X + 14, y + 10, '', textStyle(14, COLOR.dim, { wordWrap: { width: GAME_W - SIDE_X - 50 } }));
    this.updateSide();
  }

  private updateSide(): void {
    const tools = [this.d.tools.invert ? t('tool_invert') : '', this.d.tools.enhance ? t('tool_enhance') : ''].filter(Boolean).join(' · ');
    this.sideText.setText(`${t('img_marks')}: ${num(this.d.marks.length)}${tools ? `\n${tools}` : ''}`);
  }

  // ---- marking --------------------------------------------------------------------------------

  private toImage(x: number, y: number): { x: number; y: number } {
    return { x: (x - this.geo.x) / this.geo.scale, y: (y - this.geo.y) / this.geo.scale };
  }

  private insideImage(x: number, y: number): boolean {
    if (!this.img) return false;
    const p = this.toImage(x, y);
    return p.x >= 0 && p.y >= 0 && p.x < this.img.width && p.y < this.img.height;
  }

  private clampToImage(x: number, y: number): { x: number; y: number } {
    const w = this.img ? this.img.width * this.geo.scale : 0;
    const h = this.img ? this.img.height * this.geo.scale : 0;
    return { x: Phaser.Math.Clamp(x, this.geo.x, this.geo.x + w), y: Phaser.Math.Clamp(y, this.geo.y, this.geo.y + h) };
  }

  private locked(): boolean {
    return this.d.result !== null;
  }

  private onDown(p: Phaser.Input.Pointer): void {
    if (this.locked() || !this.insideImage(p.x, p.y)) return;
    this.drag = { x0: p.x, y0: p.y, x1: p.x, y1: p.y };
  }

  private onMove(p: Phaser.Input.Pointer): void {
    if (!this.drag) return;
    const c = this.clampToImage(p.x, p.y);
    this.drag.x1 = c.x;
    this.drag.y1 = c.y;
    this.dragG.clear().lineStyle(2, COLOR.mark, 1).strokeRect(
      Math.min(this.drag.x0, c.x), Math.min(this.drag.y0, c.y), Math.abs(c.x - this.drag.x0), Math.abs(c.y - this.drag.y0));
  }

  private onUp(p: Phaser.Input.Pointer): void {
    const dr = this.drag;
    if (!dr) return;
    this.drag = null;
    this.dragG.clear();
    const c = this.clampToImage(p.x, p.y);
    if (Math.abs(c.x - dr.x0) < MIN_DRAG && Math.abs(c.y - dr.y0) < MIN_DRAG) {
      this.removeMarkAt(dr.x0, dr.y0);
      return;
    }
    const a = this.toImage(dr.x0, dr.y0);
    const b = this.toImage(c.x, c.y);
    const w = this.img ? this.img.width : 0;
    const h = this.img ? this.img.height : 0;
    // [x0, x1) × [y0, y1) in whole image pixels, inside the image
    const box: Box = {
      x0: Phaser.Math.Clamp(Math.floor(Math.min(a.x, b.x)), 0, w - 1),
      y0: Phaser.Math.Clamp(Math.floor(Math.min(a.y, b.y)), 0, h - 1),
      x1: Phaser.Math.Clamp(Math.ceil(Math.max(a.x, b.x)), 1, w),
      y1: Phaser.Math.Clamp(Math.ceil(Math.max(a.y, b.y)), 1, h),
    };
    if (box.x1 <= box.x0 || box.y1 <= box.y0) return;
    this.d.marks.push(box);
    this.marksChanged();
  }

  /** A click on a mark removes it (the topmost, i.e. the latest drawn, when marks overlap). */
  private removeMarkAt(x: number, y: number): void {
    const p = this.toImage(x, y);
    for (let i = this.d.marks.length - 1; i >= 0; i--) {
      const m = this.d.marks[i]!;
      if (p.x >= m.x0 && p.x < m.x1 && p.y >= m.y0 && p.y < m.y1) {
        this.d.marks.splice(i, 1);
        this.marksChanged();
        return;
      }
    }
  }

  removeLastMark(): void {
    if (this.locked() || this.d.marks.length === 0) return;
    this.d.marks.pop();
    this.marksChanged();
  }

  private marksChanged(): void {
    this.redrawMarks();
    this.updateSide();
    this.d.onMarksChanged();
  }

  private boxRect(b: Box): [number, number, number, number] {
    const s = this.geo.scale;
    return [this.geo.x + b.x0 * s, this.geo.y + b.y0 * s, (b.x1 - b.x0) * s, (b.y1 - b.y0) * s];
  }

  private redrawMarks(): void {
    this.marksG.clear();
    for (const m of this.d.marks) {
      this.marksG.fillStyle(COLOR.mark, 0.12).fillRect(...this.boxRect(m));
      this.marksG.lineStyle(2, COLOR.mark, 1).strokeRect(...this.boxRect(m));
    }
  }

  /** After the decision: the threat's true location in its own colour, over the trainee's marks. */
  showTruth(): void {
    this.truthG.clear();
    const tb = this.d.result?.truth_box;
    if (!tb || !this.img) return;
    this.truthG.lineStyle(3, COLOR.truth, 1).strokeRect(...this.boxRect(tb));
  }

  // ---- image tools ----------------------------------------------------------------------------

  /** Invert (dense = bright) and a contrast stretch, the two tools screeners reach for first. */
  applyTools(): void {
    this.updateSide();
    if (!this.img) return;
    if (!this.cm) {
      // filters exist on the WebGL renderer only; on Canvas the tools are simply unavailable
      if (!(this.game.renderer instanceof Phaser.Renderer.WebGL.WebGLRenderer)) return;
      this.img.enableFilters();
      this.cm = this.img.filters?.internal.addColorMatrix() ?? null;
      if (!this.cm) return;
    }
    const m = this.cm.colorMatrix;
    m.reset();
    if (this.d.tools.enhance) m.contrast(0.9, true).brightness(1.1, true);
    if (this.d.tools.invert) m.negative(true);
  }
}
