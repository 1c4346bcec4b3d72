/**
 * Image analyst: the X-ray scan beside the declared goods. The trainee drags rectangles on the scan
 * to mark suspect regions; marks are kept in image pixels (screen → image through the display scale)
 * because that is what the server scores against the threat box.
 *
 * Tools as on a scanner console: invert, a contrast window, the dual-energy material colours, a
 * material filter (one class shown, the rest faded), zoom (wheel, +/−) and pan (right-drag,
 * arrows). The server sends three layers (grey, material colour, material classes); the picture
 * on screen is composed from them in a canvas, and zoom crops it.
 */
import Phaser from 'phaser';
import type { Box, ImageCaseContent } from '../../../train/api-types.js';
import { kg, num } from './format.js';
import { setImageRectSource } from './hooks.js';
import { goodsName, t, unitName } from './i18n.js';
import type { CaseSceneData, MaterialFilter } from './scene-data.js';
import { afterRender, BAND_Y, COLOR, GAME_W, textStyle } from './theme.js';

const AREA = { x: 20, y: 56, w: 840, h: BAND_Y - 56 - 16 };
const SIDE_X = 880;
/** below this many screen units a press is a click (remove a mark), not a drag */
const MIN_DRAG = 4;
const MAX_ZOOM = 8;
const FILTER_CLASS: Record<MaterialFilter, number> = { all: -1, organic: 1, mixed: 2, inorganic: 3, impenetrable: 4 };

export class ImageAnalystScene extends Phaser.Scene {
  private d!: CaseSceneData;
  private content!: ImageCaseContent;
  private img: Phaser.GameObjects.Image | null = null;
  /** image top-left in game units and game units per image pixel */
  private geo = { x: AREA.x, y: AREA.y, scale: 1 };
  private marksG!: Phaser.GameObjects.Graphics;
  private dragG!: Phaser.GameObjects.Graphics;
  private truthG!: Phaser.GameObjects.Graphics;
  private sideText!: Phaser.GameObjects.Text;
  private drag: { x0: number; y0: number; x1: number; y1: number } | null = null;
  private panDrag: { x: number; y: number } | null = null;
  /** the three layers' pixels (RGBA), and the canvas the composed picture is drawn in */
  private layers: { grey: ImageData; material: ImageData; classes: ImageData } | null = null;
  private canvas: HTMLCanvasElement | null = null;
  private viewKey = '';
  /** zoom factor and the visible region's top-left, in image pixels */
  private zoom = { z: 1, x: 0, y: 0 };
  private base = { x: AREA.x, y: AREA.y, scale: 1, w: 0, h: 0 };

  constructor() { super({ key: 'image' }); }

  init(d: CaseSceneData): void {
    this.d = d;
    this.img = null;
    this.drag = null;
    this.panDrag = null;
    this.layers = null;
    this.zoom = { z: 1, x: 0, y: 0 };
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
    this.viewKey = `${key}-view`;
    // keep only this case's textures: scans are large and a session has many
    for (const k of this.textures.getTextureKeys()) if (k.startsWith('scan-') && !k.startsWith(key)) this.textures.remove(k);
    const url = this.content.image_url;
    const sep = url.includes('?') ? '&' : '?';
    const keys = { grey: key, material: `${key}-material`, classes: `${key}-classes` };
    if ((Object.values(keys) as string[]).every((k) => this.textures.exists(k))) this.placeImage(keys);
    else {
      this.load.image(keys.grey, url);
      this.load.image(keys.material, `${url}${sep}layer=material`);
      this.load.image(keys.classes, `${url}${sep}layer=classes`);
      this.load.once('loaderror', () => this.d.onError(`image: ${url}`));
      this.load.once('complete', () => { if ((Object.values(keys) as string[]).every((k) => this.textures.exists(k))) this.placeImage(keys); });
      this.load.start();
    }

    this.input.on('pointerdown', this.onDown, this);
    this.input.on('pointermove', this.onMove, this);
    this.input.on('pointerup', this.onUp, this);
    this.input.on('pointerupoutside', this.onUp, this);
    this.input.on('wheel', (p: Phaser.Input.Pointer, _o: unknown, _dx: number, dy: number) => {
      if (this.insideImage(p.x, p.y)) this.view(dy < 0 ? 1 : -1, 0, 0, this.toImage(p.x, p.y));
    });
    this.input.mouse?.disableContextMenu();
    this.events.once('shutdown', () => setImageRectSource(null));
  }

