/**
 * `ctwin load`: emulated gates driven against a running twin at a fixed rate, measuring what a
 * site would see: throughput, errors, and latency from a frame sent to its acknowledgement, which
 * the twin gives only once the frame is in the durable log and applied to the state (so the
 * latency is frame received → committed → visible, plus the network).
 *
 * Open loop: frame i is due at i / rate whatever the twin answers, so a slow twin shows as
 * latency and backlog, not as a politely lower send rate (no coordinated omission). The frames are
 * the emulated gate's (hardware-emu/emulated-gate.ts: real encoded ANPR, OCR, RFID, weighbridge,
 * radiation and front-end frames), cycled with fresh sequence numbers when more are needed; the
 * sequence numbers start from a base taken from the clock, so runs against the same log do not
 * collide as duplicates.
 */
import http from 'node:http';
import mqtt from 'mqtt';
import { emulatedGate, type EmuFrame } from '../hardware-emu/emulated-gate.js';
import { frameHeaders } from '../hardware-emu/transports/http.js';
import { connectGateway, type GatewayClient } from './gateway-client.js';

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
}

export interface LoadResult {
  twin: string;
  transport: string;
  gates: number;
  rate_target: number;
  duration_s: number;
  sent: number;
  /** frames the run gave up sending (the twin stopped answering) */
  not_sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** lost connections, failed requests, frames sent and never answered */
  errors: number;
  /** rejection reasons seen (first few) */
  reasons: Record<string, number>;
  /** frames answered per second of wall time, from the first send to the last answer */
  throughput_fps: number;
  send_rate_fps: number;
  latency_ms: { p50: number | null; p90: number | null; p99: number | null; max: number | null; mean: number | null };
  /** the twin's count of inputs accepted over this transport grew by exactly the frames acknowledged as accepted */
  visible: { before: number; after: number; delta: number; matches: boolean };
}

type Ack = 'accepted' | 'duplicate' | 'rejected' | 'error';
type Sender = { send(f: EmuFrame, seq: number): Promise<{ ack: Ack; reason?: string }>; close(): Promise<void> };

async function siteInfo(twin: string, source: string): Promise<{ lanes: string[]; accepted: number; links: { tcp: string | null; mqtt: string | null; http_ingest: string | null } }> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/site', twin));
  } catch (err) {
    throw new Error(`--twin ${twin}: no twin answers there (${(err as Error).message})`);
  }
  if (!res.ok) throw new Error(`--twin ${twin}: GET /api/site gave ${res.status}`);
  const s = (await res.json()) as { lanes: string[]; inputs: { by_source: Record<string, number> }; links: { tcp: string | null; mqtt: string | null; http_ingest: string | null } };
  return { lanes: s.lanes, accepted: s.inputs.by_source[source] ?? 0, links: s.links };
}

/** Frames of `gates` emulated lanes, at least `n` of them (or everything the gate makes in a day). */
function framePool(gates: number, n: number, seed: number): EmuFrame[] {
  for (let minutes = 10; ; minutes *= 2) {
    const g = emulatedGate({ seed, lanes: gates, minutes, passagesPerHour: 120 });
    if (g.frames.length >= n || minutes >= 24 * 60) return g.frames;
  }
}

async function tcpSenders(url: string, token: string, gates: number): Promise<Sender> {
  const clients: GatewayClient[] = [];
  for (let i = 0; i < gates; i++) clients.push(await connectGateway(url, token));
  const byLane = (lane: string) => clients[(Number(lane.slice(1)) - 1) % clients.length];
  return {
    async send(f, seq) {
      const a = await byLane(f.lane).send({ lane: f.lane, device: f.device, format: f.format, seq }, f.bytes);
      return a.status === 'lost' ? { ack: 'error', reason: a.reason } : a.status === 'rejected' ? { ack: 'rejected', reason: a.reason } : { ack: a.status };
    },
    close: async () => void (await Promise.all(clients.map((c) => c.close()))),
  };
}

function httpSender(url: string, token: string, connections: number): Sender {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  return {
    send: (f, seq) =>
      new Promise((resolve) => {
        const req = http.request(target, {
          method: 'POST', agent,
          headers: frameHeaders({ ...f, seq }, token),
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (b: Buffer) => chunks.push(b));
          res.on('end', () => {
            const s = res.statusCode ?? 0;
            if (s >= 200 && s < 300) {
              const body = Buffer.concat(chunks).toString('utf8');
              resolve({ ack: body.includes('"duplicate"') ? 'duplicate' : 'accepted' });
            } else if (s >= 400 && s < 500) resolve({ ack: 'rejected', reason: `${s} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}` });
            else resolve({ ack: 'error', reason: `HTTP ${s}` });
          });
        });
        req.on('error', (e) => resolve({ ack: 'error', reason: e.message }));
        req.end(Buffer.from(f.bytes));
      }),
    close: async () => agent.destroy(),
  };
}

