/**
 * Port metrics from the event stream alone: clearance times after the WCO Time Release Study,
 * risk detection against the hidden truth, officer utilisation, queues. Streaming: memory does
 * not grow with run length (one `consignment.closed` line carries a whole journey).
 *
 * Warm-up deletion: consignments that arrive before the warm-up end are left out; resource and
 * officer figures come from the site's own report, whose statistics restart at the warm-up end.
 */
import type { EventObject } from 'xstate';
import { Summary, Tally, type SummaryJSON } from '../sim/kernel/stats.js';
import type { ConsignmentClosed } from '../sim/agents/consignment.machine.js';
import type { SiteFinal, SiteReport } from '../sim/agents/port-site.js';
import { CATCHERS, CHANNELS, CH_ORANGE, CREDIT_CLASSES, DIRECTIONS, SELECTIONS, VIOLATIONS, seizable } from '../sim/supervision/vocabulary.js';

const STAGES = ['arrival_to_lodged', 'lodged_to_decision', 'decision_to_release', 'release_to_exit'] as const;
type Stage = (typeof STAGES)[number];

export interface Quant {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface GroupMetrics {
  consignments: number;
  clearance_min: Quant;
  stages_min: Record<Stage, number>;
}

export interface QueueMetrics {
  name: string;
  /** arrivals per hour after warm-up */
  arrival_rate_per_h: number;
  mean_wait_s: number;
  mean_queue: number;
  /** Little's law: |Lq − λWq| / Lq */
  little_rel_diff: number;
  utilisation: number;
}

export interface PortMetricsSummary {
  /**
   * `arrived`: all consignments the run created, warm-up included; `counted`: those that arrived
   * after the warm-up and ended (released or seized): every other figure is about these;
   * `in_system`: not ended when the run stopped (after the drain).
   */
  consignments: { arrived: number; released: number; seized: number; in_system: number; counted: number };
  clearance_min: Quant;
  /** clearance times of the consignments released: counts per bin, edges in minutes, the last bin open */
  clearance_hist: { edges_min: number[]; counts: number[] };
  stages_min: Record<Stage, Quant>;
  by_channel: Record<string, GroupMetrics>;
  by_credit: Record<string, GroupMetrics>;
  by_direction: Record<string, GroupMetrics>;
  gate_pass_s: { mean: number; p95: number; smart_mean: number; manual_mean: number; misread_rate: number };
  gate_wait_s: { mean: number; p95: number };
  detection: {
    /** violations among the consignments counted (arrived after warm-up) */
    violations: number;
    caught_at_clearance: number;
    recall: number;
    hit_rate: number;
    /**
     * every check that can find a violation: document reviews and re-checks, scans, physical
     * inspections (a policy that reviews every declaration's documents has a check rate of 1)
     */
    checks: number;
    check_rate: number;
    random_inspections: number;
    random_hit_rate: number;
    targeted_inspections: number;
    targeted_hit_rate: number;
    /** the costly checks alone: containers scanned or opened (document reviews left out) */
    container_checks: { count: number; rate: number; hit_rate: number };
    /** physical inspections of consignments with no violation */
    false_alarms: number;
    seizures: number;
    revenue_at_stake: number;
    revenue_recovered: number;
    oracle_recall_at_same_rate: number;
    oracle_hit_rate_at_same_rate: number;
    caught_by: Record<string, number>;
    by_violation: Record<string, { n: number; caught: number }>;
    audit: { audited: number; found: number; revenue_recovered: number; recall_with_audit: number };
  };
  utilisation: Record<string, number>;
  /**
   * `utilisation`: busy officer-seconds over on-duty officer-seconds, all roles together;
   * `busy_h`, `on_duty_h`: those officer-hours, after the warm-up (the work a policy makes, the staff it rosters)
   */
  officers: { shifts: number; max_busy_share_of_shift: number; overtime_s: number; utilisation: number; busy_h: number; on_duty_h: number };
  queues: QueueMetrics[];
  /**
   * Little's law for the whole port, L = λW, from independent measurements: the time-average of
   * trucks present (site clock) against the arrival rate times the mean time from arrival to
   * release-and-exit or seizure (consignment records).
   */
  little: { arrival_rate_per_h: number; mean_time_in_port_min: number; l_measured: number; lambda_w: number; rel_diff: number };
  queues_over_time: { t_h: number[]; series: Record<string, number[]> };
}

/** Clearance histogram bin edges (minutes): fine where reformed ports clear, coarse in the tail. */
export const CLEARANCE_BINS_MIN = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440, 2880];

