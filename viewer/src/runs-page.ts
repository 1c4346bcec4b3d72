/** index.html: the list of stored runs with links to their replay, report, and both side by side. */
import type { RunEntry } from '../../serve/tracks-format.js';
import { fetchRuns, fetchTwinFollowed, fetchTwinSite, viewHref } from './api.js';

const statusEl = document.getElementById('status') as HTMLElement;
const errorEl = document.getElementById('error') as HTMLElement;
const table = document.getElementById('runs') as HTMLTableElement;
const tbody = table.tBodies[0];

function link(text: string, href: string, target: string, title: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.textContent = text;
  a.href = href;
  a.target = target;
  a.rel = 'noopener';
  a.title = title;
  return a;
}

function row(run: RunEntry): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const cells = [run.scenario, String(run.seed), run.kind, new Date(run.modified).toLocaleString()];
  const first = document.createElement('td');
  first.textContent = cells[0];
  const idLine = document.createElement('div');
  idLine.className = 'id';
  idLine.textContent = run.id;
  first.append(idLine);
  tr.append(first);
  for (const c of cells.slice(1)) {
    const td = document.createElement('td');
    td.textContent = c;
    tr.append(td);
  }
  const links = document.createElement('td');
  links.className = 'links';
  for (const p of run.policies) {
    links.append(link(`replay ${p}`, viewHref(run.id, p), `replay:${run.id}:${p}`, `3D replay of ${run.scenario}, policy ${p} (new tab)`));
  }
  if (run.report) {
    links.append(link('report', run.report, `report:${run.id}`, `HTML report of ${run.scenario} (new tab)`));
    for (const p of run.policies) {
      links.append(link(`side by side ${p}`, viewHref(run.id, p, true), `sbs:${run.id}:${p}`, `Replay of ${p} with the report beside it (new tab)`));
    }
  }
  if (!links.childElementCount) links.textContent = '—';
  tr.append(links);
  return tr;
}

/** `ctwin serve --twin`: a link to follow the twin live (absent when the server follows none, or it is down). */
async function liveLink(): Promise<void> {
  const el = document.getElementById('live') as HTMLElement;
  try {
    if ((await fetchTwinFollowed()) === null) return;
    const site = await fetchTwinSite();
    el.replaceChildren('Live twin: ', link(`follow ${site.summary}`, 'view.html?live=1', 'live', 'The live twin in 3D (new tab)'));
    el.hidden = false;
  } catch (err) {
    // the server follows a twin that does not answer
    el.textContent = `Live twin: ${(err as Error).message}`;
    el.hidden = false;
  }
}

async function main(): Promise<void> {
  void liveLink();
  try {
    const list = await fetchRuns();
    const runs = [...list.runs].sort((a, b) => b.modified.localeCompare(a.modified));
    tbody.replaceChildren(...runs.map(row));
    table.hidden = runs.length === 0;
    statusEl.textContent = runs.length ? `${runs.length} run${runs.length === 1 ? '' : 's'}` : 'No runs stored yet: run `ctwin run-port …` or `ctwin compare …` first.';
  } catch (err) {
    statusEl.textContent = '';
    errorEl.textContent = (err as Error).message;
    errorEl.hidden = false;
  }
}

void main();
