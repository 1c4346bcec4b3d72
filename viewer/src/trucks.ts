/**
 * All trucks as ONE InstancedMesh. Position model, per frame at simulated time t:
 *  1. the trucks that have arrived by t come from a binary search of the arrival-sorted index; each one
 *     with t < leave is active. Its current segment is found from a per-truck cursor (advanced
 *     forward while playing, binary-searched after a seek).
 *  2. queue zones (scanner queue per scanner, smart / manual gate queue) rank their trucks by the start
 *     time of their queue segment (a packed Float64 key sorted natively, no allocation): rank 0 is at the
 *     head of the lane; the gate queues fill across the lanes row by row.
 *  3. yard and inspection trucks keep a parking bay from the moment they enter until they leave
 *     (open addressing from a hash of the ref, freed on leaving), so parked trucks never jump.
 *  4. approach / exit trucks move along the road by the fraction of the segment elapsed.
 *  5. the drawn position eases toward that target in screen time (exponential, ~0.3 s), so queues
 *     advance and zone changes glide instead of teleporting; a seek snaps.
 * Active trucks are packed into instances 0..count−1 (mesh.count), matrices and colours written
 * straight into the instance buffers; instToTruck maps a picked instanceId back to the truck.
 */
import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import type { SiteGeometry } from './site-layout.js';
import { Z, type TrackData } from './tracks-data.js';
import { grown } from './grown.js';

export type ColourMode = 'channel' | 'wait';

/** channel index 0..4 = red, orange, yellow, blue, green; then undecided */
export const CHANNEL_HEX = [0xd6322e, 0xf08a24, 0xe0c020, 0x2f6fd6, 0x2e9e44] as const;
export const UNDECIDED_HEX = 0x9a9a9a;
/** waiting-time ramp: 0 min … ≥ WAIT_RAMP_MAX_S */
export const WAIT_RAMP_HEX = [0x2c7bb6, 0x00a6ca, 0x00ccbc, 0x90eb9d, 0xffff8c, 0xf9d057, 0xf29e2e, 0xe76818, 0xd7191c, 0x8b0000] as const;
export const WAIT_RAMP_MAX_S = 3 * 3600;

const EASE_TAU_S = 0.3;
const TWO21 = 2097152;

function linearRgb(hex: number): [number, number, number] {
  const c = new THREE.Color(hex);
  return [c.r, c.g, c.b];
}

function truckGeometry(): THREE.BufferGeometry {
  const cab = new THREE.BoxGeometry(2.6, 3.0, 2.5);
  cab.translate(4.9, 1.5, 0);
  const box = new THREE.BoxGeometry(9.2, 2.9, 2.5);
  box.translate(-1.0, 1.45 + 0.9, 0);
  const chassis = new THREE.BoxGeometry(11.8, 0.9, 2.2);
  chassis.translate(0, 0.45, 0);
  const g = mergeGeometries([cab, box, chassis], false)!;
  cab.dispose(); box.dispose(); chassis.dispose();
  return g;
}

export class TruckLayer {
  mesh: THREE.InstancedMesh;
  readonly marker: THREE.Mesh;
  colourMode: ColourMode = 'channel';
  /** instance → truck index; valid for 0..count−1 */
  instToTruck: Int32Array;
  /** truck → instance, −1 when not on screen */
  truckToInst: Int32Array;
  /** current zone per truck (−1 inactive), slot and rank in its queue (−1 when not queueing) */
  zoneNow: Int8Array;
  slotNow: Int16Array;
  rankNow: Int32Array;
  px: Float32Array;
  pz: Float32Array;
  count = 0;
  selected = -1;
  /** per gate lane (smart first, then manual): 1 when its boom should be up now */
  readonly boomOpen: Float32Array;

  private readonly d: TrackData;
  private readonly geo: SiteGeometry;
  private curSeg: Int32Array;
  private wasActive: Uint8Array;
  private bay: Int32Array;
  private bayGrid: Int8Array;
  private readonly occ: [Uint8Array, Uint8Array];
  private active: Int32Array;
  private actGroup: Int16Array;
  private qKeys: Float64Array;
  private readonly groupCount: Int32Array;
  private readonly groupOff: Int32Array;
  private readonly groupFill: Int32Array;
  private readonly out = new Float64Array(4);
  private readonly palette: Float32Array;
  private readonly ramp: Float32Array;
  private lastT = NaN;
  private cap: number;

