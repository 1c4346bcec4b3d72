/** A small hand-written SVG line chart of d′ per session (trainee, solid) against the simulated officer (dashed). */
import type { SessionSummary } from '../../../train/api-types.js';
import { s } from './dom.js';
import { num } from './format.js';
import { t } from './i18n.js';

const W = 220;
const H = 64;
const PAD = 6;

export function dprimeChart(sessions: readonly SessionSummary[]): SVGElement {
  const you = sessions.map((x) => x.scores.d_prime);
  const sim = sessions.map((x) => x.baseline.d_prime);
  const vals = [...you, ...sim].filter((v): v is number => v !== null);
  const svg = s('svg', { class: 'dprime-chart', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  const label = vals.length === 0 ? t('dash_chart_empty')
    : `${t('dash_chart')}: ${you.map((v) => num(v, 2)).join(', ')}`;
  svg.append(s('title', {}, label));
  if (vals.length === 0) {
    svg.append(s('text', { x: PAD, y: H / 2, class: 'empty' }, t('dash_chart_empty')));
    return svg;
  }
  // the scale always includes 0 so "no better than chance" is visible as the baseline line
  const lo = Math.min(0, ...vals);
  const hi = Math.max(1, ...vals);
  const n = sessions.length;
  const x = (i: number): number => (n === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (n - 1));
  const y = (v: number): number => H - PAD - ((v - lo) / (hi - lo)) * (H - 2 * PAD);
  svg.append(s('line', { x1: PAD, x2: W - PAD, y1: y(0), y2: y(0), class: 'zero' }));
  const path = (series: (number | null)[], cls: string): void => {
    let d = '';
    let pen = false;
    series.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    if (d) svg.append(s('path', { d, class: cls }));
    series.forEach((v, i) => {
      if (v !== null) svg.append(s('circle', { cx: x(i), cy: y(v), r: 2.5, class: cls }));
    });
  };
  path(sim, 'sim');
  path(you, 'you');
  return svg;
}
