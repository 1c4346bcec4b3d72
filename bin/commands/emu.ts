/**
 * `ctwin emu`: runs an emulated gate's devices on 127.0.0.1 over TCP, HTTP or MQTT, prints their
 * addresses, replays the seeded frames (faults optional) and prints the fault accounting, so gate
 * software can be tested against repeatable device traffic.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { distSchema } from '../../scenarios/schema.js';
import { sampler } from '../../sim/kernel/distributions.js';
import { FORMATS } from '../../hardware-emu/formats.js';
import type { FaultParams } from '../../hardware-emu/faults.js';
import { emulatedGate, type EmulatedGate } from '../../hardware-emu/emulated-gate.js';
import { replay, type Transport } from '../../hardware-emu/transports/replay.js';
import { startTcpDevices } from '../../hardware-emu/transports/tcp.js';
import { startHttpPoster, startHttpReceiver } from '../../hardware-emu/transports/http.js';
import { startMqttBroker, startMqttPublisher } from '../../hardware-emu/transports/mqtt.js';
import { UsageError, parseNonNegInt, parsePositiveInt, parsePositiveNumber } from '../usage-error.js';

export interface EmuOptions {
  seed: number;
  lanes: number;
  minutes: number;
  transport: 'tcp' | 'http' | 'mqtt';
  /** http: URL to POST to; mqtt: broker URL (default: an embedded broker / receiver) */
  target?: string;
  /** simulated seconds per wall second; Infinity = as fast as possible */
  speed: number;
  /** JSON or YAML file with FaultParams (delayS as a distribution spec) */
  faults?: string;
  passagesPerHour?: number;
}

const prob = z.number().min(0).max(1).optional();
const faultsSchema = z.strictObject({
  drop: prob, corrupt: prob, duplicate: prob, stuck: prob,
  delayS: distSchema.optional(),
  offline: z.array(z.strictObject({ from: z.number(), to: z.number() })).optional(),
  clockSkewS: z.number().optional(),
});

/** Reads and validates a faults file; every problem names the file and the path in it. */
export function loadFaults(file: string): FaultParams {
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new UsageError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const r = faultsSchema.safeParse(raw ?? {});
  if (!r.success) throw new UsageError(r.error.issues.map((i) => `${file}: ${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`).join('\n'));
  const { delayS, ...rest } = r.data;
  return { ...rest, ...(delayS ? { delayS: sampler(delayS) } : {}) };
}

/** Starts the transport; stops whatever it started if a later step fails. */
async function open(o: EmuOptions, g: EmulatedGate): Promise<Transport[]> {
  if (o.transport === 'tcp') return [await startTcpDevices(g.devices)];
  if (o.transport === 'http') {
    if (o.target) return [startHttpPoster(o.target)];
    // no target: a built-in receiver that decodes, so the run still shows accepted/rejected
    const rx = await startHttpReceiver((f) => { try { FORMATS.get(f.format)?.decode(f.bytes); return true; } catch { return false; } });
    const receiver: Transport = { addresses: () => [`receiver ${rx.url}`], send: async () => {}, counters: rx.counters, stop: rx.stop };
    return [startHttpPoster(rx.url), receiver];
  }
  if (o.target) return [await startMqttPublisher(o.target)];
  const broker = await startMqttBroker();
  try {
    const brokerT: Transport = { addresses: () => [`broker ${broker.url}`], send: async () => {}, counters: () => ({}), stop: broker.stop };
    return [await startMqttPublisher(broker.url), brokerT];
  } catch (err) {
    await broker.stop();
    throw err;
  }
}

export async function emuCommand(o: EmuOptions, print: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<void> {
  const faults = o.faults ? loadFaults(o.faults) : undefined;
  const g = emulatedGate({ seed: o.seed, lanes: o.lanes, minutes: o.minutes, passagesPerHour: o.passagesPerHour ?? 60, faults });
  const ts = await open(o, g);
  try {
    for (const t of ts) for (const a of t.addresses()) print(a);
    const r = await replay(g.frames, ts[0], { speed: o.speed });
    print(`replayed ${r.sent} frames in ${Math.round(r.wallMs)} ms`);
    print('device\tinput\tsent\tdelivered\tdropped\tcorrupted\tduplicated\tstuck\toffline');
    for (const d of g.devices) {
      const a = g.accounting[d.device];
      const c = a.counts;
      print([d.device, a.input, a.sent, c.delivered, c.dropped, c.corrupted, c.duplicated, c.stuck, c.offline].join('\t'));
    }
    for (const t of ts) print(Object.entries(t.counters()).map(([k, v]) => `${k}=${v}`).join(' '));
  } finally {
    // in order: the publisher lets go of the broker/receiver before they close
    for (const t of ts) await t.stop();
  }
}

export function registerEmuCommand(program: Command): void {
  program
    .command('emu')
    .description('run an emulated gate (ANPR, container OCR, RFID, weighbridge) on 127.0.0.1 and replay its frames')
    .option('--seed <n>', 'random seed', (v) => parseNonNegInt('--seed', v), 1)
    .option('--lanes <n>', 'gate lanes', (v) => parsePositiveInt('--lanes', v), 1)
    .option('--minutes <n>', 'simulated minutes', (v) => parsePositiveNumber('--minutes', v), 10)
    .option('--passages-per-hour <n>', 'trucks per lane and hour (Poisson)', (v) => parsePositiveNumber('--passages-per-hour', v), 60)
    .option('--transport <kind>', 'tcp, http or mqtt', (v) => {
      if (v !== 'tcp' && v !== 'http' && v !== 'mqtt') throw new UsageError(`--transport: expected tcp, http or mqtt, got ${JSON.stringify(v)}`);
      return v;
    }, 'tcp')
    .option('--target <url>', 'http: URL to POST to; mqtt: broker URL (default: embedded)')
    .option('--speed <x>', 'simulated seconds per wall second (1 = real time, so gate software can connect and follow; e.g. 60 for a minute a second)', (v) => parsePositiveNumber('--speed', v), 1)
    .option('--faults <file>', 'JSON or YAML fault parameters (drop, corrupt, duplicate, stuck, delayS, offline, clockSkewS)')
    .action(async (o: EmuOptions) => emuCommand(o));
}