  /** `capacity`: trucks it can hold before it must grow (live mode grows it as trucks come) */
  constructor(d: TrackData, geo: SiteGeometry, capacity = d.n) {
    this.d = d;
    this.geo = geo;
    const cap = Math.max(1, capacity, d.n);
    this.cap = cap;
    this.mesh = this.makeMesh(cap, new THREE.MeshLambertMaterial({ color: 0xffffff }), truckGeometry());
    this.marker = new THREE.Mesh(new THREE.ConeGeometry(1.6, 4, 12), new THREE.MeshBasicMaterial({ color: 0xffee00 }));
    this.marker.rotation.x = Math.PI;
    this.marker.visible = false;

    this.boomOpen = new Float32Array(geo.lanes);
    this.instToTruck = new Int32Array(cap);
    this.truckToInst = new Int32Array(cap).fill(-1);
    this.zoneNow = new Int8Array(cap).fill(-1);
    this.slotNow = new Int16Array(cap).fill(-1);
    this.rankNow = new Int32Array(cap).fill(-1);
    this.px = new Float32Array(cap);
    this.pz = new Float32Array(cap);
    this.curSeg = new Int32Array(cap).fill(-1);
    this.wasActive = new Uint8Array(cap);
    this.bay = new Int32Array(cap).fill(-1);
    this.bayGrid = new Int8Array(cap).fill(-1);
    this.occ = [new Uint8Array(geo.yard.cap), new Uint8Array(geo.insp.cap)];
    this.active = new Int32Array(cap);
    this.actGroup = new Int16Array(cap);
    this.qKeys = new Float64Array(cap);
    // at least one scanner-queue group: a scanner zone's truck without a scanner (never in a consistent run) ranks there
    const groups = 2 + Math.max(1, geo.scanners);
    this.groupCount = new Int32Array(groups);
    this.groupOff = new Int32Array(groups);
    this.groupFill = new Int32Array(groups);
    this.palette = new Float32Array(3 * 6);
    [...CHANNEL_HEX, UNDECIDED_HEX].forEach((h, k) => this.palette.set(linearRgb(h), 3 * k));
    this.ramp = new Float32Array(3 * WAIT_RAMP_HEX.length);
    WAIT_RAMP_HEX.forEach((h, k) => this.ramp.set(linearRgb(h), 3 * k));
  }

  private makeMesh(cap: number, mat: THREE.Material, geometry: THREE.BufferGeometry): THREE.InstancedMesh {
    const mesh = new THREE.InstancedMesh(geometry, mat, cap);
    mesh.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
    mesh.setColorAt(0, new THREE.Color(1, 1, 1));
    mesh.instanceColor!.setUsage(THREE.DynamicDrawUsage);
    mesh.frustumCulled = false;
    mesh.matrixAutoUpdate = false;
    const b = this.geo.bounds;
    const centre = new THREE.Vector3((b.minX + b.maxX) / 2, 0, (b.minZ + b.maxZ) / 2);
    const radius = Math.hypot(b.maxX - b.minX, b.maxZ - b.minZ) / 2 + 50;
    mesh.boundingSphere = new THREE.Sphere(centre, radius);
    mesh.boundingBox = new THREE.Box3(new THREE.Vector3(b.minX - 50, -1, b.minZ - 50), new THREE.Vector3(b.maxX + 50, 10, b.maxZ + 50));
    mesh.count = 0;
    return mesh;
  }

  /**
   * Room for the data's trucks (live mode): per-truck arrays are copied into bigger ones and the
   * InstancedMesh, which cannot grow, is replaced. Returns the old mesh for the caller to take out
   * of the scene (and dispose), or null when there was room.
   */
  ensureCapacity(): THREE.InstancedMesh | null {
    if (this.d.n <= this.cap) return null;
    const cap = Math.max(this.d.n, this.cap * 2);
    this.instToTruck = grown(this.instToTruck, cap);
    this.truckToInst = grown(this.truckToInst, cap, -1);
    this.zoneNow = grown(this.zoneNow, cap, -1);
    this.slotNow = grown(this.slotNow, cap, -1);
    this.rankNow = grown(this.rankNow, cap, -1);
    this.px = grown(this.px, cap);
    this.pz = grown(this.pz, cap);
    this.curSeg = grown(this.curSeg, cap, -1);
    this.wasActive = grown(this.wasActive, cap);
    this.bay = grown(this.bay, cap, -1);
    this.bayGrid = grown(this.bayGrid, cap, -1);
    this.active = grown(this.active, cap);
    this.actGroup = grown(this.actGroup, cap);
    this.qKeys = grown(this.qKeys, cap);
    this.cap = cap;
    const old = this.mesh;
    this.mesh = this.makeMesh(cap, old.material as THREE.Material, old.geometry);
    // the new buffers hold nothing yet: the next update writes every instance
    this.mesh.count = 0;
    return old;
  }