  private placeImage(keys: { grey: string; material: string; classes: string }): void {
    const src = (k: string) => this.textures.get(k).getSourceImage() as HTMLImageElement | HTMLCanvasElement;
    const g = src(keys.grey);
    const w = g.width, h = g.height;
    const read = (el: HTMLImageElement | HTMLCanvasElement): ImageData => {
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const ctx = c.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(el, 0, 0);
      return ctx.getImageData(0, 0, w, h);
    };
    this.layers = { grey: read(g), material: read(src(keys.material)), classes: read(src(keys.classes)) };
    this.canvas = document.createElement('canvas');
    this.canvas.width = w;
    this.canvas.height = h;
    if (this.textures.exists(this.viewKey)) this.textures.remove(this.viewKey);
    this.textures.addCanvas(this.viewKey, this.canvas);
    const scale = Math.min(AREA.w / w, AREA.h / h);
    this.base = { x: AREA.x + (AREA.w - w * scale) / 2, y: AREA.y + (AREA.h - h * scale) / 2, scale, w, h };
    this.img = this.add.image(this.base.x, this.base.y, this.viewKey).setOrigin(0).setDepth(1);
    this.applyTools();
    this.layout();
    setImageRectSource(() => this.imageRect());
    afterRender(this, () => this.d.onReady());
  }

  /**
   * Zoom by a step (+1 in, −1 out, 0 back to the whole image, NaN none) about `at` (image pixels;
   * default the visible centre), and pan by a tenth of the visible width/height per unit.
   */
  view(zoom: number, panX: number, panY: number, at?: { x: number; y: number }): void {
    if (!this.img) return;
    const { w, h } = this.base;
    const z0 = this.zoom.z;
    const z = zoom === 0 ? 1 : Number.isNaN(zoom) ? z0 : Phaser.Math.Clamp(z0 * (zoom > 0 ? 1.5 : 1 / 1.5), 1, MAX_ZOOM);
    const c = at ?? { x: this.zoom.x + w / z0 / 2, y: this.zoom.y + h / z0 / 2 };
    // keep the point under the cursor (or the centre) where it was
    let x = c.x - ((c.x - this.zoom.x) * z0) / z, y = c.y - ((c.y - this.zoom.y) * z0) / z;
    x += (panX * w) / z / 10;
    y += (panY * h) / z / 10;
    this.zoom = { z, x: Phaser.Math.Clamp(x, 0, w - w / z), y: Phaser.Math.Clamp(y, 0, h - h / z) };
    this.layout();
  }

  /** Crop the picture to the visible region and scale it to fill the area; marks follow. */
  private layout(): void {
    if (!this.img) return;
    const { w, h, scale } = this.base;
    const { z, x, y } = this.zoom;
    const s = scale * z;
    this.geo = { x: this.base.x - x * s, y: this.base.y - y * s, scale: s };
    this.img.setCrop(x, y, w / z, h / z).setScale(s).setPosition(this.geo.x, this.geo.y);
    this.updateSide();
    this.redrawMarks();
    if (this.d.result) this.showTruth();
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
    const d = this.d.tools;
    const tools = [d.invert ? t('tool_invert') : '', d.enhance ? t('tool_enhance') : '', d.colour ? t('tool_colour') : '', d.filter !== 'all' ? t(`filter_${d.filter}`) : '', this.zoom.z > 1 ? `×${this.zoom.z.toFixed(1)}` : ''].filter(Boolean).join(' · ');
    this.sideText.setText(`${t('img_marks')}: ${num(this.d.marks.length)}${tools ? `\n${tools}` : ''}`);
  }

  // ---- marking --------------------------------------------------------------------------------

  private toImage(x: number, y: number): { x: number; y: number } {
    return { x: (x - this.geo.x) / this.geo.scale, y: (y - this.geo.y) / this.geo.scale };
  }

  private insideImage(x: number, y: number): boolean {
    if (!this.img) return false;
    const p = this.toImage(x, y);
    const { z, x: vx, y: vy } = this.zoom;
    return p.x >= vx && p.y >= vy && p.x < vx + this.img.width / z && p.y < vy + this.img.height / z;
  }

  private clampToImage(x: number, y: number): { x: number; y: number } {
    const w = this.img ? (this.img.width / this.zoom.z) * this.geo.scale : 0;
    const h = this.img ? (this.img.height / this.zoom.z) * this.geo.scale : 0;
    const x0 = this.geo.x + this.zoom.x * this.geo.scale, y0 = this.geo.y + this.zoom.y * this.geo.scale;
    return { x: Phaser.Math.Clamp(x, x0, x0 + w), y: Phaser.Math.Clamp(y, y0, y0 + h) };
  }

  private locked(): boolean {
    return this.d.result !== null;
  }

  private onDown(p: Phaser.Input.Pointer): void {
    if (!this.insideImage(p.x, p.y)) return;
    if (p.rightButtonDown() || p.middleButtonDown()) {
      this.panDrag = { x: p.x, y: p.y };
      return;
    }
    if (this.locked()) return;
    this.drag = { x0: p.x, y0: p.y, x1: p.x, y1: p.y };
  }

