/**
 * From a validated zone scenario to the simulator's configuration (sim/supervision/zone-config.ts):
 * one `ZoneConfig` per policy, each with the same world. Keeps sim/ free of the file format.
 */
import type { ZoneConfig, ZonePolicyConfig, ZoneWorld } from '../sim/supervision/zone-config.js';
import { CREDIT_CLASSES } from '../sim/supervision/vocabulary.js';
import type { ZonePolicy, ZoneScenario } from './zone-schema.js';
import { policyOf } from './policy-of.js';

export function zoneWorld(s: ZoneScenario): ZoneWorld {
  const p = s.population;
  return {
    days: s.horizon.days,
    enterprises: p.enterprises,
    creditMix: { ...p.credit_mix },
    materials: [...p.materials],
    products: [...p.products],
    weeklyOutput: structuredClone(p.weekly_output),
    domesticShare: p.domestic_share,
    modelChangesPerQuarter: p.model_changes_per_quarter,
    stockWeeks: p.stock_weeks,
    explicit: s.books.map((b) => ({
      id: b.enterprise,
      credit: CREDIT_CLASSES.indexOf(b.credit),
      items: b.items.map((i) => ({ ...i })),
      materials: b.materials.map((m) => ({ number: m.number, item: m.item, stock: m.stock, unitValueRmb: m.unit_value_rmb })),
      products: b.products.map((q) => ({ number: q.number, weeklyOutput: q.weekly_output, bom: { ...q.bom } })),
      ...(b.violation !== undefined ? { violation: b.violation } : {}),
    })),
    violationRate: { ...s.truth.violation_rate },
    violationMix: { ...s.truth.mix },
    concealment: { selfReport: s.truth.concealment.self_report, erp: s.truth.concealment.erp },
  };
}

export function zonePolicy(p: ZonePolicy): ZonePolicyConfig {
  return {
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    books: p.books,
    declaration: { adminH: p.declaration.admin_h, reviewS: structuredClone(p.declaration.review_s) },
    change: { adminH: p.change.admin_h, reviewS: structuredClone(p.change.review_s) },
    verification: { everyDays: p.verification.every_days, adminH: p.verification.admin_h },
    writeOff: {
      everyDays: p.write_off.every_days,
      basis: p.write_off.basis,
      stocktake: p.write_off.stocktake,
      tolerance: p.write_off.tolerance,
      adminH: p.write_off.admin_h,
    },
    tax: { payment: p.tax.payment, adminH: p.tax.admin_h },
    gate: { checkRate: { ...p.gate.check_rate }, detect: p.gate.detect },
    audit: { perYear: { ...p.audit.per_year }, detect: p.audit.detect, onSignal: p.audit.on_signal, adminH: p.audit.admin_h },
  };
}

export function zonePolicyNames(s: ZoneScenario): string[] {
  return s.policies.map((p) => p.name);
}

/** The configuration for one policy; an unknown name is an error naming the policies there are. */
export function zoneConfigFor(s: ZoneScenario, policy: string): ZoneConfig {
  return { world: zoneWorld(s), policy: zonePolicy(policyOf(s, policy, 'zone')) };
}
