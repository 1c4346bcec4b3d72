/**
 * The side panel of one consignment (truck): declaration, risk, channel, current zone and machine
 * state, why it waits, and its TRS timeline with durations. Events come from a loader (the API, or the
 * synthetic generator); the panel re-renders when what it shows changes (checked a few times a second).
 */
import { CHANNEL_NAMES, ZONES, type ConsignmentDetail } from '../../serve/tracks-format.js';
import { CREDIT_NAMES, SELECTION_NAMES, TASK_NAMES, factsAt, holdReasons, type Facts, type Item } from './consignment-state.js';
import { clockText, durationText, esc, ordinal } from './format.js';
import { channelReason, ruleText } from './risk-rules.js';
import type { TrackData } from './tracks-data.js';
import { Z } from './tracks-data.js';
import { CHANNEL_HEX, UNDECIDED_HEX, type TruckLayer } from './trucks.js';

export type DetailLoader = (ref: number) => Promise<ConsignmentDetail>;

const hex = (h: number): string => `#${h.toString(16).padStart(6, '0')}`;
const kg = (v: unknown): string => (Number.isFinite(Number(v)) ? `${Math.round(Number(v)).toLocaleString('en')} kg` : '—');

export class Panel {
  truck = -1;
  private detail: ConsignmentDetail | null = null;
  private loadError = '';
  private signature = '';
  private lastCheck = 0;
  private seq = 0;
  private loading = false;
  private loadedAt = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly d: TrackData,
    private readonly trucks: TruckLayer,
    private readonly load: DetailLoader,
    private readonly onClose: () => void,
    /** live mode: the consignment changes while it is shown, so its details are fetched again this often (0: never) */
    private readonly reloadMs = 0,
  ) {
    el.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('.close')) this.close();
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  show(i: number, t: number): void {
    this.truck = i;
    this.detail = null;
    this.loadError = '';
    this.signature = '';
    const ref = this.d.ref[i];
    this.el.dataset.ref = String(ref);
    this.el.hidden = false;
    this.render(t);
    this.fetch(t);
  }

  private fetch(t: number): void {
    const seq = ++this.seq;
    this.loading = true;
    this.loadedAt = performance.now();
    this.load(this.d.ref[this.truck]).then(
      (det) => {
        if (seq !== this.seq) return;
        this.loading = false;
        // a refetch that brings nothing new leaves the panel as it is (no re-render every few seconds)
        if (this.detail !== null && this.loadError === '' && JSON.stringify(det) === JSON.stringify(this.detail)) return;
        this.detail = det; this.loadError = ''; this.signature = ''; this.render(t);
      },
      (err: unknown) => { if (seq === this.seq) { this.loading = false; this.loadError = (err as Error).message; this.signature = ''; this.render(t); } },
    );
  }

  close(): boolean {
    if (this.el.hidden) return false;
    this.el.hidden = true;
    this.truck = -1;
    this.seq++;
    delete this.el.dataset.ref;
    this.onClose();
    return true;
  }

  /** Called every frame: re-renders at most ~4 times a second, and only when something shown changed. */
  tick(t: number, now: number, force = false): void {
    if (this.el.hidden || this.truck < 0) return;
    if (!force && now - this.lastCheck < 250) return;
    this.lastCheck = now;
    if (this.reloadMs > 0 && !this.loading && now - this.loadedAt > this.reloadMs) this.fetch(t);
    this.render(t);
  }

  private whyText(f: Facts | null): string {
    const i = this.truck;
    const tr = this.trucks;
    if (!tr.isActive(i)) {
      const d = this.d;
      const t = f?.closed ? 'closed' : '';
      return d.outcome[i] === 1 && t ? 'seized' : 'not in the port at this time';
    }
    const z = tr.zoneNow[i];
    const slot = tr.slotNow[i];
    const rank = tr.rankNow[i];
    const task = f?.openTask;
    const taskText = task ? `${TASK_NAMES[Number(task.kind)] ?? 'task'} by officer ${esc(task.officer)}` : '';
    switch (z) {
      case Z.approach: return 'driving in from the entrance';
      case Z.yard: {
        const s = f?.state ?? '';
        if (taskText) return `parked: ${taskText}`;
        if (s === 'declaring' || s === 'screening' || s === 'not declared yet') return 'parked: waiting for the risk decision';
        if (s === 'review') return 'parked: waiting for a document review';
        if (s === 'scan') return 'parked: waiting for the scan / image review';
        if (s === 'physical') return 'parked: waiting for the physical examination';
        if (s === 'moving') return `parked: waiting for a container move${f?.needsMoveTo !== undefined ? ` to ${esc(f.needsMoveTo)}` : ''}`;
        if (s === 'releasing') return 'released: heading for the gate';
        if (s === 'routing') return 'parked: decided, waiting for its checks';
        return 'parked in the yard';
      }
      case Z.scannerQueue: return `in scanner queue (${ordinal(rank + 1)}) at H986 #${slot + 1}`;
      case Z.scanning: return `being scanned in H986 #${slot + 1}`;
      case Z.inspection: return taskText ? `inspection yard: ${taskText}` : 'inspection yard: waiting for an officer';
      case Z.gateQueueSmart: return `in smart-gate queue (${ordinal(rank + 1)})`;
      case Z.gateQueueManual: return `in manual-gate queue (${ordinal(rank + 1)})`;
      case Z.laneSmart: {
        const held = f && ((f.passed && (f.passed.hold || f.passed.divert)) || (f.gathered && f.gathered.hold));
        if (held) {
          const why = holdReasons(f);
          return `held at smart lane ${slot + 1}${why ? `: ${esc(why)}` : ''}`;
        }
        return `at smart lane ${slot + 1}: reading plate, container, seal and weight`;
      }
      case Z.laneManual: return `at manual booth ${slot + 1}: officer checks the papers`;
      case Z.exit: return 'driving out';
      default: return '';
    }
  }

  private render(t: number): void {
    const i = this.truck;
    if (i < 0) return;
    const d = this.d;
    const f = this.detail ? factsAt(this.detail.events, t) : null;
    const active = this.trucks.isActive(i);
    const zone = active ? ZONES[this.trucks.zoneNow[i]] ?? '?' : '—';
    const why = this.whyText(f);
    const sig = `${zone}|${why}|${f?.state}|${this.detail?.twin?.status}|${f?.stages.map((s) => s.t).join(',')}|${this.loadError}|${!!this.detail}|${d.decidedAt[i] <= t}`;
    if (sig === this.signature) return;
    this.signature = sig;
    const ref = d.ref[i];
    const decl = f?.declared;
    const chIdx = f?.decided ? Number(f.decided.channel) : d.decidedAt[i] <= t ? d.channel[i] : -1;
    const chName = chIdx >= 0 ? CHANNEL_NAMES[chIdx] ?? String(chIdx) : 'undecided';
    const chColour = hex(chIdx >= 0 && chIdx < 5 ? CHANNEL_HEX[chIdx] : UNDECIDED_HEX);
    const credit = decl ? CREDIT_NAMES[Number(decl.credit)] ?? esc(decl.credit) : '—';
    const items = (Array.isArray(decl?.items) ? decl.items : []) as Item[];
    const rules = (Array.isArray(f?.scored?.rules) ? f.scored.rules : []) as unknown[];
    const score = f?.scored ? Number(f.scored.score) : NaN;
    const sel = f?.decided ? SELECTION_NAMES[Number(f.decided.selection)] ?? esc(f.decided.selection) : '—';
    // why this channel: random control, targeted by rank of score (with the profiles hit), or below the cut-offs
    const reason = f?.decided ? channelReason(Number(f.decided.channel), Number(f.decided.selection), rules) : '';
    // the base rate is not a rule that fired: every declaration has it
    const shownRules = rules.filter((r) => String(r) !== 'bias');
    // TRS stages in the order they happened; each with the time since the previous one
    // the twin sees a consignment from its release to the gate: those are its stages
    const live = d.policy === 'live';
    const stages = live && f ? [f.stages[3], { name: 'at the gate', t: f.gathered && f.gathered.t <= t ? f.gathered.t : null }, f.stages[4]] : f?.stages ?? [];
    const done = stages.filter((s) => s.t !== null).sort((a, b) => (a.t as number) - (b.t as number));
    const pending = stages.filter((s) => s.t === null);
    let prev: number | null = null;
    const stageRows = done.map((s) => {
      const st = s.t as number;
      const dur = prev !== null ? `+${durationText(st - prev)}` : '';
      prev = st;
      return `<tr><td>${s.name}</td><td>${clockText(st)}</td><td class="n">${dur}</td></tr>`;
    }).join('') + pending.map((s) => `<tr class="pending"><td>${s.name}</td><td>—</td><td></td></tr>`).join('')
      // say what "total" spans: a declaration lodged before arrival starts it hours before the truck came
      + (done.length > 1 ? `<tr title="from the first step shown to the last"><td>total, ${done[0].name} → ${done[done.length - 1].name}</td><td></td><td class="n">${durationText((done[done.length - 1].t as number) - (done[0].t as number))}</td></tr>` : '');
    const itemRows = items.map((it) => `<tr><td>${esc(it.hs)}</td><td>${esc(it.origin)}</td><td class="n">${esc(it.qty)}</td><td class="n">${kg(it.weight_kg)}</td><td class="n">${Number.isFinite(Number(it.value_usd)) ? `$${Math.round(Number(it.value_usd)).toLocaleString('en')}` : '—'}</td></tr>`).join('');
    const clearance = d.clearanceS[i];
    const tw = this.detail?.twin;
    const verdict = tw?.verdict ? (tw.verdict.release ? 'released at the gate' : `held${tw.verdict.hold ? `: ${tw.verdict.hold}` : ''}${tw.verdict.divert ? ', diverted to inspection' : ''}`) : 'not at a lane yet';
    const twinRows = tw ? `
      <h3>Twin</h3>
      <dl>
        <dt>status</dt><dd>${esc(tw.status)}</dd>
        <dt>lane</dt><dd>${esc(tw.lane ?? '—')}</dd>
        <dt>customs at the gate</dt><dd>${esc(verdict)}${tw.verdict ? ` (seq ${esc(tw.verdict.seq_no)})` : ''}</dd>
        <dt>lane machine</dt><dd>${esc(tw.lane_machine?.state ?? '—')}</dd>
        <dt>driver IC card</dt><dd>${esc(tw.driver_card || '—')}</dd>
      </dl>` : '';
    this.el.innerHTML = `
      <button type="button" class="close" title="Close (Esc)" aria-label="Close the panel">✕</button>
      <h2><span id="panel-id">C${ref + 1}</span>${live ? (tw ? `<span class="chan">${esc(tw.status)}</span>` : '') : `<span class="chan" style="background:${chColour}">${esc(chName)}</span>`}</h2>
      <div class="muted">${decl ? `${esc(decl.container)} · plate ${esc(decl.plate)}` : this.loadError ? '' : this.detail ? 'no declaration yet' : 'loading events…'}</div>
      ${this.loadError ? `<div class="why" role="alert">${esc(this.loadError)}</div>` : ''}
      <h3>Now</h3>
      <dl>
        <dt>zone</dt><dd>${esc(zone)}</dd>
        <dt>state</dt><dd>${esc(f?.state ?? (this.detail ? '—' : '…'))}</dd>
      </dl>
      ${why ? `<div class="why">${why}</div>` : ''}${twinRows}
      <h3>${live ? 'Declared (from the release notice)' : 'Declaration'}</h3>
      <dl>
        <dt>container</dt><dd>${esc(decl?.container ?? '—')}</dd>
        <dt>plate</dt><dd>${esc(decl?.plate ?? '—')}${decl?.eplate ? ` (e-plate ${esc(decl.eplate)})` : ''}</dd>
        <dt>seal</dt><dd>${esc(decl?.seal ?? '—')}</dd>
        ${live ? '' : `<dt>enterprise</dt><dd>${esc(decl?.enterprise ?? '—')}</dd>
        <dt>credit class</dt><dd>${credit}</dd>
        <dt>direction</dt><dd>${decl ? (Number(decl.direction) === 1 ? 'export' : 'import') : '—'}</dd>`}
        <dt>declared gross</dt><dd>${decl ? kg(decl.declared_gross_kg) : '—'}</dd>
      </dl>
      ${items.length ? `<table><thead><tr><th>HS</th><th>origin</th><th>qty</th><th>weight</th><th>value</th></tr></thead><tbody>${itemRows}</tbody></table>` : ''}
      ${live ? '' : `<h3>Risk</h3>
      <dl>
        <dt>score</dt><dd>${Number.isFinite(score) ? `${score.toFixed(3)} <span class="muted">(the model’s chance of a violation)</span>` : '—'}</dd>
        <dt>profiles hit</dt><dd class="rules">${shownRules.length ? shownRules.map((r) => `<span title="${esc(ruleText(r).why)}" data-rule="${esc(r)}">${esc(ruleText(r).label)}</span>`).join('') : '—'}</dd>
        <dt>channel</dt><dd>${esc(chName)}</dd>
        <dt>selection</dt><dd>${sel}</dd>
      </dl>
      ${reason ? `<div class="why" data-reason>${esc(reason)}</div>` : ''}`}
      <h3>Timeline (TRS)</h3>
      <table><tbody>${stageRows || '<tr class="pending"><td>no events yet</td></tr>'}</tbody></table>
      <div class="muted">${live ? 'Each step with the time since the one before.' : 'Each step with the time since the one before; a declaration lodged before arrival comes first, so the total can be far longer than the clearance below.'}</div>
      <h3>Run</h3>
      <dl>
        <dt>${live ? 'released' : 'arrived'}</dt><dd>${clockText(d.arrive[i])}</dd>
        <dt>waited in queues</dt><dd>${durationText(d.waitS[i])}</dd>
        <dt${live ? '' : ' title="from the truck’s arrival to its release (the gate and the drive out not included)"'}>${live ? 'release → gate' : 'clearance, arrival → release'}</dt><dd>${Number.isFinite(clearance) ? durationText(clearance) : '—'}</dd>
        <dt>outcome</dt><dd>${(live ? ['gone through the gate', 'seized', 'still at the site'] : ['released', 'seized', 'still in port at the end'])[d.outcome[i]] ?? '—'}</dd>
      </dl>`;
  }
}