  /** Forget bays, cursors and drawn positions (after a seek): the next update snaps. */
  reset(): void {
    this.wasActive.fill(0);
    this.bay.fill(-1);
    this.bayGrid.fill(-1);
    this.occ[0].fill(0);
    this.occ[1].fill(0);
    this.zoneNow.fill(-1);
    this.rankNow.fill(-1);
    this.truckToInst.fill(-1);
    this.lastT = NaN;
  }

  private findSeg(i: number, t: number): number {
    const a = this.d.segStart[i];
    const b = this.d.segEnd[i];
    if (b <= a) return -1;
    const segT = this.d.segT;
    let s = this.curSeg[i];
    if (s < a || s >= b || segT[s] > t) {
      // binary search: last segment with start ≤ t
      let lo = a, hi = b - 1;
      if (segT[a] > t) return a;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (segT[mid] <= t) lo = mid; else hi = mid - 1;
      }
      s = lo;
    } else {
      while (s + 1 < b && segT[s + 1] <= t) s++;
    }
    this.curSeg[i] = s;
    return s;
  }

  private freeBay(i: number): void {
    const g = this.bayGrid[i];
    if (g >= 0) {
      this.occ[g][this.bay[i]] = 0;
      this.bayGrid[i] = -1;
      this.bay[i] = -1;
    }
  }

  private takeBay(i: number, g: number): void {
    if (this.bayGrid[i] === g) return;
    this.freeBay(i);
    const occ = this.occ[g];
    const cap = occ.length;
    // scatter by a hash of the ref so the lot fills like a real one, then probe linearly
    let b = Math.imul(this.d.ref[i] + 1, 2654435761) >>> 0;
    b %= cap;
    for (let k = 0; k < cap; k++) {
      if (occ[b] === 0) break;
      b = b + 1 === cap ? 0 : b + 1;
    }
    occ[b] = 1; // full lot: shares a bay (overlaps), still drawn
    this.bay[i] = b;
    this.bayGrid[i] = g;
  }

  /** Move every truck to simulated time t; dtScreen = wall seconds since the last frame (for easing). */
  update(t: number, dtScreen: number, snapAll: boolean): void {
    const d = this.d;
    const n = d.n;
    if (snapAll) this.reset();
    const byArrive = d.byArrive, leave = d.leave, segZone = d.segZone, segSlot = d.segSlot, segT = d.segT, segEnd = d.segEnd;
    const zoneNow = this.zoneNow, slotNow = this.slotNow, rankNow = this.rankNow, actGroup = this.actGroup, groupCount = this.groupCount;
    const wasActive = this.wasActive, active = this.active, curSeg = this.curSeg, bay = this.bay, px = this.px, pz = this.pz;
    const waitS = d.waitS, channel = d.channel, decidedAt = d.decidedAt, instToTruck = this.instToTruck, truckToInst = this.truckToInst;
    // 1. arrived by t: upper bound in the arrival-sorted index
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d.arriveSorted[mid] <= t) lo = mid + 1; else hi = mid;
    }
    const arrived = lo;
    const groups = this.groupCount.length;
    this.groupCount.fill(0);
    let count = 0;
    const scanners = groups - 2;
    for (let k = 0; k < arrived; k++) {
      const i = byArrive[k];
      if (!(t < leave[i])) {
        if (wasActive[i]) {
          wasActive[i] = 0;
          this.freeBay(i);
          zoneNow[i] = -1;
          rankNow[i] = -1;
          truckToInst[i] = -1;
        }
        continue;
      }
      const s = this.findSeg(i, t);
      if (s < 0) continue;
      const z = segZone[s];
      const slot = segSlot[s];
      zoneNow[i] = z;
      slotNow[i] = slot;
      let g = -1;
      if (z === Z.gateQueueSmart) g = 0;
      else if (z === Z.gateQueueManual) g = 1;
      else if (z === Z.scannerQueue) g = 2 + (slot < 0 ? 0 : slot >= scanners ? scanners - 1 : slot);
      actGroup[count] = g;
      if (g >= 0) groupCount[g]++;
      if (z === Z.yard) this.takeBay(i, 0);
      else if (z === Z.inspection) this.takeBay(i, 1);
      else if (this.bayGrid[i] >= 0) this.freeBay(i);
      active[count++] = i;
    }
    // 2. queue ranks
    let off = 0;
    for (let g = 0; g < groups; g++) {
      this.groupOff[g] = off;
      this.groupFill[g] = off;
      off += groupCount[g];
    }
    const t0 = d.t0;
    for (let a = 0; a < count; a++) {
      const g = actGroup[a];
      if (g < 0) {
        rankNow[active[a]] = -1;
        continue;
      }
      const i = active[a];
      const q = Math.max(0, Math.floor((segT[curSeg[i]] - t0) * 4));
      this.qKeys[this.groupFill[g]++] = q * TWO21 + i;
    }
    for (let g = 0; g < groups; g++) {
      const c = groupCount[g];
      if (c === 0) continue;
      const o = this.groupOff[g];
      if (c > 1) this.qKeys.subarray(o, o + c).sort();
      for (let r = 0; r < c; r++) rankNow[this.qKeys[o + r] % TWO21] = r;
    }
    // 3. targets, easing, instance buffers
    this.boomOpen.fill(0);
    const ease = snapAll || !Number.isFinite(this.lastT) ? 1 : 1 - Math.exp(-Math.max(0, dtScreen) / EASE_TAU_S);
    const m = this.mesh.instanceMatrix.array as Float32Array;
    const col = this.mesh.instanceColor!.array as Float32Array;
    const out = this.out;
    const geo = this.geo;
    const byWait = this.colourMode === 'wait';
    const pal = this.palette;
    const ramp = this.ramp;
    const rampN = WAIT_RAMP_HEX.length;
    for (let a = 0; a < count; a++) {
      const i = active[a];
      const s = curSeg[i];
      const z = segZone[s];
      let frac = 0;
      if (z === Z.approach || z === Z.exit || z === Z.laneSmart || z === Z.laneManual) {
        const end = s + 1 < segEnd[i] ? segT[s + 1] : leave[i];
        const len = end - segT[s];
        frac = len > 0 ? (t - segT[s]) / len : 1;
        frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
        if (z === Z.laneSmart || z === Z.laneManual) {
          // the boom opens for the last 10 s of the lane passage (or its last quarter when shorter)
          const slot = segSlot[s];
          const j = z === Z.laneSmart ? (slot < 0 ? 0 : slot >= geo.smart ? geo.smart - 1 : slot) : geo.smart + (slot < 0 ? 0 : slot >= geo.manual ? geo.manual - 1 : slot);
          const open = end - t < 10 || frac > 0.75 ? 1 : 0;
          if (j >= 0 && j < this.boomOpen.length && open > this.boomOpen[j]) this.boomOpen[j] = open;
        }
      }
      geo.place(z, segSlot[s], rankNow[i], bay[i], frac, out);
      let x = out[0], zz = out[1];
      if (wasActive[i] && ease < 1) {
        x = px[i] + (x - px[i]) * ease;
        zz = pz[i] + (zz - pz[i]) * ease;
      }
      wasActive[i] = 1;
      px[i] = x;
      pz[i] = zz;
      const dx = out[2], dz = out[3];
      const o = a * 16;
      m[o] = dx; m[o + 1] = 0; m[o + 2] = dz; m[o + 3] = 0;
      m[o + 4] = 0; m[o + 5] = 1; m[o + 6] = 0; m[o + 7] = 0;
      m[o + 8] = -dz; m[o + 9] = 0; m[o + 10] = dx; m[o + 11] = 0;
      m[o + 12] = x; m[o + 13] = 0; m[o + 14] = zz; m[o + 15] = 1;
      let p: number;
      let src = pal;
      if (byWait) {
        const w = waitS[i];
        const f = w > 0 ? (w >= WAIT_RAMP_MAX_S ? 1 : w / WAIT_RAMP_MAX_S) : 0;
        p = 3 * Math.min(rampN - 1, Math.floor(f * (rampN - 1) + 0.5));
        src = ramp;
      } else {
        const ch = channel[i];
        p = ch >= 0 && ch < 5 && decidedAt[i] <= t ? 3 * ch : 15;
      }
      const c3 = a * 3;
      col[c3] = src[p]; col[c3 + 1] = src[p + 1]; col[c3 + 2] = src[p + 2];
      instToTruck[a] = i;
      truckToInst[i] = a;
    }
    this.count = count;
    this.mesh.count = count;
    const im = this.mesh.instanceMatrix;
    im.clearUpdateRanges();
    im.addUpdateRange(0, count * 16);
    im.needsUpdate = true;
    const ic = this.mesh.instanceColor!;
    ic.clearUpdateRanges();
    ic.addUpdateRange(0, count * 3);
    ic.needsUpdate = true;
    if (this.selected >= 0 && this.truckToInst[this.selected] >= 0 && this.zoneNow[this.selected] >= 0) {
      this.marker.visible = true;
      this.marker.position.set(this.px[this.selected], 10.5, this.pz[this.selected]);
    } else {
      this.marker.visible = false;
    }
    this.lastT = t;
  }

  isActive(i: number): boolean {
    return i >= 0 && i < this.d.n && this.truckToInst[i] >= 0 && this.truckToInst[i] < this.count && this.instToTruck[this.truckToInst[i]] === i;
  }
}
