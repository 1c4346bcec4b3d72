/** The printed form of a comparison: headline metrics side by side, then each policy's verdicts. */
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

export function formatStat(m: MetricStat | undefined, unit: string): string {
  if (!m) return '—';
  const lo = m.ci95[0];
  const hi = m.ci95[1];
  if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) return formatValue(m.mean, unit);
  return `${formatValue(m.mean, unit)} ±${formatValue((hi - lo) / 2, unit)}`;
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

export function headlineTable(r: ComparisonReport, defs: readonly MetricDef[]): string[] {
  const label = (d: MetricDef) => `${d.label} (${d.unit})`;
  const w0 = Math.max(...defs.map((d) => [...label(d)].length)) + 2;
  const cells = defs.map((d) => r.policies.map((p) => formatStat(p.metrics[d.key], d.unit)));
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
    'mean ± half-width of the 95 % interval',
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
