/**
 * The client end of the gateway link (twin/gateway-link.ts): one TCP connection to a twin, HELLO
 * with the token, then frames, each promise settled by its ACK. Used by `ctwin emu --transport tcp
 * --target tcp://…` and by `ctwin load`. If the connection fails, every frame still waiting is
 * answered `lost` (its fate is unknown to the sender), never left hanging.
 */
import net from 'node:net';
import { ACK, ACK_ACCEPTED, ACK_DUPLICATE, ERROR, batchedWriter, frameMessage, helloMessage, linkDeframer, type FrameHeader } from './gateway-link.js';

export type GatewayAck = { status: 'accepted'; reply: Buffer } | { status: 'duplicate' } | { status: 'rejected'; reason: string } | { status: 'lost'; reason: string };

export interface GatewayClient {
  send(h: FrameHeader, bytes: Uint8Array): Promise<GatewayAck>;
  /** frames sent and not yet acknowledged */
  inFlight(): number;
  close(): Promise<void>;
}

/** `target`: tcp://host:port */
export async function connectGateway(target: string, token: string): Promise<GatewayClient> {
  const url = new URL(target);
  if (url.protocol !== 'tcp:' || url.port === '') throw new Error(`gateway target must be tcp://host:port, got ${target}`);
  const socket = net.connect({ host: url.hostname, port: Number(url.port) });
  socket.setNoDelay(true);
  await new Promise<void>((ok, bad) => (socket.once('connect', () => ok()), socket.once('error', bad)));
  const waiting = new Map<number, (a: GatewayAck) => void>();
  let tag = 0;
  const write = batchedWriter(socket);
  let dead: string | null = null;
  const fail = (reason: string) => {
    dead ??= reason;
    for (const [, r] of waiting) r({ status: 'lost', reason: dead });
    waiting.clear();
  };
  socket.on('data', linkDeframer((m) => {
    if (m.kind === ERROR) return fail(`twin: ${m.text}`);
    if (m.kind !== ACK) return;
    const r = waiting.get(m.tag);
    if (r === undefined) return;
    waiting.delete(m.tag);
    r(m.status === ACK_ACCEPTED ? { status: 'accepted', reply: m.text } : m.status === ACK_DUPLICATE ? { status: 'duplicate' } : { status: 'rejected', reason: m.text.toString('utf8') });
  }));
  socket.on('error', (e) => fail(e.message));
  socket.on('close', () => fail('connection closed'));
  socket.write(helloMessage(token));
  // the twin answers the HELLO (ACK tag 0) or refuses it (ERROR): wait, so a wrong token is an error here
  await new Promise<void>((ok, bad) => {
    const timer = setTimeout(() => bad(new Error('the twin did not answer HELLO within 10 s')), 10_000);
    waiting.set(0, (a) => {
      clearTimeout(timer);
      if (a.status === 'accepted') ok();
      else {
        socket.destroy();
        bad(new Error(`the twin refused the connection: ${'reason' in a ? a.reason : a.status}`));
      }
    });
  });
  return {
    send(h, bytes) {
      if (dead !== null) return Promise.resolve({ status: 'lost', reason: dead });
      const t = (tag = tag >= 0xffffffff ? 1 : tag + 1); // 0 is the HELLO's
      return new Promise((resolve) => {
        waiting.set(t, resolve);
        write(frameMessage(t, h, bytes));
      });
    },
    inFlight: () => waiting.size,
    close: () => new Promise<void>((ok) => {
      if (socket.destroyed) return ok();
      socket.once('close', () => ok());
      socket.end();
      setTimeout(() => socket.destroy(), 2000).unref();
    }),
  };
}