async function mqttSenders(url: string, token: string, gates: number): Promise<Sender> {
  const clients: mqtt.MqttClient[] = [];
  for (let i = 0; i < gates; i++) clients.push(await mqtt.connectAsync(url, { clientId: `ctwin-load-${process.pid}-${i}`, username: 'ctwin-load', password: token, reconnectPeriod: 0 }));
  return {
    async send(f, seq) {
      try {
        await clients[(Number(f.lane.slice(1)) - 1) % clients.length].publishAsync(`ctwin/${f.lane}/${f.device}/${f.format}/${seq}`, Buffer.from(f.bytes), { qos: 1 });
        // the PUBACK says only that the twin has the frame (logged and applied, or refused: a
        // refusal is published on …/rejected); the `visible` check tells whether all were accepted
        return { ack: 'accepted' };
      } catch (err) {
        return { ack: 'error', reason: (err as Error).message };
      }
    },
    close: async () => void (await Promise.all(clients.map((c) => c.endAsync()))),
  };
}

const pct = (sorted: Float64Array, p: number) => (sorted.length === 0 ? null : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] * 1000) / 1000);

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  if (!(o.rate > 0 && o.durationS > 0 && o.gates >= 1)) throw new Error('rate, duration and gates must be positive');
  const site = await siteInfo(o.twin, o.transport);
  if (o.gates > site.lanes.length) throw new Error(`--gates ${o.gates}: the twin's site has ${site.lanes.length} lanes (${site.lanes.join(', ')})`);
  const total = Math.max(1, Math.round(o.rate * o.durationS));
  const pool = framePool(o.gates, Math.min(total, 200_000), o.seed);
  if (pool.length === 0) throw new Error('the emulated gate made no frames');
  let sender: Sender;
  if (o.transport === 'tcp') {
    if (site.links.tcp === null) throw new Error('the twin has no gateway link (started with --tcp-port off)');
    sender = await tcpSenders(site.links.tcp, o.token, o.gates);
  } else if (o.transport === 'mqtt') {
    if (site.links.mqtt === null) throw new Error('the twin has no MQTT broker (started with --mqtt-port off)');
    sender = await mqttSenders(site.links.mqtt, o.token, o.gates);
  } else sender = httpSender(site.links.http_ingest ?? new URL('/ingest', o.twin).href, o.token, o.connections ?? Math.max(8, 4 * o.gates));

  const seqBase = o.seqBase ?? (Date.now() - 1_700_000_000_000) * 1000;
  const nextSeq = new Map<string, number>();
  const latencies: number[] = [];
  const counts = { accepted: 0, duplicates: 0, rejected: 0, errors: 0 };
  const reasons: Record<string, number> = {};
  let answered = 0;
  let sent = 0;
  const start = performance.now();
  let lastAnswer = start;
  let lastSend = start;
  let allAnswered: (() => void) | null = null;
  let giveUp: NodeJS.Timeout | undefined;
  try {
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * o.rate) + 1);
      // a twin that stops answering: stop sending once half a million frames are waiting
      if (sent - answered > 500_000) break;
      for (; sent < due; sent++) {
        const f = pool[sent % pool.length];
        const seq = seqBase + (nextSeq.get(f.device) ?? 0);
        nextSeq.set(f.device, seq - seqBase + 1);
        // latency counts from when the frame was due, not when this loop got to it: a stall
        // here (or in the twin, holding the loop back) shows, it is not hidden (no coordinated omission)
        const due0 = start + (sent / o.rate) * 1000;
        void sender.send(f, seq).then((r) => {
          const now = performance.now();
          latencies.push(now - due0);
          answered++;
          lastAnswer = now;
          if (r.ack === 'accepted') counts.accepted++;
          else if (r.ack === 'duplicate') counts.duplicates++;
          else {
            if (r.ack === 'rejected') counts.rejected++;
            else counts.errors++;
            const key = (r.reason ?? r.ack).slice(0, 80);
            if (Object.keys(reasons).length < 20 || key in reasons) reasons[key] = (reasons[key] ?? 0) + 1;
          }
          if (answered === sent && sent === total) allAnswered?.();
        });
      }
      lastSend = performance.now();
      // a short sleep: the timer resolution bounds the pacing error, not the rate
      await new Promise((r) => setTimeout(r, 1));
    }
    // every frame answered, or 30 s more at most (the bound must not keep the process alive after)
    if (answered < sent) await new Promise<void>((r) => ((allAnswered = r), (giveUp = setTimeout(r, 30_000))));
  } finally {
    clearTimeout(giveUp);
    await sender.close();
  }
  counts.errors += sent - answered; // sent and never answered within 30 s
  const lat = Float64Array.from(latencies).sort();
  const after = await siteInfo(o.twin, o.transport);
  const wall = (lastAnswer - start) / 1000;
  return {
    twin: o.twin, transport: o.transport, gates: o.gates, rate_target: o.rate, duration_s: o.durationS,
    sent, not_sent: total - sent, ...counts, reasons,
    throughput_fps: Math.round((answered / Math.max(wall, 1e-9)) * 10) / 10,
    send_rate_fps: Math.round((sent / Math.max((lastSend - start) / 1000, 1e-9)) * 10) / 10,
    latency_ms: { p50: pct(lat, 0.5), p90: pct(lat, 0.9), p99: pct(lat, 0.99), max: lat.length ? Math.round(lat[lat.length - 1] * 1000) / 1000 : null, mean: lat.length ? Math.round((lat.reduce((s, x) => s + x, 0) / lat.length) * 1000) / 1000 : null },
    visible: { before: site.accepted, after: after.accepted, delta: after.accepted - site.accepted, matches: after.accepted - site.accepted === counts.accepted },
  };
}
