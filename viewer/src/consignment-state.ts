/**
 * What the stream's events say about one consignment at time t: its declaration, risk score, channel,
 * machine state (from the last event at or before t), why it waits, and its TRS timeline
 * (arrival, lodged, decided, released, exit).
 */
import type { ConsignmentDetail } from '../../serve/tracks-format.js';
import { SELECTIONS, T_IMAGE, T_PHYSICAL } from '../../sim/supervision/vocabulary.js';

export type Ev = ConsignmentDetail['events'][number];

/** labels of the stream's numbers: CREDIT_CLASSES and TASKS of sim/supervision/vocabulary.ts, in their order */
export const CREDIT_NAMES = ['advanced AEO', 'general AEO', 'general', 'dishonest'] as const;
export const SELECTION_NAMES = SELECTIONS;
export const TASK_NAMES = ['document review', 'recheck', 'image review', 'physical exam', 'second review'] as const;

export interface Item { hs?: unknown; origin?: unknown; qty?: unknown; weight_kg?: unknown; value_usd?: unknown }

export interface Facts {
  declared?: Ev;
  scored?: Ev;
  decided?: Ev;
  state: string;
  /** last officer task started and not yet done at t */
  openTask?: Ev;
  gathered?: Ev;
  passed?: Ev;
  closed?: Ev;
  needsMoveTo?: unknown;
  stages: { name: string; t: number | null }[];
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function stateAfter(ev: Ev, prev: string): string {
  switch (ev.type) {
    case 'consignment.declared':
    case 'consignment.lodged':
      return 'declaring';
    case 'consignment.scored':
      return 'screening';
    case 'consignment.decided':
      return 'routing';
    case 'consignment.needs_review':
      return 'review';
    case 'consignment.needs_scan':
    case 'consignment.needs_image':
    case 'scanner.scan_started':
    case 'scanner.image_ready':
      return 'scan';
    case 'consignment.needs_physical':
      return 'physical';
    case 'consignment.needs_move':
      return 'moving';
    case 'officer.task_started':
    case 'officer.task_done': {
      const kind = Number(ev.kind);
      if (ev.type === 'officer.task_done') return prev;
      return kind === T_IMAGE ? 'scan' : kind === T_PHYSICAL ? 'physical' : 'review';
    }
    case 'consignment.released':
      return 'releasing';
    case 'consignment.at_gate':
      return 'gateQueue';
    case 'gate.gathered':
    case 'lane.pass_started':
    case 'lane.passed':
      return 'atGate';
    case 'consignment.closed':
      return ev.outcome === 'seized' ? 'seized' : 'exited';
    default:
      return prev;
  }
}

export function factsAt(events: readonly Ev[], t: number): Facts {
  const f: Facts = { state: 'not declared yet', stages: [] };
  let arrived: number | null = null, lodged: number | null = null, decided: number | null = null;
  let released: number | null = null, exit: number | null = null;
  for (const ev of events) {
    if (ev.t > t) break;
    f.state = stateAfter(ev, f.state);
    switch (ev.type) {
      case 'consignment.declared': f.declared = ev; break;
      case 'consignment.scored': f.scored = ev; break;
      case 'consignment.decided': f.decided = ev; decided = ev.t; break;
      case 'consignment.lodged': lodged = ev.t; break;
      case 'consignment.arrived': arrived = ev.t; break;
      case 'consignment.released': released = ev.t; break;
      case 'consignment.needs_move': f.needsMoveTo = ev.to; break;
      case 'officer.task_started': f.openTask = ev; break;
      case 'officer.task_done': f.openTask = undefined; break;
      case 'gate.gathered': f.gathered = ev; break;
      case 'lane.passed': f.passed = ev; if (!ev.hold && !ev.divert) exit = ev.t; break;
      case 'consignment.closed': {
        f.closed = ev;
        const ex = Number(ev.exit_at);
        if (Number.isFinite(ex)) exit = ex;
        break;
      }
      default:
    }
  }
  f.stages = [
    { name: 'arrival', t: arrived },
    { name: 'lodged', t: lodged },
    { name: 'decided', t: decided },
    { name: 'released', t: released },
    { name: 'exit', t: exit !== null && exit <= t ? exit : null },
  ];
  return f;
}

/** Why a held smart-lane truck is held: the stream's misread, else what the gathered reads disagree on. */
export function holdReasons(f: Facts): string {
  const m = f.passed?.misread;
  if (typeof m === 'string' && m) return m;
  if (Array.isArray(m) && m.length) return m.map(str).join('+');
  const g = f.gathered;
  const d = f.declared;
  const out: string[] = [];
  if (g && d) {
    if (g.plate !== undefined && str(g.plate) !== str(d.plate)) out.push('plate');
    if (g.eplate !== undefined && str(g.eplate) !== str(d.eplate)) out.push('e-plate');
    if ((g.container_front !== undefined && str(g.container_front) !== str(d.container))
      || (g.container_back !== undefined && str(g.container_back) !== str(d.container))) out.push('container');
    if (g.eseal !== undefined && str(g.eseal) !== str(d.seal)) out.push('seal');
    const gross = Number(g.gross_kg), veh = Number(g.vehicle_kg), decl = Number(d.declared_gross_kg);
    if ([gross, veh, decl].every(Number.isFinite) && decl > 0 && Math.abs(gross - veh - decl) / decl > 0.05) out.push('weight');
  }
  if (!out.length && m) out.push('misread');
  if (!out.length && g && g.release === false) out.push('no release');
  return out.join('+');
}
