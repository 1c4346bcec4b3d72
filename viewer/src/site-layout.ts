/**
 * Site geometry (pure numbers, no three.js): where every zone of the port lies, sized from the run's
 * layout (lanes, scanners) and the peak occupancy of yards and queues, so nothing overlaps.
 * Units are metres; x runs east (entrance → exit gate), z runs south, y is up.
 *
 *   entrance ──approach── [ yard ] ── main road ── [gate queues] ─ |gate lanes| ── exit road ──►
 *                                  ▲ scanner queues (north) → H986 tunnels
 *                                  ▼ inspection yard (south)
 *
 * Equipment the policy does not have (no smart lanes, no scanner: the pre-reform port) gets no
 * room and no drawing: planners compare two policies side by side, so each shows what it has.
 */
import type { SiteLayout } from '../../serve/tracks-format.js';
import type { Peaks } from './tracks-data.js';
import { Z } from './tracks-data.js';

export const SLOT = 14; // queue spacing along a lane
export const BAY_W = 5; // parking bay width
export const BAY_L = 16; // parking bay length
export const LANE_W = 7; // gate lane spacing
const ROAD_LEN = 220;

export interface Grid { x0: number; z0: number; cols: number; rows: number; cap: number; w: number; d: number }

function grid(x0: number, zCentre: number | null, z0: number, peak: number, minCap: number): Grid {
  const cap = Math.max(minCap, Math.ceil(peak * 1.2) + 4);
  const cols = Math.min(240, Math.max(6, Math.ceil(Math.sqrt((cap * BAY_L) / BAY_W))));
  const rows = Math.ceil(cap / cols);
  const w = cols * BAY_W + 12;
  const d = rows * BAY_L + 12;
  return { x0, z0: zCentre === null ? z0 : zCentre - d / 2, cols, rows, cap: cols * rows, w, d };
}

export class SiteGeometry {
  readonly smart: number;
  readonly manual: number;
  readonly lanes: number;
  readonly scanners: number;
  readonly yard: Grid;
  readonly insp: Grid;
  readonly approachX0: number;
  readonly approachX1: number;
  readonly scannerX0 = 30;
  readonly scannerGap = 26;
  readonly tunnelZ0 = -92; // north end (entry)
  readonly tunnelZ1 = -60; // south end
  readonly scanQueueHeadZ = -102;
  readonly gateX: number;
  readonly gateQueueHeadX: number;
  readonly exitX0: number;
  readonly exitX1: number;
  readonly hubEast: number;
  readonly bounds: { minX: number; maxX: number; minZ: number; maxZ: number };
  private readonly smartZc: number;
  private readonly manualZc: number;

  constructor(layout: SiteLayout, peaks: Peaks) {
    this.smart = Math.max(0, layout.smartLanes);
    this.manual = Math.max(0, layout.manualLanes);
    this.lanes = this.smart + this.manual;
    this.scanners = Math.max(0, layout.scanners);
    const yardTmp = grid(0, 0, 0, peaks.yard, 60);
    this.yard = { ...yardTmp, x0: -40 - yardTmp.w };
    this.approachX1 = this.yard.x0 - 4;
    this.approachX0 = this.approachX1 - ROAD_LEN;
    this.insp = grid(20, null, 44, peaks.inspection, 16);
    const scannerEast = this.scanners ? this.scannerX0 + (this.scanners - 1) * this.scannerGap + 20 : 0;
    this.hubEast = Math.max(scannerEast, this.insp.x0 + this.insp.w + 10, 60);
    const rowsS = this.smart ? Math.ceil((Math.max(1, peaks.gateQueueSmart) * 1.1) / this.smart) : 0;
    const rowsM = this.manual ? Math.ceil((peaks.gateQueueManual * 1.1) / this.manual) : 0;
    const rows = Math.max(4, rowsS, rowsM);
    this.gateX = this.hubEast + 30 + rows * SLOT + 18;
    this.gateQueueHeadX = this.gateX - 18;
    this.exitX0 = this.gateX + 18;
    this.exitX1 = this.exitX0 + ROAD_LEN;
    let zs = 0;
    for (let k = 0; k < this.smart; k++) zs += this.laneZ(k);
    this.smartZc = this.smart ? zs / this.smart : 0;
    let zm = 0;
    for (let k = 0; k < this.manual; k++) zm += this.laneZ(this.smart + k);
    this.manualZc = this.manual ? zm / this.manual : 0;
    // the scanner queues reach north of the tunnels; without a scanner the site ends at the yard
    const scanNorth = this.scanners ? this.scanQueueHeadZ - Math.max(4, ...peaks.scannerQueue) * SLOT : 0;
    this.bounds = {
      minX: this.approachX0 - 10,
      maxX: this.exitX1 + 10,
      minZ: Math.min(this.yard.z0, scanNorth, -(this.lanes * LANE_W) / 2) - 20,
      maxZ: Math.max(this.yard.z0 + this.yard.d, this.insp.z0 + this.insp.d, (this.lanes * LANE_W) / 2) + 20,
    };
  }

