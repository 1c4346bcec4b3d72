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
