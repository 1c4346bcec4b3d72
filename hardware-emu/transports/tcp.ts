/**
 * TCP transport: one server per device on 127.0.0.1, writing each frame to every connected
 * client. Stream formats (weighbridge continuous output) go raw, as indicators send them; message
 * devices get a 4-byte big-endian length prefix so a corrupted byte never breaks the framing.
 */
import net from 'node:net';
import type { DeviceInfo, EmuFrame } from '../emulated-gate.js';
import type { Transport } from './replay.js';

/** formats a device streams continuously, fixed-length and unframed */
export const STREAM_FORMATS: ReadonlySet<string> = new Set(['mettler-toledo', 'xk3190']);

interface Dev { info: DeviceInfo; server: net.Server; clients: Set<net.Socket>; port: number; frames: number; bytes: number }

export interface TcpDevices extends Transport {
  port(device: string): number;
  /** bytes written per client of `device` (what each client should receive) */
  bytesWritten(device: string): number;
}

export async function startTcpDevices(devices: readonly DeviceInfo[]): Promise<TcpDevices> {
  const devs = new Map<string, Dev>();
  for (const info of devices) {
    const clients = new Set<net.Socket>();
    const server = net.createServer((s) => {
      clients.add(s);
      s.on('close', () => clients.delete(s));
      s.on('error', () => clients.delete(s)); // a client going away is not the device's problem
    });
    await new Promise<void>((res, rej) => (server.once('error', rej), server.listen(0, '127.0.0.1', () => res())));
    devs.set(info.device, { info, server, clients, port: (server.address() as net.AddressInfo).port, frames: 0, bytes: 0 });
  }
  const get = (d: string) => devs.get(d) ?? (() => { throw new Error(`tcp: no device ${d}`); })();
  return {
    addresses: () => [...devs.values()].map((d) => `${d.info.device} ${d.info.format} tcp://127.0.0.1:${d.port}`),
    port: (d) => get(d).port,
    bytesWritten: (d) => get(d).bytes,
    async send(f: EmuFrame) {
      const d = get(f.device);
      let out = Buffer.from(f.bytes);
      if (!STREAM_FORMATS.has(f.format)) {
        const head = Buffer.alloc(4);
        head.writeUInt32BE(out.length);
        out = Buffer.concat([head, out]);
      }
      for (const s of d.clients) s.write(out);
      d.frames++;
      d.bytes += out.length;
    },
    counters: () => {
      const c: Record<string, number> = { frames: 0, bytes: 0, clients: 0 };
      for (const d of devs.values()) (c.frames += d.frames, c.bytes += d.bytes, c.clients += d.clients.size);
      return c;
    },
    async stop() {
      await Promise.all([...devs.values()].map((d) => new Promise<void>((res) => {
        // end() flushes what is queued; a client that never closes its side is cut after 1 s
        for (const s of d.clients) (s.end(), setTimeout(() => s.destroy(), 1000).unref());
        d.server.close(() => res());
      })));
    },
  };
}

/** Receiver-side framing for one device's TCP stream: feeds chunks, calls back with whole frames. */
export function tcpDeframer(format: string, frameLength: number, onFrame: (b: Uint8Array) => void): (chunk: Buffer) => void {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const stream = STREAM_FORMATS.has(format);
      const n = stream ? frameLength : buf.length >= 4 ? buf.readUInt32BE(0) : -1;
      const off = stream ? 0 : 4;
      if (n < 0 || buf.length < off + n) return;
      onFrame(Uint8Array.from(buf.subarray(off, off + n)));
      buf = buf.subarray(off + n);
    }
  };
}
