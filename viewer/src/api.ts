/** Same-origin API client (the express server of `ctwin serve`). Every failure is an Error with a readable message. */
import type { ConsignmentDetail, RunList, Tracks } from '../../serve/tracks-format.js';

/** URL of the API relative to the page, so the viewer works under any mount path (base './'). */
function apiUrl(path: string): string {
  return new URL(`api/${path}`, document.baseURI.replace(/[^/]*$/, '')).href;
}

async function getJson<T>(url: string, what: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (err) {
    throw new Error(`Could not reach the server for ${what} (${(err as Error).message}). Is \`ctwin serve\` running?`);
  }
  if (!res.ok) {
    let detail = '';
    try {
      const text = await res.text();
      try {
        const j = JSON.parse(text) as { error?: unknown; message?: unknown };
        detail = String(j.error ?? j.message ?? text);
      } catch {
        detail = text;
      }
    } catch { /* no body */ }
    throw new Error(`Loading ${what} failed: HTTP ${res.status} ${res.statusText}${detail ? ` — ${detail.slice(0, 300)}` : ''}`);
  }
  try {
    return (await res.json()) as T;
  } catch (err) {
    throw new Error(`Loading ${what} failed: the answer is not JSON (${(err as Error).message})`);
  }
}

export function fetchRuns(): Promise<RunList> {
  return getJson<RunList>(apiUrl('runs'), 'the run list');
}

export function fetchTracks(runId: string, policy: string): Promise<Tracks> {
  return getJson<Tracks>(
    apiUrl(`runs/${encodeURIComponent(runId)}/tracks?policy=${encodeURIComponent(policy)}`),
    `the tracks of run ${runId} (policy ${policy})`,
  );
}

export function fetchTracksUrl(url: string): Promise<Tracks> {
  return getJson<Tracks>(new URL(url, document.baseURI).href, `tracks from ${url}`);
}

export function fetchConsignment(runId: string, policy: string, ref: number): Promise<ConsignmentDetail> {
  return getJson<ConsignmentDetail>(
    apiUrl(`runs/${encodeURIComponent(runId)}/consignments/${ref}?policy=${encodeURIComponent(policy)}`),
    `consignment C${ref + 1}`,
  );
}

/** The page's URL for replaying a run (used by the runs list). */
export function viewHref(runId: string, policy: string, report = false): string {
  const q = new URLSearchParams({ run: runId, policy });
  if (report) q.set('report', '1');
  return `view.html?${q.toString()}`;
}

/** The live twin's site, through `ctwin serve --twin` (404 when the server follows no twin). */
export interface TwinSite {
  scenario: string;
  policy?: string;
  summary: string;
  now_s: number;
  origin: string | null;
  lanes: string[];
  queues: { awaiting_gate: number };
}

export function twinApiUrl(path: string): string {
  return apiUrl(`twin/${path}`);
}

/** The twin the server follows (`ctwin serve --twin`), null when none. */
export async function fetchTwinFollowed(): Promise<string | null> {
  return (await getJson<{ twin: string | null }>(apiUrl('twin/'), 'the server\'s live twin')).twin;
}

export function fetchTwinSite(): Promise<TwinSite> {
  return getJson<TwinSite>(twinApiUrl('site'), 'the live twin\'s site');
}

interface TwinConsignment {
  ref: number;
  release: { plate: string; eplate: string; container: string; seal: string; declared_gross_kg: number; driver_card: string };
  status: string;
  lane: string | null;
  released_t: number;
  verdict: NonNullable<ConsignmentDetail['twin']>['verdict'];
  timeline: { t: number; what: string; detail?: Record<string, unknown> }[];
  lane_machine: { state: string } | null;
}

/**
 * One consignment as the twin holds it, in the panel's terms: the release notice carries what was
 * declared of the truck (plate, container, seal, gross weight); the twin's timeline gives the rest.
 */
export async function fetchTwinConsignment(ref: number): Promise<ConsignmentDetail> {
  const c = await getJson<TwinConsignment>(twinApiUrl(`consignments/${ref}`), `consignment C${ref + 1} from the twin`);
  const id = `C${ref + 1}`;
  const events: ConsignmentDetail['events'] = [
    { t: c.released_t, id, type: 'consignment.declared', ...c.release },
    { t: c.released_t, id, type: 'consignment.released' },
  ];
  for (const e of c.timeline) {
    if (e.what === 'release.received' || e.what === 'release.repeated') continue;
    const ev: ConsignmentDetail['events'][number] = { t: e.t, id, type: e.what, ...(e.detail ?? {}) };
    // the twin's misread is a flag; the reason is customs' hold
    if (e.what === 'lane.passed' && typeof ev.hold === 'string' && ev.hold !== '') ev.misread = ev.hold;
    events.push(ev);
  }
  events.sort((a, b) => a.t - b.t);
  return { ref, id, events, twin: { status: c.status, lane: c.lane, verdict: c.verdict, lane_machine: c.lane_machine, driver_card: c.release.driver_card } };
}
