/**
 * Following a live twin: its site (GET api/twin/site), then its event stream (SSE, api/twin/events)
 * from the first event the twin still holds, into LiveTracks. On a drop the stream is opened again
 * from the last event received (`?since=`), so nothing is lost or applied twice; messages at or
 * before it are skipped. The twin's clock is its `now_s` at hello, moved on by the page's clock.
 */
import { fetchTwinSite, twinApiUrl, type TwinSite } from './api.js';
import { LiveTracks, type TwinEventLike } from './live-tracks.js';

const RECONNECT_MS = 2000;
/** how long the page waits for the twin's history before it shows what it has */
const HISTORY_WAIT_MS = 20_000;

export type FeedState = 'connecting' | 'live' | 'reconnecting';

export class LiveFeed {
  readonly tracks: LiveTracks;
  state: FeedState = 'connecting';
  /** the twin no longer held events before this one when the page connected (0: it had them all) */
  gapBefore = 0;
  /**
   * events the page never got: after a drop, the twin no longer held some of those that came while
   * the page was away (its trucks may then stay where they were last seen); 0 when none
   */
  missedEvents = 0;
  private lastId = 0;
  private target = Infinity;
  private syncS: number;
  private syncAt = performance.now();
  /** the twin's clock runs from its first input on: before it (now_s 0, no event), now is 0, not the page's time */
  private clockRunning = false;
  private es: EventSource | null = null;
  private historyDone: (() => void) | null = null;
  private closed = false;

  private constructor(readonly site: TwinSite) {
    this.tracks = new LiveTracks(site, site.queues.awaiting_gate);
    this.syncS = site.now_s;
    this.clockRunning = site.now_s > 0 || site.origin !== null;
  }

  /** Connects and resolves once the twin's history is in (or after HISTORY_WAIT_MS with what came). */
  static async open(): Promise<LiveFeed> {
    const feed = new LiveFeed(await fetchTwinSite());
    await new Promise<void>((done) => {
      feed.historyDone = done;
      setTimeout(done, HISTORY_WAIT_MS);
      feed.connect();
    });
    feed.historyDone = null;
    return feed;
  }

  /** The twin's time now (s since its log's first input). */
  now(): number {
    if (!this.clockRunning) return Math.max(this.tracks.lastEventT, this.syncS);
    return Math.max(this.tracks.lastEventT, this.syncS + (performance.now() - this.syncAt) / 1000);
  }

  close(): void {
    this.closed = true;
    this.es?.close();
  }

  private caughtUp(): void {
    if (this.lastId >= this.target) this.historyDone?.();
  }

  private connect(): void {
    if (this.closed) return;
    const es = new EventSource(twinApiUrl(`events?since=${this.lastId}`));
    this.es = es;
    es.addEventListener('hello', (m) => {
      const h = JSON.parse((m as MessageEvent<string>).data) as { now_s: number; last_event?: number };
      this.syncS = h.now_s;
      this.syncAt = performance.now();
      if (h.now_s > 0 || (h.last_event ?? 0) > 0) this.clockRunning = true;
      this.target = h.last_event ?? 0;
      this.state = 'live';
      this.caughtUp();
    });
    es.addEventListener('gap', (m) => {
      const g = JSON.parse((m as MessageEvent<string>).data) as { oldest_event: number };
      if (this.lastId === 0) this.gapBefore = g.oldest_event;
      // back after a long drop: those after the last received and before the oldest kept are gone
      else this.missedEvents += Math.max(0, g.oldest_event - this.lastId - 1);
    });
    es.addEventListener('twin', (m) => {
      const msg = m as MessageEvent<string>;
      const id = Number(msg.lastEventId);
      if (Number.isFinite(id) && id > 0 && id <= this.lastId) return;
      this.tracks.add(JSON.parse(msg.data) as TwinEventLike[]);
      if (Number.isFinite(id) && id > 0) this.lastId = id;
      if (!this.clockRunning) {
        // the twin's first input: its clock starts at that event's time, now
        this.clockRunning = true;
        this.syncS = this.tracks.lastEventT;
        this.syncAt = performance.now();
      }
      this.caughtUp();
    });
    es.onerror = () => {
      // the browser's own retry would ask from the URL's `since` again: reconnect from the last event instead
      es.close();
      if (this.closed) return;
      this.state = 'reconnecting';
      setTimeout(() => this.connect(), RECONNECT_MS);
    };
  }
}