const q = (s: Summary, scale: number): Quant => {
  const j: SummaryJSON = s.toJSON();
  return { mean: j.mean / scale, p50: j.p50 / scale, p90: j.p90 / scale, p95: j.p95 / scale, p99: j.p99 / scale, max: j.max / scale };
};

class Group {
  readonly clearance = new Summary(0.005);
  readonly stages = STAGES.map(() => new Tally());
  count = 0;
  json(): GroupMetrics {
    return {
      consignments: this.count,
      clearance_min: q(this.clearance, 60),
      stages_min: Object.fromEntries(STAGES.map((s, i) => [s, this.stages[i].n > 0 ? this.stages[i].mean / 60 : NaN])) as Record<Stage, number>,
    };
  }
}

type Closed = ConsignmentClosed;

export class PortMetrics {
  private readonly clearance = new Summary(0.005);
  private readonly clearanceHist = CLEARANCE_BINS_MIN.map(() => 0);
  private readonly stages = STAGES.map(() => new Summary(0.005));
  private readonly byChannel = CHANNELS.map(() => new Group());
  private readonly byCredit = CREDIT_CLASSES.map(() => new Group());
  private readonly byDirection = DIRECTIONS.map(() => new Group());
  private readonly gatePass = new Summary(0.005);
  private readonly gatePassSmart = new Tally();
  private readonly gatePassManual = new Tally();
  private readonly gateWait = new Summary(0.005);
  private readonly inPort = new Tally();
  private misreads = 0;
  private passes = 0;
  private released = 0;
  private seized = 0;
  private counted = 0;
  private violations = 0;
  private caught = 0;
  private inspections = 0;
  private randomN = 0;
  private randomCaught = 0;
  private targetedN = 0;
  private targetedCaught = 0;
  private falseAlarms = 0;
  private scanOrPhysical = 0;
  private scanOrPhysicalCaught = 0;
  private stake = 0;
  private recovered = 0;
  private readonly caughtBy = CATCHERS.map(() => 0);
  private readonly vN = VIOLATIONS.map(() => 0);
  private readonly vCaught = VIOLATIONS.map(() => 0);
  private audited = 0;
  private auditFound = 0;
  private auditRecovered = 0;
  private shifts = 0;
  private maxBusyShare = 0;
  private overtime = 0;
  private readonly qTimes: number[] = [];
  private readonly qSeries: Record<string, number[]> = {};
  private site: SiteReport | null = null;
  private final: SiteFinal | null = null;

  constructor(private readonly warmupS: number) {}

  /** Feed every event of the stream, in order. */
  onEvent(t: number, _id: string, e: EventObject): void {
    switch (e.type) {
      case 'consignment.closed':
        this.closed(e as unknown as Closed);
        break;
      case 'recheck.done': {
        const r = e as unknown as { arrived_at: number; found: boolean; after_close: boolean; violation: number; revenue: number };
        if (r.arrived_at < this.warmupS) break;
        this.inspections++;
        if (r.found && r.after_close) {
          this.caught++;
          this.caughtBy[CATCHERS.indexOf('recheck')]++;
          this.vCaught[r.violation]++;
          this.recovered += r.revenue;
        }
        break;
      }
      case 'officer.shift_ended': {
        const s = e as unknown as { on_duty_s: number; busy_s: number; overtime_s: number };
        if (t < this.warmupS) break;
        this.shifts++;
        if (s.on_duty_s > 0) this.maxBusyShare = Math.max(this.maxBusyShare, s.busy_s / s.on_duty_s);
        this.overtime += s.overtime_s;
        break;
      }
      case 'site.queues': {
        this.qTimes.push(t / 3600);
        for (const [k, v] of Object.entries(e)) {
          if (k === 'type') continue;
          (this.qSeries[k] ??= []).push(v as unknown as number);
        }
        break;
      }
      case 'site.report':
        this.site = e as unknown as SiteReport;
        break;
      case 'site.final':
        this.final = e as unknown as SiteFinal;
        break;
    }
  }

