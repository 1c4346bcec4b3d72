/** KPI overlay (top-left) from the run's KPI series at the current time, and the colour legend. */
import { clockText, numText } from './format.js';
import { kpiIndex, type TrackData } from './tracks-data.js';
import { CHANNEL_HEX, UNDECIDED_HEX, WAIT_RAMP_HEX, WAIT_RAMP_MAX_S, type ColourMode } from './trucks.js';
import { CHANNEL_NAMES } from '../../serve/tracks-format.js';

const hex = (h: number): string => `#${h.toString(16).padStart(6, '0')}`;

export class KpiOverlay {
  private shown = -2;
  private head = '';
  private readonly cells: Record<string, HTMLElement> = {};
  private readonly clockEl: HTMLElement;

  /** `labels` renames rows (the live twin's p95 is release → gate, and its "officers" are held lanes). */
  constructor(private readonly host: HTMLElement, private readonly d: TrackData, labels: Partial<Record<string, string>> = {}) {
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
    for (const [key, label0] of rows) {
      const label = labels[key] ?? label0;
      if (label === '') continue; // a figure the source does not have
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
    const k = kpiIndex(this.d, t);
    const head = `${clockText(t)} · ${visible} on screen`;
    if (head !== this.head) this.clockEl.textContent = this.head = head;
    // a live series' last sample changes while it is the current one
    if (k === this.shown && k < this.d.kpi.inSystem.length - 1) return;
    this.shown = k;
    const K = this.d.kpi;
    const at = (a: number[]): number => (k >= 0 && k < a.length && a[k] !== null ? a[k] : NaN);
    const p95 = at(K.p95ClearanceMin);
    const set = (key: string, text: string): void => {
      const c = this.cells[key];
      if (c !== undefined) c.textContent = text;
    };
    set('inSystem', numText(at(K.inSystem)));
    // −1 (or null) before any truck was released
    set('p95', Number.isFinite(p95) && p95 >= 0 ? `${p95.toFixed(1)} min` : '—');
    set('smart', numText(at(K.gateQueueSmart)));
    set('manual', numText(at(K.gateQueueManual)));
    set('scanner', numText(at(K.scannerQueue)));
    set('officers', numText(at(K.officersBusy)));
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
