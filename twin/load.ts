/**
 * `ctwin load`: emulated gates driven against a running twin at a fixed rate, measuring what a
 * site would see: throughput, failures, and latency from a frame sent to its acknowledgement,
 * which the twin gives only once the frame is in the durable log and applied to the state (so the
 * latency is frame received → committed → visible, plus the network).
 *
 * Open loop: frame i is due at i / rate whatever the twin answers, so a slow twin shows as
 * latency and backlog, not as a politely lower send rate (no coordinated omission). The frames are
 * the emulated gate's (hardware-emu/emulated-gate.ts: real encoded ANPR, OCR, RFID, weighbridge,
 * radiation and front-end frames), cycled with fresh sequence numbers when more are needed; the
 * sequence numbers start from a base taken from the clock, so runs against the same log do not
 * collide as duplicates.
 *
 * Faults: an attempt that fails (connection refused or lost, the twin restarting or shutting
 * down) is counted and the frame sent again after an exponential back-off, until it is
 * acknowledged or `retryForS` after it was due (then it is given up). The twin's dedupe on
 * (device, seq) makes sending again safe. Latency is of acknowledged frames only; failures are
 * counts of their own. The check at the end is against the durable log, which survives a restart
 * (the twin's process counters do not): its inputs from this transport grew by exactly the frames
 * this run got into it.
 */
import { emulatedGate, type EmuFrame } from '../hardware-emu/emulated-gate.js';
import { httpSender, mqttSender, tcpSender, type Attempt, type Sender } from './load-senders.js';

export interface LoadOptions {
  /** the twin's base URL, e.g. http://127.0.0.1:8080 */
  twin: string;
  gates: number;
  /** frames per second, all gates together */
  rate: number;
  durationS: number;
  transport: 'tcp' | 'http' | 'mqtt';
  token: string;
  seed: number;
  /** HTTP: concurrent keep-alive connections (default 4 per gate, at least 8) */
  connections?: number;
  /** clock for the sequence-number base (injected in tests) */
  seqBase?: number;
  /** seconds after a frame was due that it is still sent again (default RETRY_FOR_S) */
  retryForS?: number;
}

export interface Percentiles { n: number; p50: number | null; p90: number | null; p99: number | null; max: number | null; mean: number | null }

export interface LoadResult {
  twin: string;
  transport: string;
  gates: number;
  rate_target: number;
  duration_s: number;
  /** frames sent at least once */
  sent: number;
  /** frames the run never sent (the twin stopped answering and too many were waiting) */
  not_sent: number;
  /** frames the twin acknowledged: accepted + duplicates */
  acknowledged: number;
  accepted: number;
  /** acknowledged as already in the log (over MQTT, always 0: its PUBACK cannot say) */
  duplicates: number;
  /** of those, answered to a resend: the frame's own earlier attempt had reached the log before its answer was lost */
  duplicates_on_resend: number;
  /** refused by the twin (bad token, unknown device, …): a verdict, not retried */
  rejected: number;
  /** attempts that failed (connection refused or lost, twin unavailable, HTTP 5xx); each frame was sent again */
  failed_attempts: number;
  /** sends after a frame's first */
  resent: number;
  /** frames sent and neither acknowledged nor rejected within the retry window */
  given_up: number;
  /** gateway link / MQTT connections made again after one was lost (null for HTTP) */
  reconnects: number | null;
  /** rejection reasons seen (the first 20 kinds) */
  reasons: Record<string, number>;
  /** why attempts failed (the first 20 kinds) */
  failures: Record<string, number>;
  /** frames acknowledged per second of wall time, from the first send to the last answer */
  throughput_fps: number;
  send_rate_fps: number;
  /** acknowledged frames only: from when the frame was due (its first send) to its acknowledgement, retries included */
  latency_ms: Percentiles;
  /** acknowledged frames only: from the last send (the one acknowledged) to its acknowledgement */
  latency_last_attempt_ms: Percentiles;
  /**
   * the durable log's inputs from this transport (GET /api/site `log.by_source`, read back from
   * the log at the twin's start, so a restart does not reset it): grew by at least `expected_min`
   * and at most `expected_max`. Over HTTP and the gateway link, with nothing given up, both are
   * the frames accepted plus those acknowledged as duplicates of their own earlier attempt; over
   * MQTT a resend's PUBACK may be for a duplicate, so the range is from the frames acknowledged at
   * their first attempt to all acknowledged. A frame given up may have reached the log: each adds
   * one to `expected_max`. `after` and `delta` are null when the twin did not answer at the end
   * (then the check fails).
   */
  logged: { source: string; before: number; after: number | null; delta: number | null; expected_min: number; expected_max: number; matches: boolean };
}

