/**
 * The readable summary of a zone run: one column per policy, side by side (same world, so the
 * rows compare). Input is the summary as written (NaN already null).
 */
import { BONDED_VIOLATIONS, MECHANISMS } from '../../sim/supervision/vocabulary.js';
import type { ZoneSummary } from './run-zone.js';
import { formatColumns, int, num, pct, share } from './columns.js';

export function formatZoneSummary(s: ZoneSummary, run: { engine: string; wallS: number; files: string[] }): string {
  const ps = s.policies;
  const m = ps.map((p) => p.metrics);
  const rmb = (x: number | null) => (x === null ? 'n/a' : `${num(x / 1e6)} M`);
  return formatColumns({
    title: `${s.scenario} · seed ${s.seed} · ${ps.length} ${ps.length === 1 ? 'policy' : 'policies'} on the same world · ${s.enterprises} enterprises over ${s.days} days`,
    columns: ps.map((p) => p.name),
    rows: [
      ['bonded-goods violations'],
      ['begun', (i) => int(m[i].violations.count)],
      ['caught', (i) => `${int(m[i].violations.detected)} (${pct(share(m[i].violations.detected, m[i].violations.count))})`],
      ...MECHANISMS.map((k) => [`  by ${k.replace('_', '-')}`, (i: number) => int(m[i].write_off.detection_by_mechanism[k])] as const),
      ['days to the case, mean', (i) => num(m[i].violations.detection_days_mean)],
      ['days running, mean', (i) => num(m[i].violations.exposure_days_mean)],
      ...BONDED_VIOLATIONS.map((k) => [`${k.replace(/_/g, ' ')} caught`, (i: number) => `${int(m[i].violations.by_kind[k].detected)}/${int(m[i].violations.by_kind[k].count)}`] as const),
      ['revenue (RMB)'],
      ['at stake', (i) => rmb(m[i].revenue.at_stake)],
      ['recovered', (i) => `${rmb(m[i].revenue.recovered)} (${pct(share(m[i].revenue.recovered, m[i].revenue.at_stake))})`],
      ['  at the gate', (i) => rmb(m[i].revenue.recovered_at_clearance)],
      ['  by verification and write-off', (i) => rmb(m[i].revenue.recovered_by_write_off)],
      ['  by audit', (i) => rmb(m[i].revenue.recovered_by_audit)],
      ['lost (not recovered)', (i) => rmb(m[i].revenue.lost)],
      ['prevented (schemes stopped)', (i) => rmb(m[i].revenue.prevented)],
      ['protected', (i) => pct(m[i].revenue.protected_share)],
      ['collected on domestic sales', (i) => rmb(m[i].revenue.collected)],
      ['books'],
      ['declarations', (i) => int(m[i].declarations.import + m[i].declarations.export + m[i].declarations.domestic)],
      ['declaration to release, mean (h)', (i) => num(m[i].declarations.release_h_mean)],
      ['new models filed', (i) => int(m[i].changes.filed)],
      ["new model's import waited, mean (h)", (i) => num(m[i].declarations.change_wait_h_mean)],
      ['checks / cases', (i) => `${int(m[i].write_off.checks)} / ${int(m[i].write_off.cases)}`],
      ['enterprises'],
      ['hours on formalities', (i) => int(m[i].enterprise_admin_hours.total)],
      ['  per enterprise', (i) => num(m[i].enterprise_admin_hours.per_enterprise)],
      ['credit up / down', (i) => `${int(m[i].credit_transitions.up)} / ${int(m[i].credit_transitions.down)}`],
      ['audits (calendar / signal / referral)', (i) => `${int(m[i].audits.calendar)} / ${int(m[i].audits.signal)} / ${int(m[i].audits.referral)}`],
    ],
    files: run.files,
    footer: `wall time   ${run.wallS.toFixed(2)} s (${run.engine} engine)`,
  });
}
