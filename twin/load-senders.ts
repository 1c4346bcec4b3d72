/**
 * `ctwin load`'s ends of the three transports, each answering one attempt to send one frame. A
 * lost connection (the twin killed, restarted, shutting down) is an attempt that `failed`, never a
 * frame lost: the driver (twin/load.ts) sends the frame again after a back-off, and the connection
 * is made again when the next frame needs it. Sending again is safe: every frame carries its
 * device's sequence number, and the twin stores a (device, seq) once, answering a second copy
 * "duplicate" (HTTP, gateway link; MQTT's PUBACK cannot say so).
 */
import http from 'node:http';
import mqtt from 'mqtt';
import type { EmuFrame } from '../hardware-emu/emulated-gate.js';
import { frameHeaders } from '../hardware-emu/transports/http.js';
import { connectGateway, type GatewayClient } from './gateway-client.js';

/** One attempt's outcome: `failed` is worth retrying (the twin did not decide); `rejected` is the twin's verdict. */
export type Attempt = { ack: 'accepted' } | { ack: 'duplicate' } | { ack: 'rejected'; reason: string } | { ack: 'failed'; reason: string };

export interface Sender {
  send(f: EmuFrame, seq: number): Promise<Attempt>;
  /** connections made again after one was lost (null: HTTP, whose agent reconnects unseen) */
  reconnects(): number | null;
  close(): Promise<void>;
}

const failed = (reason: string): Attempt => ({ ack: 'failed', reason });
const messageOf = (err: unknown) => (err as Error).message;

/**
 * A connection made again once lost: one attempt at a time, shared by every frame waiting for it;
 * a failed attempt fails those frames' sends (they back off and come again), it is not retried here.
 */
function reconnecting<C>(first: C, open: () => Promise<C>, drop: (c: C) => Promise<void> | void) {
  let current: C | null = first;
  let opening: Promise<C> | null = null;
  let made = 0;
  let closed = false;
  return {
    get(): Promise<C> {
      if (current !== null) return Promise.resolve(current);
      if (closed) return Promise.reject(new Error('closed'));
      opening ??= open()
        .then(async (c) => {
          // opened after the run ended: not kept
          if (closed) throw (await drop(c), new Error('closed'));
          made++;
          return (current = c);
        })
        .finally(() => (opening = null));
      return opening;
    },
    /** `c` was found dead: the next get() opens another */
    lost(c: C): void {
      if (current !== c) return;
      current = null;
      void drop(c);
    },
    reconnects: () => made,
    async close(): Promise<void> {
      closed = true;
      await opening?.catch(() => undefined);
      if (current !== null) await drop(current);
      current = null;
    },
  };
}

/** The gateway link: one connection per gate, frames of lane Ln on connection n. */
export async function tcpSender(url: string, token: string, gates: number): Promise<Sender> {
  const links: ReturnType<typeof reconnecting<GatewayClient>>[] = [];
  // the first connections are made before the run: a wrong token or no link is an error at once
  for (let i = 0; i < gates; i++) links.push(reconnecting<GatewayClient>(await connectGateway(url, token), () => connectGateway(url, token), (c) => c.close()));
  return {
    async send(f, seq) {
      const link = links[(Number(f.lane.slice(1)) - 1) % links.length];
      let c: GatewayClient;
      try {
        c = await link.get();
      } catch (err) {
        return failed(`connect: ${messageOf(err)}`);
      }
      const a = await c.send({ lane: f.lane, device: f.device, format: f.format, seq }, f.bytes);
      if (a.status === 'lost') return (link.lost(c), failed(a.reason));
      // "unavailable": the twin is shutting down or could not write its log; not a verdict on the frame
      if (a.status === 'rejected') return a.reason.startsWith('unavailable') ? failed(a.reason) : { ack: 'rejected', reason: a.reason };
      return { ack: a.status };
    },
    reconnects: () => links.reduce((n, l) => n + l.reconnects(), 0),
    close: async () => void (await Promise.all(links.map((l) => l.close()))),
  };
}

/** POST /ingest over keep-alive connections (the agent opens new ones when the twin has closed them). */
export function httpSender(url: string, token: string, connections: number): Sender {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  return {
    send: (f, seq) =>
      new Promise((resolve) => {
        const req = http.request(target, { method: 'POST', agent, headers: frameHeaders({ ...f, seq }, token) }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (b: Buffer) => chunks.push(b));
          res.on('error', (e) => resolve(failed(e.message)));
          res.on('end', () => {
            const s = res.statusCode ?? 0;
            const body = Buffer.concat(chunks).toString('utf8');
            if (s >= 200 && s < 300) resolve({ ack: body.includes('"duplicate"') ? 'duplicate' : 'accepted' });
            // 503: the twin is shutting down or could not write its log; any 5xx is not a verdict
            else if (s >= 500) resolve(failed(`HTTP ${s} ${body.slice(0, 200)}`));
            else resolve({ ack: 'rejected', reason: `${s} ${body.slice(0, 200)}` });
          });
        });
        req.on('error', (e) => resolve(failed(e.message)));
        req.end(Buffer.from(f.bytes));
      }),
    reconnects: () => null,
    close: async () => agent.destroy(),
  };
}

/** MQTT, QoS 1: one client per gate; the PUBACK comes once the twin has logged the frame (or refused it). */
export async function mqttSender(url: string, token: string, gates: number): Promise<Sender> {
  const links: ReturnType<typeof reconnecting<mqtt.MqttClient>>[] = [];
  const open = async (i: number): Promise<mqtt.MqttClient> => {
    // no retries of its own (reconnectPeriod 0, allowRetries false): the driver decides when to try again
    const c = await mqtt.connectAsync(url, { clientId: `ctwin-load-${process.pid}-${i}`, username: 'ctwin-load', password: token, reconnectPeriod: 0, connectTimeout: 5000 }, false);
    // a lost connection shows as 'close'; ending the client (forced) fails the publishes waiting for a PUBACK
    c.on('error', () => undefined);
    c.on('close', () => links[i]?.lost(c));
    return c;
  };
  const drop = (c: mqtt.MqttClient) => void c.end(true);
  for (let i = 0; i < gates; i++) links.push(reconnecting(await open(i), () => open(i), drop));
  return {
    async send(f, seq) {
      const link = links[(Number(f.lane.slice(1)) - 1) % links.length];
      let c: mqtt.MqttClient;
      try {
        c = await link.get();
      } catch (err) {
        return failed(`connect: ${messageOf(err)}`);
      }
      // a client not connected would queue the publish until it is: never, with no reconnect of its own
      if (!c.connected) return (link.lost(c), failed('connection closed'));
      try {
        await c.publishAsync(`ctwin/${f.lane}/${f.device}/${f.format}/${seq}`, Buffer.from(f.bytes), { qos: 1 });
        // the PUBACK says only that the twin has the frame (logged, a duplicate, or refused: a
        // refusal is published on …/rejected); the log check tells whether all were taken
        return { ack: 'accepted' };
      } catch (err) {
        link.lost(c);
        return failed(messageOf(err));
      }
    },
    reconnects: () => links.reduce((n, l) => n + l.reconnects(), 0),
    close: async () => void (await Promise.all(links.map((l) => l.close()))),
  };
}
