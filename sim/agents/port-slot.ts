/**
 * The port site's records of consignments: one not yet materialised (Arrival), and one in the
 * system (Slot), shared by the site's wiring (port-site.ts, port-lanes.ts, port-arrivals.ts).
 */
import type { Entity } from '../engine/executor.js';
import type { Consignment } from '../supervision/consignment.js';

/** A consignment known by its arrival time, not yet materialised. */
export class Arrival {
  constructor(
    readonly seq: number,
    readonly id: string,
    readonly at: number,
  ) {}
}

/** The world's record of a consignment in the system. */
export class Slot {
  entity: Entity;
  c: Consignment;
  bits = 0;
  score = 0;
  entryError = false;
  /** the closed line is out and no re-check is pending */
  holds = 1;
  lane = -1;
  smart = false;
  atGate = false;
  /** channel of the risk decision, −1 before */
  channel = -1;
  /** a physical inspection was asked for (a red decision's first one is in its budget already) */
  referred = false;
  /** a violation was found in it (so a late re-check cannot find it twice) */
  found = false;
  /** the selector's decision (channel + 8 × selection) while a second review is pending */
  decision = 0;
  constructor(entity: Entity, c: Consignment) {
    this.entity = entity;
    this.c = c;
  }
}