  private closed(c: Closed): void {
    if (c.arrived_at < this.warmupS) return;
    this.counted++;
    const v = c.violation;
    this.vN[v]++;
    if (v !== 0) {
      this.violations++;
      this.stake += c.revenue_at_stake;
    }
    if (c.caught !== 0) {
      this.caught++;
      this.caughtBy[c.caught]++;
      this.vCaught[v]++;
      this.recovered += c.revenue_recovered;
    }
    if (c.examined) this.inspections++;
    if (c.physical && v === 0) this.falseAlarms++;
    // hit rates of random and targeted selection count the consignments examined
    const sel = SELECTIONS[c.selection];
    if (c.examined && sel === 'random') {
      this.randomN++;
      if (c.caught !== 0) this.randomCaught++;
    } else if (c.examined && sel === 'targeted') {
      this.targetedN++;
      if (c.caught !== 0) this.targetedCaught++;
    }
    if (c.channel === CH_ORANGE || c.physical) {
      this.scanOrPhysical++;
      if (c.caught !== 0) this.scanOrPhysicalCaught++;
    }
    if (c.audit > 0) {
      this.audited++;
      if (c.audit === 2 && c.caught === 0) {
        this.auditFound++;
        if (!seizable(v)) this.auditRecovered += c.revenue_at_stake;
      }
    }
    this.inPort.add(c.ended_at - c.arrived_at);
    if (c.outcome === 'seized') {
      this.seized++;
      return;
    }
    this.released++;
    // TRS stages, each clipped at arrival (a pre-lodged declaration is lodged "at" arrival)
    const a = c.arrived_at;
    const lodged = Math.max(a, c.lodged_at);
    const decided = Math.max(lodged, c.decided_at);
    const released = Math.max(decided, c.released_at);
    const exit = c.ended_at;
    const st = [lodged - a, decided - lodged, released - decided, exit - released];
    const total = exit - a;
    this.clearance.add(total);
    this.clearanceHist[binOf(total / 60)]++;
    for (let i = 0; i < 4; i++) this.stages[i].add(st[i]);
    for (const g of [this.byChannel[c.channel], this.byCredit[c.credit], this.byDirection[c.direction]]) {
      g.count++;
      g.clearance.add(total);
      for (let i = 0; i < 4; i++) g.stages[i].add(st[i]);
    }
    this.passes++;
    if (c.misread) this.misreads++;
    this.gatePass.add(c.gate_pass_s);
    (c.smart_lane ? this.gatePassSmart : this.gatePassManual).add(c.gate_pass_s);
    this.gateWait.add(c.gate_started_at - c.gate_queued_at);
  }

