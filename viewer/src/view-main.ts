/**
 * view.html: the 3D replay of one run.
 *   ?run=ID&policy=P     tracks from the API (/api/runs/:id/tracks), panel events from /api/runs/:id/consignments/:ref
 *   &report=1            the run's HTML report in a collapsible pane beside the 3D view
 *   ?tracks=URL          tracks from any JSON URL (development)
 *   ?synthetic=N         N synthetic trucks generated in the page (no server)
 *   &t=SECONDS           start time (default: the busiest moment of the run, or the middle of the range for synthetic)
 *   ?live=1              follow the live twin (`ctwin serve --twin URL`): its trucks as its events come, at its now;
 *                        seek back through what it still holds; L (or the live button) returns to now
 *
 * Test hooks for puppeteer, on window.__viewer:
 *   ready: boolean                 true after the tracks loaded and the first frame rendered
 *   error: string | null           the message shown when loading failed
 *   seek(t) / play() / pause() / time()
 *   visibleTrucks(): number        trucks drawn now
 *   truckScreenPosition(i)         {x, y} in CSS px (page coordinates) of truck i's centre, null when not on screen
 *   truckIndexByRef(ref): number   −1 when unknown
 *   positions(): number[]          x, z of the visible trucks, flattened (instance order)
 *   frameStats()                   {frames, medianMs, p95Ms}: JS time of the per-frame update + render since resetFrameStats()
 *                                  (plus updateMedianMs / updateP95Ms: the truck update alone, without the render call)
 *   resetFrameStats()
 *   selectTruck(i)                 opens the panel of truck i (−1 closes it)
 *   live(): {following, t1, trucks, events} | null   live mode's state (null in a replay)
 */
import * as THREE from 'three';
import type { ViewerHooks } from './hooks.js';
import type { Tracks } from '../../serve/tracks-format.js';
import { fetchConsignment, fetchRuns, fetchTracks, fetchTracksUrl, fetchTwinConsignment } from './api.js';
import { PlaybackClock } from './clock.js';
import { ControlsBar } from './controls.js';
import { KpiOverlay, renderLegend } from './kpi.js';
import { Panel, type DetailLoader } from './panel.js';
import { SiteScene } from './scene.js';
import { SiteGeometry } from './site-layout.js';
import { syntheticDetail, syntheticTracks } from './synthetic.js';
import { buildTrackData, type TrackData } from './tracks-data.js';
import { LiveFeed } from './live-feed.js';
import { TruckLayer } from './trucks.js';


declare global {
  interface Window { __viewer?: ViewerHooks }
}

const $ = (id: string): HTMLElement => document.getElementById(id) as HTMLElement;

function showError(msg: string): void {
  const e = $('error');
  e.textContent = msg;
  e.hidden = false;
  $('loading').hidden = true;
  if (window.__viewer) window.__viewer.error = msg;
}

/** Frame-time samples in a ring buffer (no allocation per frame). */
class FrameStats {
  private readonly buf = new Float64Array(4096);
  private n = 0;
  add(ms: number): void { this.buf[this.n++ % this.buf.length] = ms; }
  reset(): void { this.n = 0; }
  stats(): { frames: number; medianMs: number; p95Ms: number } {
    const k = Math.min(this.n, this.buf.length);
    if (!k) return { frames: 0, medianMs: 0, p95Ms: 0 };
    const s = this.buf.slice(0, k).sort();
    const q = (p: number): number => s[Math.min(k - 1, Math.floor(p * (k - 1) + 0.5))];
    return { frames: this.n, medianMs: q(0.5), p95Ms: q(0.95) };
  }
}

interface Loaded {
  data: TrackData;
  loader: DetailLoader;
  start: number | null;
  /** live mode: the twin being followed */
  feed?: LiveFeed;
}

