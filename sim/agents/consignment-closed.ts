/**
 * The last line of a consignment's journey, `consignment.closed`: the whole journey in one record,
 * the hidden truth beside what was found, so that reports need no memory of consignments.
 * Written by the consignment machine's `close` action when it ends (exited or seized).
 */
import { seizable } from '../supervision/vocabulary.js';
import { CAUGHT_NONE, type ConsignmentClosed, type ConsignmentContext, type ConsignmentEvent } from './consignment.types.js';

/**
 * The record of a journey that ends with `event` (GATE_DONE at the exit, INSPECTED at a seizure):
 * the event carries the time and the last gate pass, so the context need not hold them.
 */
export function closedRecord(c: ConsignmentContext, event: ConsignmentEvent): ConsignmentClosed {
  const gate = event.type === 'GATE_DONE' ? event : null;
  return {
    type: 'consignment.closed' as const,
    ref: c.info.ref,
    outcome: c.seized ? ('seized' as const) : ('released' as const),
    enterprise: c.info.enterprise,
    credit: c.info.credit,
    direction: c.info.direction,
    channel: c.channel,
    selection: c.selection,
    violation: c.info.violation,
    caught: c.caught,
    examined: c.examined,
    physical: c.physicalDone,
    audit: c.audit,
    revenue_at_stake: c.info.revenueAtStake,
    // a finding recovers the duty of a revenue case; seized goods and IPR are no revenue case
    revenue_recovered: c.caught !== CAUGHT_NONE && !seizable(c.info.violation) ? c.info.revenueAtStake : 0,
    arrived_at: c.arrivalAt,
    lodged_at: c.lodgedAt,
    decided_at: c.decidedAt,
    released_at: c.releasedAt,
    // a truck joins the gate queue when it is both released and here
    gate_queued_at: c.releasedAt !== c.releasedAt ? NaN : c.releasedAt > c.arrivalAt ? c.releasedAt : c.arrivalAt,
    gate_started_at: c.gateStartedAt,
    ended_at: event.at,
    smart_lane: c.smartLane,
    misread: gate !== null && gate.misread,
    gate_pass_s: gate !== null ? gate.passS : NaN,
  };
}