/** Default retry window: a frame is sent again for this long after it was due. */
export const RETRY_FOR_S = 30;
/** back-off before the second attempt (ms); doubled each time, up to BACKOFF_CAP_MS */
const BACKOFF_BASE_MS = 50;
const BACKOFF_CAP_MS = 1000;
/** a frame is sent at most this many times (the retry window usually ends it first) */
const MAX_ATTEMPTS = 100;
/** kinds of reasons kept */
const MAX_REASON_KINDS = 20;

interface SiteInfo { lanes: string[]; logged: number; links: { tcp: string | null; mqtt: string | null; http_ingest: string | null } }

async function siteInfo(twin: string, source: string): Promise<SiteInfo> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/site', twin));
  } catch (err) {
    throw new Error(`--twin ${twin}: no twin answers there (${(err as Error).message})`);
  }
  if (!res.ok) throw new Error(`--twin ${twin}: GET /api/site gave ${res.status}`);
  const s = (await res.json()) as { lanes: string[]; log: { by_source?: Record<string, number> }; links: SiteInfo['links'] };
  if (s.log.by_source === undefined) throw new Error(`--twin ${twin}: GET /api/site has no log.by_source (a twin older than this ctwin)`);
  return { lanes: s.lanes, logged: s.log.by_source[source] ?? 0, links: s.links };
}

/**
 * Back-off before attempt `attempt` (≥ 2) of frame `i`: exponential, capped, times a jitter in
 * [0.5, 1) that differs from frame to frame (deterministic: a low-discrepancy sequence, no
 * randomness needed), so frames that failed together do not all come back together.
 */
export function backoffMs(i: number, attempt: number): number {
  const jitter = 0.5 + 0.5 * ((i * 0.6180339887498949 + attempt * 0.7548776662466927) % 1);
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 2)) * jitter;
}