async function loadTracks(q: URLSearchParams): Promise<Loaded> {
  if (q.get('live') !== null) {
    const feed = await LiveFeed.open();
    return { data: feed.tracks, loader: (ref) => fetchTwinConsignment(ref), start: null, feed };
  }
  const build = (tracks: Tracks): TrackData => {
    try {
      return buildTrackData(tracks);
    } catch (err) {
      throw new Error(`The tracks cannot be replayed: ${(err as Error).message}`);
    }
  };
  const syn = q.get('synthetic');
  if (syn !== null) {
    const n = Number(syn) || 2000;
    const tracks = syntheticTracks(n);
    return { data: build(tracks), loader: (ref) => Promise.resolve(syntheticDetail(tracks, ref)), start: (tracks.t0 + tracks.t1) / 2 };
  }
  const url = q.get('tracks');
  if (url) {
    return { data: build(await fetchTracksUrl(url)), loader: () => Promise.reject(new Error('No consignment events: tracks loaded from a URL, not a run.')), start: null };
  }
  const run = q.get('run');
  const policy = q.get('policy');
  if (!run || !policy) throw new Error('Nothing to replay: open this page from the runs list (view.html?run=ID&policy=NAME), view.html?live=1 to follow a twin, or try view.html?synthetic=2000.');
  return { data: build(await fetchTracks(run, policy)), loader: (ref) => fetchConsignment(run, policy, ref), start: null };
}

async function setupReport(q: URLSearchParams, onResize: () => void): Promise<() => void> {
  const pane = $('report-pane');
  const toggleBtn = $('report-toggle') as HTMLButtonElement;
  const toggle = (): void => {
    if (pane.hidden) return;
    const collapsed = pane.classList.toggle('collapsed');
    toggleBtn.textContent = collapsed ? 'report ▶' : 'hide report ◀';
    toggleBtn.setAttribute('aria-expanded', String(!collapsed));
    toggleBtn.title = collapsed ? 'Show the report (R)' : 'Hide the report (R)';
    onResize();
  };
  toggleBtn.addEventListener('click', toggle);
  const run = q.get('run');
  if (q.get('report') !== '1' || !run) return toggle;
  try {
    const list = await fetchRuns();
    const entry = list.runs.find((r) => r.id === run);
    if (!entry?.report) throw new Error(`Run ${run} has no HTML report.`);
    ($('report-frame') as HTMLIFrameElement).src = entry.report;
    $('report-title').textContent = `Report: ${entry.scenario}`;
    pane.hidden = false;
    onResize();
  } catch (err) {
    showError(`Report not shown: ${(err as Error).message}`);
  }
  return toggle;
}

