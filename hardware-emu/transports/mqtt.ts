/**
 * MQTT transport: an embedded aedes broker on 127.0.0.1 and a publisher that puts each frame on
 * `ctwin/<lane>/<device>/<format>` at QoS 1 (the broker acknowledges every frame).
 */
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import type { EmuFrame } from '../emulated-gate.js';
import type { Transport } from './replay.js';

export const topicOf = (f: Pick<EmuFrame, 'lane' | 'device' | 'format'>): string => `ctwin/${f.lane}/${f.device}/${f.format}`;

export interface MqttBroker { url: string; stop(): Promise<void> }

export async function startMqttBroker(): Promise<MqttBroker> {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((res, rej) => (server.once('error', rej), server.listen(0, '127.0.0.1', () => res())));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    stop: async () => {
      await new Promise<void>((res) => broker.close(() => res()));
      // clients that did not disconnect would keep the server open
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}

/**
 * `token`: the password (a twin's broker wants it); with it, topics get the frame's sequence
 * number as a fifth level, `ctwin/<lane>/<device>/<format>/<seq>`, so the twin applies a
 * redelivered message once.
 */
export async function startMqttPublisher(url: string, token?: string): Promise<Transport> {
  const client = await mqtt.connectAsync(url, { clientId: `ctwin-emu-${process.pid}`, reconnectPeriod: 0, ...(token !== undefined ? { username: 'ctwin-emu', password: token } : {}) });
  const c = { published: 0, acked: 0, failed: 0 };
  return {
    addresses: () => [`mqtt publish ${url} ctwin/<lane>/<device>/<format>`],
    async send(f) {
      c.published++;
      try {
        const topic = token !== undefined && f.seq !== undefined ? `${topicOf(f)}/${f.seq}` : topicOf(f);
        await client.publishAsync(topic, Buffer.from(f.bytes), { qos: 1 });
        c.acked++;
      } catch {
        c.failed++; // counted: the run goes on and the accounting shows the loss
      }
    },
    counters: () => ({ ...c }),
    stop: () => client.endAsync(),
  };
}
