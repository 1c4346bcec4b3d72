/** The printed form of a comparison: the trade-offs, headline metrics side by side, then each policy's verdicts. */
import { clipInterval, rangeForUnit, rangeOf, type Range } from '../../experiments/metric-range.js';
import type { ComparisonReport, MetricDef, MetricStat } from '../../reports/experiment-results.js';

export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'share':
      return v.toFixed(3);
    case 'RMB':
      return Math.round(v).toLocaleString('en-US');
    case 'count':
      return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
    default:
      return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
  }
}

/**
 * "mean ±h", or "mean [lo, hi]" when the interval had to be cut to the values the metric can take
 * (revenue below zero, a share past 1): an impossible bound is never printed.
 */
export function formatStat(m: MetricStat | undefined, unit: string, range: Range = rangeForUnit(unit)): string {
  if (!m) return '—';
  const shown = clipInterval(m.ci95, range);
  if (!shown || !Number.isFinite(m.mean)) return formatValue(m.mean, unit);
  // an interval not centred on the mean (log scale, bootstrap, pooled share) or cut at the range: both bounds
  const asymmetric = Math.abs(m.ci95[0] + m.ci95[1] - 2 * m.mean) > 1e-6 * Math.max(1e-12, Math.abs(m.ci95[1] - m.ci95[0]));
  if (shown.clipped || asymmetric) return `${formatValue(m.mean, unit)} [${formatValue(shown.lo, unit)}, ${formatValue(shown.hi, unit)}]`;
  return `${formatValue(m.mean, unit)} ±${formatValue((m.ci95[1] - m.ci95[0]) / 2, unit)}`;
}

/** The trade-offs block: best policy per dimension and where they conflict (empty without one). */
export function tradeoffLines(r: ComparisonReport): string[] {
  const t = r.tradeoffs;
  if (!t?.lines.length) return [];
  const clear = r.replications > 1 ? ' ("clearly": the paired 95 % interval of the lead excludes zero)' : '';
  return [`trade-offs, best by mean${clear}:`, ...t.lines.map((l) => `  ${l}`)];
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

export function headlineTable(r: ComparisonReport, defs: readonly MetricDef[]): string[] {
  const label = (d: MetricDef) => `${d.label} (${d.unit})`;
  const w0 = Math.max(...defs.map((d) => [...label(d)].length)) + 2;
  const cells = defs.map((d) => r.policies.map((p) => formatStat(p.metrics[d.key], d.unit, rangeOf(d))));
  const widths = r.policies.map((p, i) => Math.max([...p.name].length, ...cells.map((c) => [...c[i]].length)) + 2);
  const lines = [pad('', w0) + r.policies.map((p, i) => pad(p.name, widths[i])).join('').trimEnd()];
  defs.forEach((d, j) => lines.push((pad(label(d), w0) + cells[j].map((c, i) => pad(c, widths[i])).join('')).trimEnd()));
  return lines;
}

export function formatComparison(r: ComparisonReport, o: { where: string; wallS: number; files: string[]; report?: string; id?: string }): string {
  const headline = r.metrics_catalog.filter((d) => d.headline);
  const seeds = r.seeds.length > 1 ? `seeds ${r.seeds[0]}–${r.seeds[r.seeds.length - 1]}` : `seed ${r.seeds[0]}`;
  const out = [
    `${r.scenario} · ${r.policies.length} ${r.policies.length === 1 ? 'policy' : 'policies'} × ${r.replications} replications (${seeds}, the same world for every policy) · ${o.where} · ${o.wallS.toFixed(1)} s`,
    '',
    ...tradeoffLines(r),
    ...(r.tradeoffs?.lines.length ? [''] : []),
    'mean ± half-width of the 95 % interval; [lo, hi] where it is not symmetric: money and waits on the log scale or by bootstrap, shares pooled from their counts (docs/STATISTICS.md)',
    '',
    ...headlineTable(r, headline),
  ];
  if (r.policies.length > 1) {
    out.push('', `against ${r.policies[0].name} (paired by seed):`);
    const w = Math.max(...headline.map((d) => [...d.label].length)) + 2;
    for (const p of r.policies.slice(1)) {
      out.push(`  ${p.name}`);
      for (const d of headline) {
        const diff = r.differences.find((x) => x.policy === p.name && x.metric === d.key);
        if (diff) out.push(`    ${pad(d.label, w)}${diff.verdict}`);
      }
    }
  }
  const pr = r.precision;
  if (pr) {
    const w = pr.widest[0];
    const widest = w ? `; widest ${(w.relative_half_width! * 100).toFixed(1)} % (${w.policy} ${w.metric}${w.vs ? ` against ${w.vs}` : ''})` : '';
    out.push(
      '',
      `precision ${(pr.target * 100).toFixed(1)} % (half-widths ≤ ${(pr.adjusted_target * 100).toFixed(2)} % of the mean, Law & Kelton's γ/(1+γ)): ${pr.reached ? 'REACHED' : 'NOT reached'} with ${pr.replications} replications (rounds ${pr.rounds.join(', ')}; cap ${pr.max_replications})${widest}`,
    );
    if (pr.no_relative.length) out.push(`  not held to a relative precision (mean 0): ${pr.no_relative.join(', ')}`);
  }
  const ss = r.steady_state;
  if (ss) {
    out.push('', ss.note);
    for (const e of ss.evidence) out.push(`  ${e.policy} · ${e.queue}: ${formatValue(e.grew_from, '')} → ${formatValue(e.grew_to, '')} (${e.test}, p = ${e.p < 0.001 ? e.p.toExponential(1) : e.p.toFixed(3)})`);
  }
  if (r.theory) {
    out.push('', 'theory: ' + Object.entries(r.theory).map(([k, v]) => `${k} ${formatValue(v, r.metrics_catalog.find((d) => d.key === k)?.unit ?? '')}`).join(', '));
  }
  if (r.assertions?.length) out.push('', ...r.assertions.map((a) => a.reason));
  out.push('');
  if (o.report) out.push(`report: ${o.report}`);
  if (o.id) out.push(`stored as ${o.id} (ctwin report --list)`);
  out.push(...o.files.map((f) => `wrote ${f}`), '');
  return out.join('\n');
}