async function main(): Promise<void> {
  const hooks: ViewerHooks = {
    ready: false, error: null,
    seek: () => {}, play: () => {}, pause: () => {}, time: () => NaN, visibleTrucks: () => 0,
    truckScreenPosition: () => null, truckIndexByRef: () => -1, positions: () => [],
    frameStats: () => ({ frames: 0, medianMs: 0, p95Ms: 0, updateMedianMs: 0, updateP95Ms: 0 }), resetFrameStats: () => {}, selectTruck: () => {}, live: () => null,
  };
  window.__viewer = hooks;
  const q = new URLSearchParams(location.search);
  let resizeScene = (): void => {};
  const reportToggle = setupReport(q, () => resizeScene());

  let loaded: Loaded;
  try {
    loaded = await loadTracks(q);
  } catch (err) {
    showError((err as Error).message);
    return;
  }
  const { data, feed } = loaded;
  const setTitle = (): void => {
    $('title').textContent = feed
      ? `live twin · ${feed.site.summary} · ${data.n.toLocaleString('en')} trucks since ${feed.site.origin ?? 'its start'}${feed.state === 'live' ? '' : ` · ${feed.state}…`}${feed.gapBefore > 0 ? ' · older events no longer held by the twin' : ''}${feed.missedEvents > 0 ? ` · ${feed.missedEvents.toLocaleString('en')} events missed while disconnected` : ''}`
      : `${data.scenario} · policy ${data.policy} · seed ${data.seed} · ${data.n.toLocaleString('en')} trucks`;
  };
  document.title = feed ? 'live twin — customs-twin' : `${data.scenario} · ${data.policy} — customs-twin replay`;
  setTitle();

  const geo = new SiteGeometry(data.layout, data.peaks);
  let site: SiteScene;
  try {
    site = new SiteScene($('canvas-host'), geo);
  } catch (err) {
    showError(`WebGL is not available in this browser: ${(err as Error).message}`);
    return;
  }
  // live: some room for new trucks; beyond it the layer doubles (ensureCapacity)
  const trucks = new TruckLayer(data, geo, feed ? Math.max(64, data.n + 32) : data.n);
  site.scene.add(trucks.mesh, trucks.marker);
  const tStart = Number(q.get('t'));
  // by default open where the port is busiest, so a planner sees the policy at work at once
  const busiest = (): number => {
    const k = data.kpi.inSystem;
    let best = 0;
    for (let i = 1; i < k.length; i++) if (k[i] > k[best]) best = i;
    return k.length > 0 && k[best] > 0 ? data.t0 + best * data.kpi.stepS : data.t0;
  };
  if (feed) feed.tracks.advanceTo(feed.now());
  const clock = new PlaybackClock(data.t0, data.t1, Number.isFinite(tStart) && q.get('t') !== null ? tStart : feed ? data.t1 : loaded.start ?? busiest(), !!feed);
  if (feed && q.get('t') === null) clock.goLive();
  // a replay shows no queue figure for equipment its policy lacks (the baseline: no smart lane, no scanner)
  const kpi = new KpiOverlay($('kpi'), data, feed
    ? { inSystem: 'trucks at the gate site', p95: 'p95 release → gate', smart: 'awaiting the gate', manual: '', scanner: '', officers: 'lanes held for an officer' }
    : { ...(geo.smart ? {} : { smart: '' }), ...(geo.manual ? {} : { manual: '' }), ...(geo.scanners ? {} : { scanner: '' }) });
  const legend = $('legend');
  const canvas = site.renderer.domElement;

  const panel = new Panel($('panel'), data, trucks, loaded.loader, () => { trucks.selected = -1; }, feed ? 2000 : 0);
  const select = (i: number): void => {
    if (i < 0 || i >= data.n) { panel.close(); return; }
    trucks.selected = i;
    panel.show(i, clock.t);
  };

  const projected = new THREE.Vector3();
  const screenPos = (i: number): { x: number; y: number } | null => {
    if (!trucks.isActive(i)) return null;
    projected.set(trucks.px[i], 2, trucks.pz[i]).project(site.camera);
    if (projected.z < -1 || projected.z > 1 || Math.abs(projected.x) > 1 || Math.abs(projected.y) > 1) return null;
    const r = canvas.getBoundingClientRect();
    return { x: r.left + ((projected.x + 1) / 2) * r.width, y: r.top + ((1 - projected.y) / 2) * r.height };
  };

  const controls = new ControlsBar($('controls'), clock, {
    preset: (p) => site.preset(p),
    colourMode: (m) => { trucks.colourMode = m; renderLegend(legend, m); },
    selectStep: (dir) => {
      const n = trucks.count;
      if (!n) return;
      const cur = trucks.selected >= 0 ? trucks.truckToInst[trucks.selected] : -1;
      for (let k = 1; k <= n; k++) {
        const inst = (((cur < 0 ? (dir > 0 ? -1 : 0) : cur) + dir * k) % n + n) % n;
        const i = trucks.instToTruck[inst];
        if (screenPos(i)) { select(i); return; }
      }
    },
    closePanel: () => panel.close(),
    toggleReport: () => { void reportToggle.then((f) => f()); },
  }, site.presets());
  // the twin knows no risk channel (its release notices carry none): live trucks are coloured by waiting
  controls.setColour(feed ? 'wait' : 'channel');

  // picking: click / tap on a truck (a drag of the camera is not a click)
  const raycaster = new THREE.Raycaster();
  const ndc = new THREE.Vector2();
  let down: { x: number; y: number } | null = null;
  canvas.addEventListener('pointerdown', (e) => { down = { x: e.clientX, y: e.clientY }; });
  canvas.addEventListener('pointerup', (e) => {
    if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 5) return;
    down = null;
    const r = canvas.getBoundingClientRect();
    ndc.set(((e.clientX - r.left) / r.width) * 2 - 1, -((e.clientY - r.top) / r.height) * 2 + 1);
    raycaster.setFromCamera(ndc, site.camera);
    const hit = raycaster.intersectObject(trucks.mesh, false)[0];
    if (hit && hit.instanceId !== undefined && hit.instanceId < trucks.count) select(trucks.instToTruck[hit.instanceId]);
  });

  resizeScene = (): void => site.resize();
  new ResizeObserver(() => site.resize()).observe($('canvas-host'));

  const stats = new FrameStats();
  const updateStats = new FrameStats();
  let last = performance.now();
  let rendered = false;
  let liveSeen = -1;
  let liveAt = 0;
  /** live: the twin's new trucks and clock into the view (a few times a second, or when events came) */
  const followTwin = (now: number): void => {
    if (!feed) return;
    const lt = feed.tracks;
    if (lt.version === liveSeen && now - liveAt < 250) return;
    liveAt = now;
    lt.advanceTo(feed.now());
    liveSeen = lt.version;
    clock.t1 = lt.t1;
    const old = trucks.ensureCapacity();
    if (old) {
      site.scene.remove(old);
      site.scene.add(trucks.mesh);
      old.dispose();
      clock.jumped = true;
    }
    setTitle();
  };
  const frame = (now: number): void => {
    const dt = Math.min(0.25, Math.max(0, (now - last) / 1000));
    last = now;
    const a = performance.now();
    followTwin(now);
    clock.tick(dt);
    const snap = clock.jumped;
    clock.jumped = false;
    trucks.update(clock.t, dt, snap);
    updateStats.add(performance.now() - a);
    site.setBooms(trucks.boomOpen, dt);
    site.render();
    controls.frame();
    kpi.update(clock.t, trucks.count);
    panel.tick(clock.t, now, snap);
    stats.add(performance.now() - a);
    if (!rendered) {
      rendered = true;
      $('loading').hidden = true;
      hooks.ready = true;
    }
    requestAnimationFrame(frame);
  };

  Object.assign(hooks, {
    seek: (t: number) => {
      followTwin(performance.now());
      clock.seek(t);
      clock.jumped = false;
      trucks.update(clock.t, 0, true);
      site.setBooms(trucks.boomOpen, 0);
      controls.frame();
      kpi.update(clock.t, trucks.count);
      panel.tick(clock.t, performance.now(), true);
    },
    play: () => clock.play(),
    pause: () => clock.pause(),
    time: () => clock.t,
    visibleTrucks: () => trucks.count,
    truckScreenPosition: screenPos,
    truckIndexByRef: (ref: number) => data.refToIndex.get(ref) ?? -1,
    positions: () => {
      const out: number[] = [];
      for (let a = 0; a < trucks.count; a++) {
        const i = trucks.instToTruck[a];
        out.push(trucks.px[i], trucks.pz[i]);
      }
      return out;
    },
    frameStats: () => {
      const u = updateStats.stats();
      return { ...stats.stats(), updateMedianMs: u.medianMs, updateP95Ms: u.p95Ms };
    },
    resetFrameStats: () => { stats.reset(); updateStats.reset(); },
    selectTruck: (i: number) => select(i),
    live: () => (feed ? { following: clock.following, t1: clock.t1, trucks: data.n, state: feed.state, counts: { ...feed.tracks.counts } } : null),
  } satisfies Partial<ViewerHooks>);
  requestAnimationFrame(frame);
}

main().catch((err: unknown) => showError(`The viewer failed: ${(err as Error).message}`));