  summary(): PortMetricsSummary {
    const site = this.site;
    const n = this.counted;
    const inspRate = n > 0 ? this.inspections / n : NaN;
    const vRate = n > 0 ? this.violations / n : NaN;
    const span = site ? site.until_s - site.since_s : NaN;
    const queues: QueueMetrics[] = [];
    const utilisation: Record<string, number> = {};
    let onDuty = 0;
    let busy = 0;
    if (site) {
      for (const r of site.resources) {
        if (r.meanCapacity === 0 && r.requests === 0) continue;
        const lambda = r.requests / span;
        const lq = r.meanQueue;
        const lw = lambda * (r.wait.n > 0 ? r.wait.mean : 0);
        queues.push({ name: r.name, arrival_rate_per_h: lambda * 3600, mean_wait_s: r.wait.mean, mean_queue: lq, little_rel_diff: relDiff(lq, lw), utilisation: r.utilisation });
        utilisation[r.name] = r.utilisation;
      }
      for (const o of site.officers) {
        utilisation[o.role] = o.utilisation;
        onDuty += o.on_duty_s;
        busy += o.busy_s;
        if (o.officers === 0) continue;
        const lambda = o.arrivals / span;
        queues.push({
          name: o.role,
          arrival_rate_per_h: lambda * 3600,
          mean_wait_s: o.mean_wait_s,
          mean_queue: o.mean_queue,
          little_rel_diff: relDiff(o.mean_queue, lambda * (Number.isNaN(o.mean_wait_s) ? 0 : o.mean_wait_s)),
          utilisation: o.utilisation,
        });
      }
    }
    const group = (gs: Group[], names: readonly string[]) => Object.fromEntries(names.map((nm, i) => [nm, gs[i].json()]));
    return {
      consignments: {
        arrived: site ? site.consignments_created : this.counted,
        released: this.released,
        seized: this.seized,
        in_system: this.final ? this.final.in_system : site ? site.in_system : 0,
        counted: n,
      },
      clearance_min: q(this.clearance, 60),
      clearance_hist: { edges_min: [...CLEARANCE_BINS_MIN], counts: [...this.clearanceHist] },
      stages_min: Object.fromEntries(STAGES.map((s, i) => [s, q(this.stages[i], 60)])) as Record<Stage, Quant>,
      by_channel: group(this.byChannel, CHANNELS),
      by_credit: group(this.byCredit, CREDIT_CLASSES),
      by_direction: group(this.byDirection, DIRECTIONS),
      gate_pass_s: {
        mean: this.gatePass.n > 0 ? this.gatePass.mean : NaN,
        p95: this.gatePass.quantile(0.95),
        smart_mean: this.gatePassSmart.n > 0 ? this.gatePassSmart.mean : NaN,
        manual_mean: this.gatePassManual.n > 0 ? this.gatePassManual.mean : NaN,
        misread_rate: this.passes > 0 ? this.misreads / this.passes : NaN,
      },
      gate_wait_s: { mean: this.gateWait.n > 0 ? this.gateWait.mean : NaN, p95: this.gateWait.quantile(0.95) },
      detection: {
        violations: this.violations,
        caught_at_clearance: this.caught,
        recall: this.violations > 0 ? this.caught / this.violations : NaN,
        hit_rate: this.inspections > 0 ? this.caught / this.inspections : NaN,
        checks: this.inspections,
        check_rate: inspRate,
        random_inspections: this.randomN,
        random_hit_rate: this.randomN > 0 ? this.randomCaught / this.randomN : NaN,
        targeted_inspections: this.targetedN,
        targeted_hit_rate: this.targetedN > 0 ? this.targetedCaught / this.targetedN : NaN,
        container_checks: {
          count: this.scanOrPhysical,
          rate: n > 0 ? this.scanOrPhysical / n : NaN,
          hit_rate: this.scanOrPhysical > 0 ? this.scanOrPhysicalCaught / this.scanOrPhysical : NaN,
        },
        false_alarms: this.falseAlarms,
        seizures: this.seized,
        revenue_at_stake: this.stake,
        revenue_recovered: this.recovered,
        // the best any selection could do with as many inspections: inspect only violators
        oracle_recall_at_same_rate: vRate > 0 ? Math.min(1, inspRate / vRate) : NaN,
        oracle_hit_rate_at_same_rate: inspRate > 0 ? Math.min(1, vRate / inspRate) : NaN,
        caught_by: Object.fromEntries(CATCHERS.slice(1, 6).map((k, i) => [k, this.caughtBy[i + 1]])),
        by_violation: Object.fromEntries(VIOLATIONS.slice(1).map((k, i) => [k, { n: this.vN[i + 1], caught: this.vCaught[i + 1] }])),
        audit: {
          audited: this.audited,
          found: this.auditFound,
          revenue_recovered: this.auditRecovered,
          recall_with_audit: this.violations > 0 ? (this.caught + this.auditFound) / this.violations : NaN,
        },
      },
      utilisation,
      officers: {
        shifts: this.shifts,
        max_busy_share_of_shift: this.maxBusyShare,
        overtime_s: this.overtime,
        utilisation: onDuty > 0 ? busy / onDuty : NaN,
        busy_h: site ? busy / 3600 : NaN,
        on_duty_h: site ? onDuty / 3600 : NaN,
      },
      queues,
      little: littleOf(site, span, this.inPort),
      queues_over_time: { t_h: this.qTimes, series: this.qSeries },
    };
  }
}

function littleOf(site: SiteReport | null, span: number, inPort: Tally): PortMetricsSummary['little'] {
  const lambda = site ? site.trucks_present.arrivals / span : NaN;
  const w = inPort.n > 0 ? inPort.mean : NaN;
  const l = site ? site.trucks_present.mean : NaN;
  return { arrival_rate_per_h: lambda * 3600, mean_time_in_port_min: w / 60, l_measured: l, lambda_w: lambda * w, rel_diff: relDiff(l, lambda * w) };
}

function binOf(min: number): number {
  let i = CLEARANCE_BINS_MIN.length - 1;
  while (i > 0 && min < CLEARANCE_BINS_MIN[i]) i--;
  return i;
}

function relDiff(a: number, b: number): number {
  const m = Math.max(Math.abs(a), Math.abs(b));
  return m > 0 ? Math.abs(a - b) / m : 0;
}
