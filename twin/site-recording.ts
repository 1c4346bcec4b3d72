/**
 * The site recorder: runs a port scenario with its smart lanes' hardware on the wire and records
 * what a live twin at that site would receive — every frame a lane device sends (as bytes) and
 * customs' release notices — plus the gate verdicts the simulation reached, for the twin to
 * reproduce from the recording alone.
 *
 * Lanes are named as the twin and `ctwin emu` name them: the simulation's smart lane `GS{i}` is
 * `L{i+1}`, in `lane` and in device names. The frames' bytes are left as the devices sent them
 * (their own reader/camera fields carry the simulation's lane id; the twin goes by device name).
 */
import type { EventObject } from 'xstate';
import { runPort } from '../runner/run-port.js';
import type { PortConfig } from '../sim/supervision/port-config.js';
import { CUSTOMS_DEVICE, RELEASE_FORMAT, releaseNoticeCodec, type ReleaseNotice } from './release-notice.js';
import { laneNames } from './site-config.js';


/** One thing the twin receives: a device frame, or (device `customs`, lane '') a release notice. */
export interface RecordedItem {
  /** simulated time (s): the truck's read time for a frame, the release time for a notice */
  at: number;
  /** `L1`, `L2`, …; '' for a release notice */
  lane: string;
  /** `${lane}-anpr`, `-rfid`, `-eseal`, `-ocr-front`, `-ocr-back`, `-scale`, `-frontend`, or `customs` */
  device: string;
  /** codec format: FORMATS (hardware-emu/formats.ts) for devices, `customs-release` for notices */
  format: string;
  /** the n-th item a device sends has seq n (from 0): duplicates are (device, seq) pairs seen twice */
  seq: number;
  bytes: Uint8Array;
}

/** What the simulation's customs decided at a smart lane (the stream's `gate.gathered`). */
export interface GateOutcome {
  ref: number;
  /** `L1`, `L2`, … */
  lane: string;
  release: boolean;
  /** '' when released; else the failed checks joined by '+' */
  hold: string;
  /** GATHER_INFO's SEQ_NO */
  seq_no: string;
}

export interface SiteRecording {
  /** by `at`, stable; at equal times release notices come before frames */
  items: RecordedItem[];
  /** in the order the gate decided */
  outcomes: GateOutcome[];
  /** the site's smart lanes, `L1` … `Ln` */
  lanes: string[];
}

/** The twin's name for the simulation's smart lane `GS{i}`: `L{i+1}`. */
export function twinLane(simLane: string): string {
  const m = /^GS(\d+)$/.exec(simLane);
  if (m === null) throw new Error(`site recording: '${simLane}' is not a smart lane`);
  return `L${Number(m[1]) + 1}`;
}

type Declared = { ref: number; driver_card: string; plate: string; eplate: string; container: string; seal: string; declared_gross_kg: number };
type Gathered = { ref: number; lane: string; seq_no: string; release: boolean; hold: string };

export function recordSite(cfg: PortConfig, opts: { seed: number | string }): SiteRecording {
  const items: (RecordedItem & { notice: boolean })[] = [];
  const outcomes: GateOutcome[] = [];
  const seqs = new Map<string, number>();
  const nextSeq = (device: string): number => {
    const n = seqs.get(device) ?? 0;
    seqs.set(device, n + 1);
    return n;
  };
  const declared = new Map<number, Declared>();
  const sink = (t: number, _id: string, ev: EventObject): void => {
    switch (ev.type) {
      case 'consignment.declared': {
        const d = ev as unknown as Declared;
        declared.set(d.ref, d);
        break;
      }
      case 'consignment.released': {
        const ref = (ev as unknown as { ref: number }).ref;
        const d = declared.get(ref);
        if (d === undefined) throw new Error(`site recording: consignment ${ref} released before it was declared`);
        declared.delete(ref);
        const notice: ReleaseNotice = { ref, driver_card: d.driver_card, plate: d.plate, eplate: d.eplate, container: d.container, seal: d.seal, declared_gross_kg: d.declared_gross_kg };
        items.push({ at: t, lane: '', device: CUSTOMS_DEVICE, format: RELEASE_FORMAT, seq: nextSeq(CUSTOMS_DEVICE), bytes: releaseNoticeCodec.encode(notice), notice: true });
        break;
      }
      case 'gate.gathered': {
        const g = ev as unknown as Gathered;
        outcomes.push({ ref: g.ref, lane: twinLane(g.lane), release: g.release, hold: g.hold, seq_no: g.seq_no });
        break;
      }
    }
  };
  runPort(
    { ...cfg, world: { ...cfg.world, hardware: 'wire' } },
    {
      seed: opts.seed,
      sink,
      // metrics are not what a recording is for
      noMetrics: true,
      deviceTap: (f) => {
        const lane = twinLane(f.lane);
        const device = lane + f.device.slice(f.lane.length);
        // a copy: the recording must not share a buffer with the codec
        items.push({ at: f.at, lane, device, format: f.format, seq: nextSeq(device), bytes: f.bytes.slice(), notice: false });
      },
    },
  );
  // emitted in simulated-time order already; the sort makes the ordering a guarantee (stable)
  items.sort((a, b) => a.at - b.at || Number(b.notice) - Number(a.notice));
  return {
    items: items.map(({ notice: _, ...it }) => it),
    outcomes,
    lanes: laneNames(cfg.policy.gate.smartLanes),
  };
}
