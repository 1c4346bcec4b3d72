/**
 * What the viewer gets of a port run: every truck's path through the site as segments (zone from
 * time t), columnar so that a run of 100,000 trucks is a few MB of JSON and the browser walks
 * typed arrays. Built from the event stream by serve/tracks.ts; shared by the server and the
 * viewer (types, and the simulation's vocabulary: nothing else of the server reaches the browser). JSON has no NaN: a value
 * that does not exist is −1 (times and durations are never negative).
 */

import { CHANNELS } from '../sim/supervision/vocabulary.js';

export const TRACKS_SCHEMA = 'customs-twin.tracks/1';

/**
 * Where a truck is. `slot` (in `Segments.slot`) says which lane / scanner when the zone has several.
 * - approach: driving in from the port entrance (the first ZONE_APPROACH_S after arrival)
 * - yard: parked at the port: waiting for the decision, the release, a container move or an officer
 * - scanner_queue / scanning: at the H986 (slot = scanner)
 * - inspection: in the inspection yard, container opened (physical examination)
 * - gate_queue_smart / gate_queue_manual: queueing for the exit gate's smart or manual lanes
 * - lane_smart / lane_manual: in a gate lane (slot = lane index)
 * - exit: driving out after the gate (the last ZONE_EXIT_S)
 */
export const ZONES = [
  'approach', 'yard', 'scanner_queue', 'scanning', 'inspection',
  'gate_queue_smart', 'gate_queue_manual', 'lane_smart', 'lane_manual', 'exit',
] as const;
export type Zone = (typeof ZONES)[number];
export const ZONE_APPROACH_S = 60;
export const ZONE_EXIT_S = 60;

/** Channel names by index (the stream's `channel` numbers); -1 in `Trucks.channel` = not decided yet when it arrived and never decided. */
export const CHANNEL_NAMES = CHANNELS;

export interface Trucks {
  /** consignment number (the stream's `ref`); the entity id is `C${ref + 1}` */
  ref: number[];
  /** time the truck appears (arrival at the port), s */
  arrive: number[];
  /** time it disappears (end of its exit drive, or seizure), s */
  leave: number[];
  /** the risk decision's channel, index into CHANNEL_NAMES; -1 none */
  channel: number[];
  /** time of the risk decision (may be before arrival, when lodged before); −1 never decided */
  decidedAt: number[];
  /** 0 released and left, 1 seized, 2 still in the port when the run ended */
  outcome: number[];
  /** time the truck waited in queues (scanner, gate) in total, s: for colouring by waiting */
  waitS: number[];
  /** clearance time (arrival to release), s; −1 when not released */
  clearanceS: number[];
  /** first segment of truck i is segStart[i], its last segStart[i + 1] − 1 (length n + 1) */
  segStart: number[];
}

export interface Segments {
  /** start time, s; a segment lasts until the next segment of the same truck starts (the last until `leave`) */
  t: number[];
  /** index into ZONES */
  zone: number[];
  /** lane or scanner index for lane_*, scanner_queue and scanning; −1 otherwise */
  slot: number[];
}

/** Site figures sampled every `kpi.stepS` from t0: what the overlay shows. */
export interface Kpi {
  stepS: number;
  /** trucks in the port */
  inSystem: number[];
  /** p95 of clearance (arrival to release) of the trucks released so far, minutes; −1 before any */
  p95ClearanceMin: number[];
  gateQueueSmart: number[];
  gateQueueManual: number[];
  scannerQueue: number[];
  /** officers busy on a task, all roles */
  officersBusy: number[];
}

export interface SiteLayout {
  smartLanes: number;
  manualLanes: number;
  scanners: number;
}

export interface Tracks {
  schema: typeof TRACKS_SCHEMA;
  scenario: string;
  policy: string;
  seed: number | string;
  /** first and last time of the stream, s */
  t0: number;
  t1: number;
  layout: SiteLayout;
  trucks: Trucks;
  segs: Segments;
  kpi: Kpi;
}

/** GET /api/runs */
export interface RunList {
  runs: RunEntry[];
}

export interface RunEntry {
  /** URL-safe id: the run folder's path under the served root, '/'-separated */
  id: string;
  scenario: string;
  seed: number | string;
  kind: 'port' | 'gate' | 'zone' | 'network' | 'comparison' | 'sweep';
  /** policies with an event stream the viewer can replay (port runs) */
  policies: string[];
  /** URL of the run's HTML report, null when it has none */
  report: string | null;
  /** ISO time the summary was written (file mtime) */
  modified: string;
}

/** GET /api/runs/:id/consignments/:ref?policy=P — everything the stream says of one consignment, in time order. */
export interface ConsignmentDetail {
  ref: number;
  id: string;
  /** the stream's events about it: its own (id C…), and the lane / scanner / officer / enterprise events that name its ref */
  events: { t: number; id: string; type: string; [k: string]: unknown }[];
  /** live mode: what the twin holds of it now (status, lane, customs' verdict at the gate, the lane machine's state) */
  twin?: { status: string; lane: string | null; verdict: { release: boolean; hold: string; divert: boolean; seq_no: string } | null; lane_machine: { state: string } | null; driver_card: string };
}
