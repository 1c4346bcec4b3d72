/**
 * `ctwin serve`'s API on a real runs folder: the runs list, a port run's tracks and one
 * consignment's story, the reports; bad requests get a 4xx naming what was wrong, and nothing
 * outside the root can be reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type Serving } from '../../bin/commands/serve.js';
import type { ConsignmentDetail, RunList, Tracks } from '../../serve/tracks-format.js';
import { fixtureRuns, type FixtureRuns } from './fixture-runs.js';
import { ctwin } from '../cli/helpers.js';

let fx: FixtureRuns;
let s: Serving;
const get = (path: string) => fetch(new URL(path, s.url));

beforeAll(async () => {
  fx = fixtureRuns();
  s = await startServe({ runs: fx.root, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await s?.close();
});

describe('ctwin serve API', () => {
  it('lists the runs, comparisons and their reports; binds to 127.0.0.1', async () => {
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const list = (await (await get('/api/runs')).json()) as RunList;
    const byId = new Map(list.runs.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(['nested/gate-mmc-seed7', 'port-small-compare', 'port-small-seed11']);
    expect(byId.get('port-small-seed11')).toMatchObject({ kind: 'port', scenario: 'port-small', seed: 11, policies: ['baseline', 'reform'] });
    expect(byId.get('nested/gate-mmc-seed7')).toMatchObject({ kind: 'gate', policies: [] });
    expect(byId.get('port-small-compare')).toMatchObject({ kind: 'comparison', scenario: 'port-small' });
    for (const r of list.runs) {
      expect(r.report).not.toBeNull();
      const rep = await get(r.report!);
      expect(rep.status).toBe(200);
      expect(rep.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it("serves a port run's tracks and a consignment's events", async () => {
    const res = await get(`/api/runs/${encodeURIComponent(fx.portId)}/tracks?policy=reform`);
    expect(res.status).toBe(200);
    const t = (await res.json()) as Tracks;
    expect(t).toMatchObject({ schema: 'customs-twin.tracks/1', scenario: 'port-small', policy: 'reform', seed: 11 });
    // the layout comes from the scenario's reform policy: 8 smart lanes, 2 manual, 2 scanners
    expect(t.layout).toEqual({ smartLanes: 8, manualLanes: 2, scanners: 2 });
    expect(t.trucks.ref.length).toBeGreaterThan(500);
    const ref = t.trucks.ref[t.trucks.channel.indexOf(1)]; // an orange one: scanned
    const d = (await (await get(`/api/runs/${encodeURIComponent(fx.portId)}/consignments/${ref}?policy=reform`)).json()) as ConsignmentDetail;
    expect(d.id).toBe(`C${ref + 1}`);
    const types = d.events.map((e) => e.type);
    for (const ty of ['consignment.declared', 'consignment.scored', 'consignment.decided', 'scanner.scan_started', 'consignment.closed']) expect(types).toContain(ty);
    expect(d.events.every((e) => e.id === d.id || e.ref === ref)).toBe(true);
    const times = d.events.map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('answers bad requests with a 4xx that says what was wrong', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/runs/nope/tracks?policy=reform', 404, /no run 'nope'/],
      [`/api/runs/${fx.portId}/tracks`, 400, /policy: expected one of baseline, reform/],
      [`/api/runs/${fx.portId}/tracks?policy=ghost`, 404, /no event stream for policy 'ghost'/],
      [`/api/runs/${fx.portId}/consignments/abc?policy=reform`, 400, /ref: expected a consignment number/],
      [`/api/runs/${fx.portId}/consignments/99999999?policy=reform`, 404, /not in the stream/],
      [`/api/runs/${encodeURIComponent('../..')}/tracks?policy=reform`, 404, /no run/],
      ['/api/runs/nested%2Fgate-mmc-seed7/tracks?policy=x', 404, /has no event stream/],
      ['/api/nothing', 404, /no such API/],
    ];
    for (const [path, status, msg] of cases) {
      const r = await get(path);
      expect(r.status, path).toBe(status);
      expect(((await r.json()) as { error: string }).error, path).toMatch(msg);
    }
    // only a run's report is served, not its other files
    expect((await get(`/files/${fx.portId}/summary.json`)).status).toBe(404);
    expect((await get(`/files/${encodeURIComponent('../..')}/report.html`)).status).toBe(404);
  });

  it('serves the built viewer', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(await r.text()).toMatch(/<html/i);
    expect((await get('/view.html')).status).toBe(200);
  });

  it('--run serves that one run, not its neighbours, and names its replay', async () => {
    const one = await startServe({ runs: 'unused', run: `${fx.root}/${fx.portId}`, port: 0, host: '127.0.0.1' });
    try {
      expect(one.replay).toBe(`${one.url}view.html?run=${fx.portId}&policy=reform&report=1`);
      const list = (await (await fetch(new URL('/api/runs', one.url))).json()) as RunList;
      expect(list.runs.map((r) => r.id)).toEqual([fx.portId]);
      expect((await fetch(new URL(`/api/runs/${fx.portId}/tracks?policy=baseline`, one.url))).status).toBe(200);
    } finally {
      await one.close();
    }
  });

  it('refuses a --run folder that is not a run, and a busy port, with exit 2', async () => {
    const bad = ctwin(['serve', '--run', fx.root + '/nested']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a run folder/);
    const busy = ctwin(['serve', '--runs', fx.root, '--port', new URL(s.url).port]);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toMatch(/already in use/);
  });
});