  private onMove(p: Phaser.Input.Pointer): void {
    if (this.panDrag) {
      const k = this.geo.scale;
      this.zoom.x = Phaser.Math.Clamp(this.zoom.x - (p.x - this.panDrag.x) / k, 0, this.base.w - this.base.w / this.zoom.z);
      this.zoom.y = Phaser.Math.Clamp(this.zoom.y - (p.y - this.panDrag.y) / k, 0, this.base.h - this.base.h / this.zoom.z);
      this.panDrag = { x: p.x, y: p.y };
      this.layout();
      return;
    }
    if (!this.drag) return;
    const c = this.clampToImage(p.x, p.y);
    this.drag.x1 = c.x;
    this.drag.y1 = c.y;
    this.dragG.clear().lineStyle(2, COLOR.mark, 1).strokeRect(
      Math.min(this.drag.x0, c.x), Math.min(this.drag.y0, c.y), Math.abs(c.x - this.drag.x0), Math.abs(c.y - this.drag.y0));
  }

  private onUp(p: Phaser.Input.Pointer): void {
    if (this.panDrag) {
      this.panDrag = null;
      return;
    }
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

  /** A box on screen, cut to the visible region (zoomed in, marks outside it are not drawn). */
  private boxRect(b: Box): [number, number, number, number] {
    const s = this.geo.scale, { z, x, y } = this.zoom;
    const vx1 = x + this.base.w / z, vy1 = y + this.base.h / z;
    const x0 = Math.max(b.x0, x), y0 = Math.max(b.y0, y), x1 = Math.min(b.x1, vx1), y1 = Math.min(b.y1, vy1);
    if (x1 <= x0 || y1 <= y0) return [0, 0, 0, 0];
    return [this.geo.x + x0 * s, this.geo.y + y0 * s, (x1 - x0) * s, (y1 - y0) * s];
  }

  private redrawMarks(): void {
    this.marksG.clear();
    for (const m of this.d.marks) {
      if (this.boxRect(m)[2] === 0) continue;
      this.marksG.fillStyle(COLOR.mark, 0.12).fillRect(...this.boxRect(m));
      this.marksG.lineStyle(2, COLOR.mark, 1).strokeRect(...this.boxRect(m));
    }
  }

  /** After the decision: the threat's true location in its own colour, over the trainee's marks. */
  showTruth(): void {
    this.truthG.clear();
    const tb = this.d.result?.truth_box;
    if (!tb || !this.img || this.boxRect(tb)[2] === 0) return;
    this.truthG.lineStyle(3, COLOR.truth, 1).strokeRect(...this.boxRect(tb));
  }

  // ---- image tools ----------------------------------------------------------------------------

  /**
   * Compose the picture: grey or material colour; the filter fades every pixel not of the chosen
   * class; the contrast window stretches the goods' grey range (2nd–98th percentile of what is not
   * air) to the full scale; invert last (dense = bright).
   */
  applyTools(): void {
    this.updateSide();
    if (!this.img || !this.layers || !this.canvas) return;
    const { grey, material, classes } = this.layers;
    const tools = this.d.tools;
    const src = tools.colour ? material.data : grey.data;
    const out = new ImageData(grey.width, grey.height);
    const o = out.data, cl = classes.data;
    let lo = 0, hi = 255;
    if (tools.enhance) {
      const hist = new Uint32Array(256);
      let n = 0;
      for (let i = 0; i < grey.data.length; i += 4) if (grey.data[i] < 235) (hist[grey.data[i]]++, n++);
      let acc = 0;
      lo = -1;
      for (let v = 0; v < 256; v++) {
        acc += hist[v];
        if (lo < 0 && acc >= 0.02 * n) lo = v;
        if (acc >= 0.98 * n) { hi = v; break; }
      }
      if (lo < 0 || hi <= lo) (lo = 0), (hi = 255);
    }
    const want = FILTER_CLASS[tools.filter];
    const k = 255 / Math.max(1, hi - lo);
    for (let i = 0; i < o.length; i += 4) {
      const faded = want >= 0 && cl[i] !== want;
      for (let c = 0; c < 3; c++) {
        let v = src[i + c];
        if (tools.enhance) v = Math.min(255, Math.max(0, (v - lo) * k));
        if (faded) v = 200 + v * 0.2;
        o[i + c] = tools.invert ? 255 - v : v;
      }
      o[i + 3] = 255;
    }
    this.canvas.getContext('2d')!.putImageData(out, 0, 0);
    (this.textures.get(this.viewKey) as Phaser.Textures.CanvasTexture).refresh();
  }
}
