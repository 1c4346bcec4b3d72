/** KPI overlay (top-left) from the run's KPI series at the current time, and the colour legend. */
import type { Tracks } from '../../serve/tracks-format.js';
import { clockText, numText } from './format.js';
import { kpiIndex } from './tracks-data.js';
import { CHANNEL_HEX, UNDECIDED_HEX, WAIT_RAMP_HEX, WAIT_RAMP_MAX_S, type ColourMode } from './trucks.js';
import { CHANNEL_NAMES } from '../../serve/tracks-format.js';

const hex = (h: number): string => `#${h.toString(16).padStart(6, '0')}`;

export class KpiOverlay {
  private shown = -2;
  private head = '';
  private readonly cells: Record<string, HTMLElement> = {};
  private readonly clockEl: HTMLElement;

  constructor(private readonly host: HTMLElement, private readonly tracks: Tracks) {
    this.clockEl = document.createElement('div');
    this.clockEl.className = 'clock';
    const table = document.createElement('table');
    const rows: [string, string][] = [
      ['inSystem', 'trucks in port'],
      ['p95', 'p95 clearance so far'],
      ['smart', 'queue: smart gate'],
      ['manual', 'queue: manual gate'],
      ['scanner', 'queue: scanner'],
      ['officers', 'officers busy'],
    ];
    for (const [key, label] of rows) {
      const tr = document.createElement('tr');
      const l = document.createElement('td');
      l.textContent = label;
      const v = document.createElement('td');
      v.className = 'v';
      v.dataset.kpi = key;
      tr.append(l, v);
      table.append(tr);
      this.cells[key] = v;
    }
    host.replaceChildren(this.clockEl, table);
  }

  update(t: number, visible: number): void {
    const k = kpiIndex(this.tracks, t);
    const head = `${clockText(t)} · ${visible} on screen`;
    if (head !== this.head) this.clockEl.textContent = this.head = head;
    if (k === this.shown) return;
    this.shown = k;
    const K = this.tracks.kpi;
    const at = (a: number[]): number => (k >= 0 && k < a.length && a[k] !== null ? a[k] : NaN);
    const p95 = at(K.p95ClearanceMin);
    this.cells.inSystem.textContent = numText(at(K.inSystem));
    // −1 (or null) before any truck was released
    this.cells.p95.textContent = Number.isFinite(p95) && p95 >= 0 ? `${p95.toFixed(1)} min` : '—';
    this.cells.smart.textContent = numText(at(K.gateQueueSmart));
    this.cells.manual.textContent = numText(at(K.gateQueueManual));
    this.cells.scanner.textContent = numText(at(K.scannerQueue));
    this.cells.officers.textContent = numText(at(K.officersBusy));
  }
}

export function renderLegend(host: HTMLElement, mode: ColourMode): void {
  host.replaceChildren();
  const item = (colour: string, text: string): HTMLElement => {
    const s = document.createElement('span');
    s.className = 'item';
    const sw = document.createElement('span');
    sw.className = 'sw';
    sw.style.background = colour;
    s.append(sw, text);
    return s;
  };
  if (mode === 'channel') {
    // green first: the order a planner reads (fast lane → stopped)
    for (const k of [4, 3, 2, 1, 0]) host.append(item(hex(CHANNEL_HEX[k]), CHANNEL_NAMES[k]));
    host.append(item(hex(UNDECIDED_HEX), 'undecided'));
  } else {
    const ramp = document.createElement('span');
    ramp.className = 'ramp';
    ramp.style.background = `linear-gradient(to right, ${WAIT_RAMP_HEX.map(hex).join(', ')})`;
    host.append('waited in queues: 0 ', ramp, ` ≥ ${WAIT_RAMP_MAX_S / 3600} h`);
  }
}
