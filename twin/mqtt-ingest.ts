/**
 * Device frames over MQTT: the twin runs its own broker (aedes) on 127.0.0.1; devices publish
 * at QoS 1 on `ctwin/<lane>/<device>/<format>` (the emulators' topics), optionally with a fifth
 * level, the device's sequence number, so that a redelivered message is applied once. Connecting
 * takes the token as the password.
 *
 * The broker acknowledges a message (PUBACK) only after the twin has logged and applied it. A
 * refused frame is still acknowledged at the MQTT level (MQTT 3.1.1 has no negative PUBACK, and
 * refusing would disconnect the device); the twin publishes why on
 * `ctwin/<lane>/<device>/rejected` (a topic the twin cannot place: on `ctwin/rejected`). Nobody
 * but the twin may publish on the twin's output topics. Replies to front-ends go out on
 * `ctwin/<lane>/<lane>-frontend/gather-reply`, barrier commands on
 * `ctwin/<lane>/<lane>-barrier/barrier-command`.
 */
import net from 'node:net';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import { gatherReplyCodec } from '../hardware-emu/gate-frontend/gather-info.js';
import { barrierCommandCodec } from '../hardware-emu/barrier/barrier.js';
import { tokenMatches } from './auth.js';
import type { BarrierLink, TwinRuntime } from './runtime.js';
import type { BarrierOrder } from './site-state.js';

export interface MqttIngest {
  port: number;
  url: string;
  counters: { published: number; refused: number; badTopic: number; forged: number };
  /** sends barrier commands to the barriers subscribed on the broker */
  barrierLink: BarrierLink;
  close(): Promise<void>;
}

const TOPIC = /^ctwin\/([^/]*)\/([^/]+)\/([^/]+)(?:\/(\d{1,15}))?$/;
/** topics' last level where the twin answers: nobody else may publish there */
const OUTPUTS: ReadonlySet<string> = new Set(['rejected', 'gather-reply', 'barrier-command']);

export async function startMqttIngest(rt: TwinRuntime, token: string, port: number, host = '127.0.0.1'): Promise<MqttIngest> {
  const broker = await Aedes.createBroker();
  const counters = { published: 0, refused: 0, badTopic: 0, forged: 0 };
  // QoS 1 to subscribers: a barrier command must not be lost on a reconnect
  const out = (topic: string, payload: Uint8Array | string) => broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, () => {});
  broker.authenticate = (_client, _user, password, done) => {
    const ok = password !== undefined && tokenMatches(token, password.toString('utf8'));
    if (!ok) counters.refused++;
    done(null, ok);
  };
  broker.authorizePublish = (client: Client | null, packet: PublishPacket, done: (err?: Error | null) => void) => {
    // the broker's own messages (replies, commands) and $SYS are not device frames
    if (client === null) return done(null);
    if (packet.topic.startsWith('$SYS')) return done(new Error('$SYS topics are reserved'));
    const m = TOPIC.exec(packet.topic);
    // the twin's own outputs are the twin's to publish: a client that forges a barrier command or
    // a customs reply is cut off (MQTT 3.1.1 has no other way to refuse a publish)
    if (packet.topic === 'ctwin/rejected' || (m !== null && OUTPUTS.has(m[3]))) {
      counters.forged++;
      return done(new Error(`${packet.topic}: only the twin publishes here`));
    }
    if (m === null) {
      // not a frame the twin can place: acknowledged (else the device would be disconnected), said why, not logged
      counters.badTopic++;
      out('ctwin/rejected', JSON.stringify({ status: 'rejected', reason: 'bad-topic', topic: packet.topic.slice(0, 256), message: 'expected ctwin/<lane>/<device>/<format>[/<seq>]' }));
      return done(null);
    }
    counters.published++;
    const [, lane, device, format, seqText] = m;
    const bytes = packet.payload as Buffer;
    void rt.submit({ source: 'mqtt', lane, device, format, seq: seqText === undefined ? null : Number(seqText), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }).then((r) => {
      if (r.status === 'rejected') out(`ctwin/${lane}/${device}/rejected`, JSON.stringify(r));
      else if (r.status === 'accepted' && r.reply !== undefined) out(`ctwin/${lane}/${lane}-frontend/gather-reply`, gatherReplyCodec.encode(r.reply));
      done(null);
    });
  };
  const server = net.createServer(broker.handle);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((ok, bad) => (server.once('error', bad), server.listen(port, host, () => ok())));
  const actual = (server.address() as net.AddressInfo).port;
  return {
    port: actual,
    url: `mqtt://${host.includes(":") ? `[${host}]` : host}:${actual}`,
    counters,
    barrierLink: { send: (o: BarrierOrder) => out(`ctwin/${o.lane}/${o.device}/barrier-command`, barrierCommandCodec.encode(o.command)) },
    close: async () => {
      await new Promise<void>((ok) => broker.close(() => ok()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
