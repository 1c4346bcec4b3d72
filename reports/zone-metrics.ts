/**
 * The figures of a zone run, read from its event stream alone (as every report is): declarations
 * and their release, merge-relation changes, verification and write-off cases, which mechanism
 * caught which bonded-goods violation and how soon, revenue at stake against recovered, the hours
 * the enterprises spent on customs formalities, and credit transitions.
 */
import type { EventObject } from 'xstate';
import type { AdminActivity, ZoneRecord } from '../sim/agents/zone-site.js';
import { BONDED_VIOLATIONS, MECHANISMS, type BondedViolation, type Mechanism } from '../sim/supervision/vocabulary.js';

const DAY = 86400;
const ACTIVITIES: readonly AdminActivity[] = ['declaration', 'change', 'verification', 'write_off', 'tax', 'audit', 'case'];

export interface ZoneMetricsSummary {
  enterprises: number;
  days: number;
  declarations: { import: number; export: number; domestic: number; release_h_mean: number; change_wait_h_mean: number };
  changes: { filed: number; approved: number; review_h_mean: number };
  write_off: {
    checks: number;
    /** checks whose discrepancy went beyond tolerance and opened a case */
    cases: number;
    /** cases opened without a violation behind them */
    false_cases: number;
    /** checks that saw a discrepancy at all (within tolerance or not) */
    discrepancies_found: number;
    /** violations caught, by the mechanism that caught them */
    detection_by_mechanism: Record<Mechanism, number>;
  };
  violations: {
    /** violations under way in the run: begun during it, or up to 180 days before and still going */
    count: number;
    detected: number;
    /** of the detected: days from the first act (before the run, for a scheme already under way) to the case */
    detection_days_mean: number;
    /** of all: days a violation ran, to its case or to the end of the run */
    exposure_days_mean: number;
    by_kind: Record<BondedViolation, { count: number; detected: number; by_mechanism: Record<Mechanism, number> }>;
  };
  revenue: {
    /** duty and VAT on every unit that left the bond undeclared (RMB) */
    at_stake: number;
    /** at stake and not recovered by the end of the run */
    lost: number;
    /** what schemes stopped by a case would still have taken by the end of the run */
    prevented: number;
    /** recovered plus prevented, as a share of at stake plus prevented (the same base for every policy) */
    protected_share: number;
    recovered_at_clearance: number;
    recovered_by_write_off: number;
    recovered_by_audit: number;
    recovered: number;
    /** duty and VAT paid on declared domestic sales */
    collected: number;
  };
  enterprise_admin_hours: { total: number; per_enterprise: number; by_activity: Record<AdminActivity, number> };
  credit_transitions: { up: number; down: number };
  audits: { calendar: number; signal: number; referral: number; found: number };
  output_lost_units: number;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export class ZoneMetrics {
  private enterprises = 0;
  private readonly credit: number[] = [];
  private readonly decl = { import: 0, export: 0, domestic: 0 };
  private releaseSum = 0;
  private changeWaitSum = 0;
  private changeWaitN = 0;
  private filed = 0;
  private approved = 0;
  private reviewSum = 0;
  private checks = 0;
  private cases = 0;
  private falseCases = 0;
  private discrepancies = 0;
  private readonly byMechanism = zeros(MECHANISMS);
  /** violations started: enterprise → start time (negative: begun before the run) */
  private readonly started = new Map<number, { kind: BondedViolation; t: number; detectedAt: number | null }>();
  private readonly byKind = Object.fromEntries(BONDED_VIOLATIONS.map((k) => [k, { count: 0, detected: 0, by_mechanism: zeros(MECHANISMS) }])) as ZoneMetricsSummary['violations']['by_kind'];
  private detectionDaysSum = 0;
  private stake = 0;
  private readonly recovered = zeros(MECHANISMS);
  private collected = 0;
  private readonly adminH = zeros(ACTIVITIES);
  private up = 0;
  private down = 0;
  private readonly audits = { calendar: 0, signal: 0, referral: 0, found: 0 };
  private prevented = 0;
  private outputLost = 0;

  constructor(private readonly days: number) {}

  onEvent(t: number, _id: string, ev: EventObject): void {
    const r = ev as ZoneRecord | { type: string; [k: string]: unknown };
    switch (r.type) {
      case 'bond.enterprise': {
        const e = r as Extract<ZoneRecord, { type: 'bond.enterprise' }>;
        this.enterprises++;
        this.credit[e.enterprise] = e.credit;
        break;
      }
      case 'enterprise.credit_changed': {
        const c = r as unknown as { enterprise: number; credit: number };
        // lower index = better class
        if (c.credit < this.credit[c.enterprise]) this.up++;
        else if (c.credit > this.credit[c.enterprise]) this.down++;
        this.credit[c.enterprise] = c.credit;
        break;
      }
      case 'bond.declared': {
        const d = r as Extract<ZoneRecord, { type: 'bond.declared' }>;
        this.decl[d.kind]++;
        this.releaseSum += d.release_s;
        this.collected += d.tax;
        if (d.new_model) this.noteWait(d.waited_s);
        break;
      }
      case 'book.change_filed':
        this.filed++;
        break;
      case 'book.change_approved':
        this.approved++;
        this.reviewSum += (r as unknown as { review_s: number }).review_s;
        break;
      case 'bond.admin': {
        const a = r as Extract<ZoneRecord, { type: 'bond.admin' }>;
        this.adminH[a.activity] += a.hours;
        break;
      }
      case 'bond.violation_started': {
        const v = r as Extract<ZoneRecord, { type: 'bond.violation_started' }>;
        this.started.set(v.enterprise, { kind: v.kind, t: v.start_day * DAY, detectedAt: null });
        this.byKind[v.kind].count++;
        break;
      }
      case 'bond.diverted':
        this.stake += (r as Extract<ZoneRecord, { type: 'bond.diverted' }>).tax;
        break;
      case 'bond.prevented':
        this.prevented += (r as Extract<ZoneRecord, { type: 'bond.prevented' }>).tax;
        break;
      case 'bond.checked': {
        const c = r as Extract<ZoneRecord, { type: 'bond.checked' }>;
        this.checks++;
        if (c.discrepancy > 0) this.discrepancies++;
        break;
      }
      case 'bond.case': {
        const c = r as Extract<ZoneRecord, { type: 'bond.case' }>;
        if (c.mechanism === 'verification' || c.mechanism === 'write_off') this.cases++;
        if (c.kind === null) {
          this.falseCases++;
          break;
        }
        this.recovered[c.mechanism] += c.recovered;
        if (!c.first) break;
        const v = this.started.get(c.enterprise)!;
        v.detectedAt = t;
        this.byMechanism[c.mechanism]++;
        this.byKind[c.kind].detected++;
        this.byKind[c.kind].by_mechanism[c.mechanism]++;
        this.detectionDaysSum += c.exposure_days;
        break;
      }
      case 'bond.audited': {
        const a = r as Extract<ZoneRecord, { type: 'bond.audited' }>;
        this.audits[a.reason]++;
        if (a.found) this.audits.found++;
        break;
      }
      case 'bond.output_lost':
        this.outputLost += (r as Extract<ZoneRecord, { type: 'bond.output_lost' }>).units;
        break;
      default:
    }
  }

  /** Records the wait of an import for its merge-relation change (from `bond.declared.waited_s`). */
  private noteWait(waitedS: number): void {
    this.changeWaitSum += waitedS;
    this.changeWaitN++;
  }

  summary(endS: number): ZoneMetricsSummary {
    const declarations = this.decl.import + this.decl.export + this.decl.domestic;
    const vs = [...this.started.values()];
    const detected = vs.filter((v) => v.detectedAt !== null).length;
    const exposure = vs.reduce((a, v) => a + ((v.detectedAt ?? endS) - v.t) / DAY, 0);
    const total = ACTIVITIES.reduce((a, k) => a + this.adminH[k], 0);
    const atClearance = this.recovered.gate;
    const byWriteOff = this.recovered.verification + this.recovered.write_off;
    return {
      enterprises: this.enterprises,
      days: this.days,
      declarations: {
        ...this.decl,
        release_h_mean: declarations > 0 ? this.releaseSum / declarations / 3600 : NaN,
        change_wait_h_mean: this.changeWaitN > 0 ? this.changeWaitSum / this.changeWaitN / 3600 : NaN,
      },
      changes: { filed: this.filed, approved: this.approved, review_h_mean: this.approved > 0 ? this.reviewSum / this.approved / 3600 : NaN },
      write_off: {
        checks: this.checks,
        cases: this.cases,
        false_cases: this.falseCases,
        discrepancies_found: this.discrepancies,
        detection_by_mechanism: { ...this.byMechanism },
      },
      violations: {
        count: vs.length,
        detected,
        detection_days_mean: detected > 0 ? this.detectionDaysSum / detected : NaN,
        exposure_days_mean: vs.length > 0 ? exposure / vs.length : NaN,
        by_kind: structuredClone(this.byKind),
      },
      revenue: {
        at_stake: this.stake,
        lost: this.stake - (atClearance + byWriteOff + this.recovered.audit),
        prevented: this.prevented,
        protected_share: this.stake + this.prevented > 0 ? (atClearance + byWriteOff + this.recovered.audit + this.prevented) / (this.stake + this.prevented) : NaN,
        recovered_at_clearance: atClearance,
        recovered_by_write_off: byWriteOff,
        recovered_by_audit: this.recovered.audit,
        recovered: atClearance + byWriteOff + this.recovered.audit,
        collected: this.collected,
      },
      enterprise_admin_hours: { total, per_enterprise: this.enterprises > 0 ? total / this.enterprises : NaN, by_activity: { ...this.adminH } },
      credit_transitions: { up: this.up, down: this.down },
      audits: { ...this.audits },
      output_lost_units: this.outputLost,
    };
  }
}
