/**
 * The trainer's fonts. Chinese comes from Noto Sans SC, shipped with the pages (@fontsource, imported
 * in train.css): its woff2 files are split by unicode-range, so a browser fetches only the slices
 * holding the characters on screen, from this server (no CDN, works offline). A machine's own CJK
 * font, where it has one, is used first.
 *
 * HTML redraws when a slice arrives; Phaser's canvas text does not: it keeps whatever it drew,
 * missing-glyph boxes included. So the exercise waits for fontsFor(text) before drawing a scene.
 */

/** the web font's family name, as the @font-face rules of @fontsource/noto-sans-sc declare it */
export const CJK_WEB_FONT = 'Noto Sans SC';

export const FONT = `'Noto Sans CJK SC', '${CJK_WEB_FONT}', 'Microsoft YaHei', 'PingFang SC', system-ui, sans-serif`;
/** monospace Latin for documents and plates; the web font after it draws what it lacks (Chinese) */
export const MONO = `'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'Microsoft YaHei', ui-monospace, monospace, '${CJK_WEB_FONT}'`;

/**
 * Resolves once the font slices covering `text` are loaded (at once when they already are). A font
 * that fails to load is not an error worth stopping for: the text is drawn with what there is.
 */
export function fontsFor(text: string): Promise<void> {
  if (typeof document === 'undefined' || !document.fonts) return Promise.resolve();
  return document.fonts.load(`16px '${CJK_WEB_FONT}'`, text).then(() => undefined, () => undefined);
}