/** Frames of `gates` emulated lanes, at least `n` of them (or everything the gate makes in a day). */
function framePool(gates: number, n: number, seed: number): EmuFrame[] {
  for (let minutes = 10; ; minutes *= 2) {
    const g = emulatedGate({ seed, lanes: gates, minutes, passagesPerHour: 120 });
    if (g.frames.length >= n || minutes >= 24 * 60) return g.frames;
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const pct = (sorted: Float64Array, p: number) => (sorted.length === 0 ? null : round3(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]));
function percentiles(xs: number[]): Percentiles {
  const s = Float64Array.from(xs).sort();
  return { n: s.length, p50: pct(s, 0.5), p90: pct(s, 0.9), p99: pct(s, 0.99), max: s.length ? round3(s[s.length - 1]) : null, mean: s.length ? round3(s.reduce((a, x) => a + x, 0) / s.length) : null };
}
const tally = (into: Record<string, number>, reason: string) => {
  const key = reason.slice(0, 80);
  if (Object.keys(into).length < MAX_REASON_KINDS || key in into) into[key] = (into[key] ?? 0) + 1;
};

/** GET /api/site once more at the end, a few times (about 5 s) if the twin is between a kill and a restart; null if it never answers. */
async function siteInfoAgain(twin: string, source: string): Promise<SiteInfo | null> {
  for (let attempt = 2; attempt <= 12; attempt++) {
    try {
      return await siteInfo(twin, source);
    } catch {
      await new Promise((r) => setTimeout(r, backoffMs(0, attempt)));
    }
  }
  return null;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (!(o.rate > 0 && o.durationS > 0 && o.gates >= 1)) throw new Error('rate, duration and gates must be positive');
  const retryForMs = (o.retryForS ?? RETRY_FOR_S) * 1000;
  if (!(retryForMs >= 0)) throw new Error('the retry window must be zero or more seconds');
  const site = await siteInfo(o.twin, o.transport);
  if (o.gates > site.lanes.length) throw new Error(`--gates ${o.gates}: the twin's site has ${site.lanes.length} lanes (${site.lanes.join(', ')})`);
  const total = Math.max(1, Math.round(o.rate * o.durationS));
  const pool = framePool(o.gates, Math.min(total, 200_000), o.seed);
  if (pool.length === 0) throw new Error('the emulated gate made no frames');
  let sender: Sender;
  if (o.transport === 'tcp') {
    if (site.links.tcp === null) throw new Error('the twin has no gateway link (started with --tcp-port off)');
    sender = await tcpSender(site.links.tcp, o.token, o.gates);
  } else if (o.transport === 'mqtt') {
    if (site.links.mqtt === null) throw new Error('the twin has no MQTT broker (started with --mqtt-port off)');
    sender = await mqttSender(site.links.mqtt, o.token, o.gates);
  } else sender = httpSender(site.links.http_ingest ?? new URL('/ingest', o.twin).href, o.token, o.connections ?? Math.max(8, 4 * o.gates));

  const seqBase = o.seqBase ?? (Date.now() - 1_700_000_000_000) * 1000;
  const nextSeq = new Map<string, number>();
  const sinceDue: number[] = [];
  const sinceLastSend: number[] = [];
  const counts = { accepted: 0, duplicates: 0, duplicates_on_resend: 0, rejected: 0, failed_attempts: 0, resent: 0, given_up: 0 };
  /** acknowledged at their first attempt (the log check's lower bound over MQTT) */
  let ackedFirstTime = 0;
  const reasons: Record<string, number> = {};
  const failures: Record<string, number> = {};
  /** frames acknowledged, rejected or given up */
  let settled = 0;
  let sent = 0;
  /** set when the run stops waiting: late answers and pending retries are then ignored */
  let over = false;
  const start = performance.now();
  let lastAnswer = start;
  let lastSend = start;
  let sending = true;
  let allSettled: (() => void) | null = null;
  const settle = () => {
    settled++;
    if (!sending && settled === sent) allSettled?.();
  };

  /** Sends frame `i` until it is acknowledged, rejected, or its retry window or attempts run out. */
  const deliver = (i: number, f: EmuFrame, seq: number, due: number) => {
    const attempt = (n: number) => {
      const at = performance.now();
      if (n > 1) counts.resent++;
      void sender.send(f, seq).then((r: Attempt) => {
        if (over) return;
        const now = performance.now();
        if (r.ack === 'accepted' || r.ack === 'duplicate') {
          lastAnswer = now;
          // acknowledged frames only; from due, the latency a site sees (retries included)
          sinceDue.push(now - due);
          sinceLastSend.push(now - at);
          if (r.ack === 'accepted') counts.accepted++;
          else (counts.duplicates++, n > 1 && counts.duplicates_on_resend++);
          if (n === 1) ackedFirstTime++;
          return settle();
        }
        if (r.ack === 'rejected') {
          lastAnswer = now;
          counts.rejected++;
          tally(reasons, r.reason);
          return settle();
        }
        counts.failed_attempts++;
        tally(failures, r.reason);
        const wait = backoffMs(i, n + 1);
        if (n >= MAX_ATTEMPTS || now + wait > due + retryForMs) return (counts.given_up++, settle());
        setTimeout(() => !over && attempt(n + 1), wait);
      });
    };
    attempt(1);
  };

  let giveUp: NodeJS.Timeout | undefined;
  try {
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * o.rate) + 1);
      // a twin that stops answering: stop sending once half a million frames are waiting
      if (sent - settled > 500_000) break;
      for (; sent < due; sent++) {
        const f = pool[sent % pool.length];
        const seq = seqBase + (nextSeq.get(f.device) ?? 0);
        nextSeq.set(f.device, seq - seqBase + 1);
        // latency counts from when the frame was due, not when this loop got to it: a stall
        // here (or in the twin, holding the loop back) shows, it is not hidden (no coordinated omission)
        deliver(sent, f, seq, start + (sent / o.rate) * 1000);
      }
      lastSend = performance.now();
      // a short sleep: the timer resolution bounds the pacing error, not the rate
      await new Promise((r) => setTimeout(r, 1));
    }
    sending = false;
    // every frame settled, or the last one's retry window is over (the bound must not keep the process alive after)
    const lastDue = start + ((sent - 1) / o.rate) * 1000;
    if (settled < sent) await new Promise<void>((r) => ((allSettled = r), (giveUp = setTimeout(r, Math.max(0, lastDue + retryForMs - performance.now()) + 100))));
  } finally {
    over = true;
    clearTimeout(giveUp);
    await sender.close();
  }
  // sent and still waiting for an answer when the window closed
  counts.given_up += sent - settled;
  const after = await siteInfoAgain(o.twin, o.transport);
  const acknowledged = counts.accepted + counts.duplicates;
  const wall = (lastAnswer - start) / 1000;
  const delta = after === null ? null : after.logged - site.logged;
  const [expectedMin, expectedMax] = o.transport === 'mqtt'
    ? [ackedFirstTime, acknowledged + counts.given_up]
    : [counts.accepted + counts.duplicates_on_resend, counts.accepted + counts.duplicates_on_resend + counts.given_up];
  return {
    twin: o.twin, transport: o.transport, gates: o.gates, rate_target: o.rate, duration_s: o.durationS,
    sent, not_sent: total - sent, acknowledged, ...counts, reconnects: sender.reconnects(), reasons, failures,
    throughput_fps: Math.round((acknowledged / Math.max(wall, 1e-9)) * 10) / 10,
    send_rate_fps: Math.round((sent / Math.max((lastSend - start) / 1000, 1e-9)) * 10) / 10,
    latency_ms: percentiles(sinceDue),
    latency_last_attempt_ms: percentiles(sinceLastSend),
    logged: { source: o.transport, before: site.logged, after: after?.logged ?? null, delta, expected_min: expectedMin, expected_max: expectedMax, matches: delta !== null && delta >= expectedMin && delta <= expectedMax },
  };
}
