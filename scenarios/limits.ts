/**
 * What one run can hold: the ceilings the schemas put on every count, rate and horizon, each with
 * the reason a planner reads in the error ("expected at most 10,000 lanes: a run holds every lane
 * in memory, got 1000000000").
 *
 * A run keeps its whole world in one V8 heap, about 4.3 GB on 64-bit Node 20 whatever the
 * machine's memory (`v8.getHeapStatistics().heap_size_limit`; ctwin does not raise it), and past
 * it dies with "Reached heap limit" (exit 134). The figures below were measured with
 * `/usr/bin/time -f %M` and `ctwin bench scenario` on Node 20 (24 GB, 2 cores):
 * - gate: 4,000,000 trucks queued at one lane (per_hour 4e6 for 1 h) took 1.23 GB RSS, 2,000,000
 *   took 0.70 GB: about 270 bytes per waiting truck. An overloaded gate keeps every arrival.
 * - port: port-peak.yaml (100,498 consignments) peaks at 393 MB, over 3 days at 503 MB (about
 *   550 bytes kept per consignment); with its lanes cut to 1 + 1, the consignments left waiting
 *   take about 3.4 KB each; 200,000 enterprises instead of 400 add 180 MB (about 900 bytes each).
 * - network: shanghai-ftz-2014.yaml at 15,000 containers a day for 7 days (105,174 consignments)
 *   peaks at 380 MB, about 2.8 KB per consignment.
 * - `lanes: 1e9` took 5 GB; `model_changes_per_quarter: 1e9` draws every change up front.
 * The ceilings leave the rest of the heap for the run's own working set.
 */

/** Trucks (gate) over a run: arrivals expected within the horizon, or `horizon.trucks`. */
export const MAX_GATE_TRUCKS = 10_000_000;
export const GATE_TRUCKS_WHY = 'a run holds every truck waiting at the gate in memory (about 270 bytes each; an overloaded gate keeps them all)';

/** Consignments (port) over a run, for each policy. */
export const MAX_PORT_CONSIGNMENTS = 1_000_000;
export const PORT_CONSIGNMENTS_WHY = 'a run holds about 550 bytes of statistics for every consignment and 3.4 KB for every one still waiting, in a 4 GB heap';

/** Consignments (network) over a run, for each policy: flows' per_day × days. */
export const MAX_NETWORK_CONSIGNMENTS = 1_000_000;
export const NETWORK_CONSIGNMENTS_WHY = 'a run holds every consignment’s declaration and trip in memory (about 2.8 KB each, in a 4 GB heap)';

/** Simulated hours of a gate or port run (10 years). */
export const MAX_HOURS = 87_600;
export const HOURS_WHY = '10 years; a run steps through every simulated hour and day (progress, statistics, shift windows)';

/** Simulated days of a zone or network run (10 years), and of a network's drain. */
export const MAX_DAYS = 3_650;
export const DAYS_WHY = '10 years; a run steps through every simulated day';

/** Lanes, scanners, officers, inspectors, teams on duty: each is a server the run builds. */
export const MAX_ON_DUTY = 10_000;
export const ON_DUTY_WHY = 'a run holds every one in memory (a typo of 1e9 lanes took 5 GB)';

/** Enterprises of a port or zone population, or of a network flow. */
export const MAX_ENTERPRISES = 100_000;
export const ENTERPRISES_WHY = 'a run holds every enterprise’s record and history in memory (about 900 bytes each, more with books)';

/** Material numbers or products of one zone enterprise. */
export const MAX_BOOK_ITEMS = 1_000;
export const BOOK_ITEMS_WHY = 'a run holds every enterprise’s book (materials × products) in memory';

/** A zone's materials and products over all enterprises (largest draws). */
export const MAX_ZONE_BOOK_ENTRIES = 10_000_000;

/** Model changes over a zone run, all enterprises: drawn up front, held in memory. */
export const MAX_ZONE_CHANGES = 10_000_000;
export const ZONE_CHANGES_WHY = 'a run draws every model change of every enterprise when it starts and holds them in memory';

/** Seconds between a sealed truck's GPS reports, at least: a trip's reports are computed when it sets off. */
export const MIN_GPS_INTERVAL_S = 1;
export const GPS_WHY = 'a trip’s reports are all computed and checked when it sets off; e-seals report every 10 to 60 s';

/** Stages of an erlang distribution: every draw multiplies k uniform numbers. */
export const MAX_ERLANG_K = 1_000;
export const ERLANG_K_WHY = 'every draw multiplies k random numbers, and past a few dozen stages a normal or gamma has the same shape';

/** Audits per enterprise per year (zone): each is an event of the run. */
export const MAX_AUDITS_PER_YEAR = 365;
export const AUDITS_WHY = 'each audit is drawn as an event of the run; more than one a day per enterprise is a unit mistake';

/** The message of a ceiling checked across keys: `expected at most N what, got X: why`. */
export function atMostMessage(max: number, what: string, got: string, why: string): string {
  return `expected at most ${max.toLocaleString('en-US')} ${what}, got ${got}: ${why}`;
}
