/**
 * The twin's end of the gateway link (twin/gateway-link.ts): a TCP server on 127.0.0.1; each
 * connection says HELLO with the token, then sends frames and gets an ACK for each once it is
 * logged and applied (or refused, with the reason). A malformed message or a wrong token ends the
 * connection with an ERROR saying why; other connections carry on.
 */
import net from 'node:net';
import { gatherReplyCodec } from '../hardware-emu/gate-frontend/gather-info.js';
import { tokenMatches } from './auth.js';
import { ACK_ACCEPTED, ACK_DUPLICATE, ACK_REJECTED, FRAME, HELLO, LinkError, ackMessage, batchedWriter, errorMessage, linkDeframer, type LinkMessage } from './gateway-link.js';
import type { TwinRuntime } from './runtime.js';

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
    sockets.add(s);
    s.setNoDelay(true);
    let authed = false;
    // the acks of one commit go out together
    const ack = batchedWriter(s);
    const fail = (text: string) => {
      s.end(errorMessage(text));
      setTimeout(() => s.destroy(), 1000).unref();
    };
    const onMessage = (m: LinkMessage) => {
      if (!authed) {
        if (m.kind !== HELLO || !tokenMatches(token, m.token)) {
          counters.refused++;
          throw new LinkError(m.kind !== HELLO ? 'say HELLO with the token first' : 'wrong token');
        }
        authed = true;
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
    const deframe = linkDeframer(onMessage);
    s.on('data', (chunk: Buffer) => {
      if (s.writableEnded) return;
      try {
        deframe(chunk);
      } catch (err) {
        counters.protocolErrors++;
        fail(err instanceof LinkError ? err.message : String(err));
      }
    });
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
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
