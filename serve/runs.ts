/**
 * The runs a `ctwin serve` root holds: folders with a `summary.json` (a run; a port run replays
 * from `events/<policy>.ndjson`), a `compare.json` (a comparison) or a `sweep.json` (a sweep),
 * each with its `report.html` when written. Found by walking the root a few levels down; a
 * folder's id is its path under the root (the root's own, its name), so ids can only name
 * folders inside it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { RunEntry, SiteLayout } from './tracks-format.js';

const MAX_DEPTH = 4;

export interface RunFolder extends RunEntry {
  dir: string;
  /** per policy: lanes and scanners from the summary's site report */
  layouts: Record<string, SiteLayout>;
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null; // a half-written or foreign file is not a run
  }
}

type Resource = { name: string; capacity: number; meanCapacity?: number };
function layoutOf(site: unknown): SiteLayout {
  const res = ((site as { resources?: Resource[] } | undefined)?.resources ?? []) as Resource[];
  const cap = (name: string) => {
    const r = res.find((x) => x.name === name);
    return r ? Math.max(r.capacity, Math.ceil(r.meanCapacity ?? 0)) : 0;
  };
  return { smartLanes: cap('gate.smart'), manualLanes: cap('gate.manual'), scanners: cap('scanner') };
}

function entry(root: string, dir: string): RunFolder | null {
  // the root itself may be a run (`ctwin serve --run DIR`): it goes by its folder's name
  const id = relative(root, dir).split(sep).join('/') || basename(root);
  const report = existsSync(join(dir, 'report.html')) ? `/files/${encodeURIComponent(id)}/report.html` : null;
  const base = { id, dir, report, layouts: {} as Record<string, SiteLayout> };
  const summary = join(dir, 'summary.json');
  if (existsSync(summary)) {
    const s = readJson(summary);
    if (s === null) return null;
    const modified = statSync(summary).mtime.toISOString();
    const pols = Array.isArray(s.policies) ? (s.policies as { name: string; site?: unknown }[]) : null;
    if (pols === null) return { ...base, scenario: String(s.scenario ?? ''), seed: (s.seed as number) ?? '', kind: 'gate', policies: [], modified };
    // a zone has no site to draw: listed with its report, nothing to replay
    if (s.family === 'zone' || s.family === 'network') return { ...base, scenario: String(s.scenario ?? ''), seed: (s.seed as number) ?? '', kind: s.family, policies: [], modified };
    const policies = pols.filter((p) => existsSync(join(dir, 'events', `${p.name}.ndjson`))).map((p) => p.name);
    for (const p of pols) base.layouts[p.name] = layoutOf(p.site);
    return { ...base, scenario: String(s.scenario ?? ''), seed: (s.seed as number) ?? '', kind: 'port', policies, modified };
  }
  for (const [file, kind] of [['compare.json', 'comparison'], ['sweep.json', 'sweep']] as const) {
    const f = join(dir, file);
    if (!existsSync(f)) continue;
    const s = readJson(f);
    if (s === null) return null;
    const seeds = s.seeds as number[] | undefined;
    return { ...base, scenario: String(s.scenario ?? ''), seed: Array.isArray(seeds) ? seeds[0] : ((s.seed as number) ?? ''), kind, policies: [], modified: statSync(f).mtime.toISOString() };
  }
  return null;
}

/** Every run, comparison and sweep under `root`, newest first (ties by id). */
export function listRuns(root: string): RunFolder[] {
  const out: RunFolder[] = [];
  const walk = (dir: string, depth: number) => {
    const e = entry(root, dir);
    if (e) out.push(e);
    if (depth >= MAX_DEPTH) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (n.startsWith('.') || n === 'events' || n === 'node_modules') continue;
      const p = join(dir, n);
      try {
        if (statSync(p).isDirectory()) walk(p, depth + 1);
      } catch {
        /* vanished or unreadable: not listed */
      }
    }
  };
  if (existsSync(root)) walk(root, 0);
  return out.sort((a, b) => (a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : a.id < b.id ? -1 : 1));
}
