/**
 * The twin's end of the gateway link (twin/gateway-link.ts): a TCP server on 127.0.0.1; each
 * connection says HELLO with the token, then sends frames and gets an ACK for each once it is
 * logged and applied (or refused, with the reason). A malformed message or a wrong token ends the
 * connection with an ERROR saying why; other connections carry on.
 */
import net from 'node:net';
import { gatherReplyCodec } from '../hardware-emu/gate-frontend/gather-info.js';
import { tokenMatches } from './auth.js';
import { ACK_ACCEPTED, ACK_DUPLICATE, ACK_REJECTED, FRAME, HELLO, LinkError, MAX_MESSAGE, ackMessage, batchedWriter, errorMessage, linkDeframer, type LinkMessage } from './gateway-link.js';
import type { TwinRuntime } from './runtime.js';

const HELLO_TIMEOUT_MS = 10_000;
/** a HELLO is a token: nothing before it may be longer */
const MAX_HELLO = 1024;
const MAX_UNREAD_ACKS = 4 << 20;
const MAX_CONNECTIONS = 1024;

export interface TcpIngest {
  port: number;
  counters: { connections: number; refused: number; protocolErrors: number };
  close(): Promise<void>;
}

export async function startTcpIngest(rt: TwinRuntime, token: string, port: number, host = '127.0.0.1'): Promise<TcpIngest> {
  const counters = { connections: 0, refused: 0, protocolErrors: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    counters.connections++;
    if (sockets.size >= MAX_CONNECTIONS) {
      counters.refused++;
      s.end(errorMessage(`too many connections (${MAX_CONNECTIONS})`));
      return;
    }
    sockets.add(s);
    s.setNoDelay(true);
    let authed = false;
    // the acks of one commit go out together
    const ack = batchedWriter(s);
    const fail = (text: string) => {
      s.end(errorMessage(text));
      setTimeout(() => s.destroy(), 1000).unref();
    };
    // a connection must say who it is soon, and in few bytes, before it may send anything large
    const hello = setTimeout(() => authed || (counters.refused++, fail('no HELLO within 10 s')), HELLO_TIMEOUT_MS);
    hello.unref();
    const onMessage = (m: LinkMessage) => {
      if (!authed) {
        if (m.kind !== HELLO || !tokenMatches(token, m.token)) {
          counters.refused++;
          throw new LinkError(m.kind !== HELLO ? 'say HELLO with the token first' : 'wrong token');
        }
        authed = true;
        clearTimeout(hello);
        // tag 0 answers the HELLO, so a client learns at once that its token was taken
        ack(ackMessage(0, ACK_ACCEPTED, ''));
        return;
      }
      if (m.kind !== FRAME) throw new LinkError(`expected FRAME messages, got kind ${m.kind}`);
      const { tag, header, bytes } = m;
      const seq = header.seq === undefined ? null : header.seq;
      rt.enqueue({ source: 'tcp', lane: header.lane, device: header.device, format: header.format, seq, bytes }, (r) => {
        if (s.destroyed) return;
        if (r.status === 'accepted') ack(ackMessage(tag, ACK_ACCEPTED, r.reply ? gatherReplyCodec.encode(r.reply) : ''));
        else if (r.status === 'duplicate') ack(ackMessage(tag, ACK_DUPLICATE, ''));
        else ack(ackMessage(tag, ACK_REJECTED, `${r.reason}: ${r.message}`));
      });
    };
    const deframe = linkDeframer(onMessage, () => (authed ? MAX_MESSAGE : MAX_HELLO));
    s.on('data', (chunk: Buffer) => {
      if (s.writableEnded) return;
      try {
        deframe(chunk);
      } catch (err) {
        counters.protocolErrors++;
        fail(err instanceof LinkError ? err.message : String(err));
      }
      // a client that sends and never reads its acks: stop reading it until it catches up
      if (s.writableLength > MAX_UNREAD_ACKS) {
        s.pause();
        s.once('drain', () => s.resume());
      }
    });
    s.on('error', () => {});
    s.on('close', () => (clearTimeout(hello), sockets.delete(s)));
  });
  await new Promise<void>((ok, bad) => (server.once('error', bad), server.listen(port, host, () => ok())));
  return {
    port: (server.address() as net.AddressInfo).port,
    counters,
    close: () => new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    }),
  };
}