  /** z of gate lane j (smart lanes first, then manual booths) */
  laneZ(j: number): number {
    return (j - (this.lanes - 1) / 2) * LANE_W;
  }

  scannerX(k: number): number {
    return this.scannerX0 + k * this.scannerGap;
  }

  /**
   * Place a truck: writes x, z and the heading (dx, dz) into out[0..3].
   * rank: position in its queue (0 = head); bay: its parking bay in yard / inspection; frac: 0..1 of the segment (roads).
   */
  place(zone: number, slot: number, rank: number, bay: number, frac: number, out: Float64Array): void {
    let x = 0, z = 0, dx = 1, dz = 0;
    switch (zone) {
      case Z.approach:
        x = this.approachX0 + (this.approachX1 - this.approachX0) * frac; z = 3;
        break;
      case Z.yard:
      case Z.inspection: {
        const g = zone === Z.yard ? this.yard : this.insp;
        const b = bay % g.cap;
        x = g.x0 + 6 + ((b % g.cols) + 0.5) * BAY_W;
        z = g.z0 + 6 + (Math.floor(b / g.cols) + 0.5) * BAY_L;
        dx = 0; dz = 1;
        break;
      }
      // a truck in a zone the layout lacks (never in a consistent run) stands at its first slot
      case Z.scannerQueue: {
        const k = Math.max(0, Math.min(this.scanners - 1, slot));
        x = this.scannerX(k);
        z = this.scanQueueHeadZ - rank * SLOT;
        dx = 0; dz = 1;
        break;
      }
      case Z.scanning: {
        const k = Math.max(0, Math.min(this.scanners - 1, slot));
        x = this.scannerX(k);
        z = (this.tunnelZ0 + this.tunnelZ1) / 2;
        dx = 0; dz = 1;
        break;
      }
      case Z.gateQueueSmart:
      case Z.gateQueueManual: {
        const isSmart = zone === Z.gateQueueSmart;
        const cols = Math.max(1, isSmart ? this.smart : this.manual);
        const zc = isSmart ? this.smartZc : this.manualZc;
        const col = rank % cols;
        const row = Math.floor(rank / cols);
        x = this.gateQueueHeadX - row * SLOT;
        z = zc + (col - (cols - 1) / 2) * LANE_W;
        break;
      }
      case Z.laneSmart:
        x = this.gateX; z = this.laneZ(Math.max(0, Math.min(this.smart - 1, slot)));
        break;
      case Z.laneManual:
        x = this.gateX; z = this.laneZ(this.smart + Math.min(Math.max(0, this.manual - 1), Math.max(0, slot)));
        break;
      case Z.exit:
        x = this.exitX0 + (this.exitX1 - this.exitX0) * frac; z = 3;
        break;
      default:
        x = this.yard.x0 - 2; z = 0;
    }
    out[0] = x; out[1] = z; out[2] = dx; out[3] = dz;
  }
}
