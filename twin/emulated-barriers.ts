/**
 * The lane barriers, emulated inside the twin when no real ones are connected: each command goes
 * through the barrier's codec to the barrier model of hardware-emu (the same one the simulation's
 * smart lanes drive), and the barrier's status, with its acknowledgement, comes back through the
 * codec and the twin's normal input path, so it is logged like any device frame. When the boom
 * has finished moving, the barrier reports again, as real barriers report a change of state.
 */
import { barrierCommandCodec, barrierStatusCodec, command, createBarrier, status, type Barrier } from '../hardware-emu/barrier/barrier.js';
import type { BarrierLink, TwinRuntime } from './runtime.js';
import type { BarrierOrder } from './site-state.js';

export function emulatedBarriers(rt: TwinRuntime): BarrierLink & { sent: number } {
  const barriers = new Map<string, Barrier>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const report = (device: string, lane: string, b: Barrier, reply?: ReturnType<typeof command>['reply']) => {
    if (closed) return;
    const bytes = barrierStatusCodec.encode(status(b, rt.now(), reply));
    void rt.submit({ source: 'internal', lane, device, format: 'barrier-status', seq: null, bytes });
  };
  const link = {
    sent: 0,
    send(o: BarrierOrder) {
      link.sent++;
      const at = rt.now();
      const b0 = barriers.get(o.device) ?? createBarrier({ lane: o.lane }, at);
      // on the wire and back, as a real barrier would take it
      const cmd = barrierCommandCodec.decode(barrierCommandCodec.encode(o.command));
      const r = command(b0, cmd, at);
      barriers.set(o.device, r.barrier);
      report(o.device, o.lane, r.barrier, r.reply);
      if (r.reply.ack && (cmd.cmd === 'open' || cmd.cmd === 'close')) {
        const t = setTimeout(() => (timers.delete(t), report(o.device, o.lane, barriers.get(o.device)!)), r.barrier.motionS * 1000 + 50);
        timers.add(t);
      }
    },
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
    },
  };
  return link;
}
