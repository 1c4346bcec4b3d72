/**
 * `ctwin emu`: runs an emulated gate's devices on 127.0.0.1 over TCP, HTTP or MQTT, prints their
 * addresses, replays the seeded frames (faults optional) and prints the fault accounting, so gate
 * software can be tested against repeatable device traffic. With `--scenario` the lanes, the
 * passage rate and the seed come from a scenario (hardware-emu/scenario-gate.ts).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { distSchema } from '../../scenarios/schema.js';
import { sampler } from '../../sim/kernel/distributions.js';
import { FORMATS } from '../../hardware-emu/formats.js';
import type { FaultParams } from '../../hardware-emu/faults.js';
import { emulatedGate, type EmulatedGate } from '../../hardware-emu/emulated-gate.js';
import { scenarioGate, ScenarioGateError, type ScenarioGate } from '../../hardware-emu/scenario-gate.js';
import { loadScenario } from '../../scenarios/loader.js';
import { replay, type Transport } from '../../hardware-emu/transports/replay.js';
import { startTcpDevices } from '../../hardware-emu/transports/tcp.js';
import { startHttpPoster, startHttpReceiver } from '../../hardware-emu/transports/http.js';
import { startMqttBroker, startMqttPublisher } from '../../hardware-emu/transports/mqtt.js';
import { UsageError } from '../usage-error.js';
import { connectGateway } from '../../twin/gateway-client.js';
import { recordSite } from '../../twin/site-recording.js';
import { CUSTOMS_DEVICE, RELEASE_FORMAT } from '../../twin/release-notice.js';
import { laneDevices } from '../../hardware-emu/emulated-gate.js';
import { portConfigFor } from '../../scenarios/port-config.js';
import { EMU_DEFAULTS, type EmuOptions } from './emu-cli.js';

export { EMU_DEFAULTS, registerEmuCommand, type EmuOptions } from './emu-cli.js';

export interface EmuGateShape {
  seed: number;
  lanes: number;
  passagesPerHour: number;
  /** with --scenario: the first line to print (scenario, policy, derived lanes and rate) */
  heading?: string;
}

/** Lanes, rate and seed: the options', or derived from --scenario (given --lanes/--passages-per-hour conflict with it). */
export function emuGateShape(o: EmuOptions): EmuGateShape {
  if (o.scenario === undefined) {
    if (o.policy !== undefined) throw new UsageError('--policy: needs --scenario (the policy of a port scenario whose smart lanes to emulate)');
    return { seed: o.seed ?? EMU_DEFAULTS.seed, lanes: o.lanes ?? EMU_DEFAULTS.lanes, passagesPerHour: o.passagesPerHour ?? EMU_DEFAULTS.passagesPerHour };
  }
  const file = o.scenario;
  if (o.lanes !== undefined) throw new UsageError(`--lanes conflicts with --scenario ${file}: the lanes come from the scenario`);
  if (o.passagesPerHour !== undefined) throw new UsageError(`--passages-per-hour conflicts with --scenario ${file}: the passage rate comes from the scenario`);
  // a bad file is a ScenarioError (exit 2, with file, line and path)
  const s = loadScenario(file);
  let g: ScenarioGate;
  try {
    g = scenarioGate(s, o.policy);
  } catch (err) {
    if (err instanceof ScenarioGateError) throw new UsageError(`${err.option === '--policy' ? '--policy' : `--scenario ${file}`}: ${err.message}`);
    throw err;
  }
  const seed = o.seed ?? g.seed ?? EMU_DEFAULTS.seed;
  return { seed, lanes: g.lanes, passagesPerHour: g.passagesPerHour, heading: `${g.summary}; seed ${seed}; ${o.minutes} simulated minutes` };
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
  if (o.transport === 'tcp') {
    if (o.target) return [await gatewayTransport(o.target, o.token ?? '')];
    return [await startTcpDevices(g.devices)];
  }
  if (o.transport === 'http') {
    if (o.target) return [targetTransport(o.target, () => startHttpPoster(o.target!, o.token))];
    // no target: a built-in receiver that decodes, so the run still shows accepted/rejected
    const rx = await startHttpReceiver((f) => { try { FORMATS.get(f.format)?.decode(f.bytes); return true; } catch { return false; } });
    const receiver: Transport = { addresses: () => [`receiver ${rx.url}`], send: async () => {}, counters: rx.counters, stop: rx.stop };
    return [startHttpPoster(rx.url), receiver];
  }
  if (o.target) return [await targetTransport(o.target, () => startMqttPublisher(o.target!, o.token))];
  const broker = await startMqttBroker();
  try {
    const brokerT: Transport = { addresses: () => [`broker ${broker.url}`], send: async () => {}, counters: () => ({}), stop: broker.stop };
    return [await startMqttPublisher(broker.url), brokerT];
  } catch (err) {
    await broker.stop();
    throw err;
  }
}

/** A --target that is not a URL, or where no one answers (or the token is refused): bad input, as for the gateway link. */
function targetTransport<T extends Transport | Promise<Transport>>(target: string, start: () => T): T {
  const bad = (err: unknown): never => {
    throw new UsageError(`--target ${target}: ${(err as Error).message}`);
  };
  try {
    const t = start();
    return (t instanceof Promise ? t.catch(bad) : t) as T;
  } catch (err) {
    return bad(err);
  }
}

/** Frames pushed to a twin over its gateway link, each waited for (the link is in order, as devices are). */
async function gatewayTransport(target: string, token: string): Promise<Transport> {
  let client;
  try {
    client = await connectGateway(target, token);
  } catch (err) {
    throw new UsageError(`--target ${target}: ${(err as Error).message}`);
  }
  const c: Record<string, number> = { sent: 0, accepted: 0, duplicate: 0, rejected: 0, lost: 0 };
  return {
    addresses: () => [`gateway link ${target}`],
    async send(f) {
      c.sent++;
      const a = await client.send({ lane: f.lane, device: f.device, format: f.format, ...(f.seq !== undefined ? { seq: f.seq } : {}) }, f.bytes);
      c[a.status]++;
    },
    counters: () => ({ ...c }),
    stop: () => client.close(),
  };
}

/**
 * `--site`: the scenario's simulation recorded on the wire (twin/site-recording.ts) as the frames
 * to send: every smart-lane device frame and release notice, at its simulated time.
 */
function emulatedSite(o: EmuOptions, shape: EmuGateShape): EmulatedGate {
  const file = o.scenario;
  if (file === undefined) throw new UsageError('--site: needs --scenario (a port scenario whose site to emulate)');
  if (o.faults !== undefined) throw new UsageError('--site: --faults applies to the emulated gate only, not to a recorded site');
  const s = loadScenario(file);
  if (s.kind !== 'port') throw new UsageError(`--site: scenario '${s.name}' is a ${s.kind} scenario; the site needs a port scenario`);
  const g = scenarioGate(s, o.policy);
  const cfg = portConfigFor(s, g.policy!);
  const horizon = o.minutes * 60;
  const rec = recordSite({ ...cfg, world: { ...cfg.world, arrivalsUntil: horizon, endS: horizon, warmupS: 0 } }, { seed: shape.seed });
  const devices = [{ lane: '', device: CUSTOMS_DEVICE, format: RELEASE_FORMAT }, ...rec.lanes.flatMap((l) => laneDevices(l))];
  const frames = rec.items.map((it) => ({ at: it.at, lane: it.lane, device: it.device, format: it.format, bytes: it.bytes, seq: it.seq }));
  const accounting: EmulatedGate['accounting'] = {};
  for (const d of devices) {
    const n = frames.filter((f) => f.device === d.device).length;
    accounting[d.device] = { input: n, sent: n, counts: { delivered: n, dropped: 0, corrupted: 0, duplicated: 0, stuck: 0, offline: 0 }, outcomes: [] };
  }
  return { devices, frames, accounting };
}

export async function emuCommand(o: EmuOptions, print: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<void> {
  const shape = emuGateShape(o);
  const faults = o.faults ? loadFaults(o.faults) : undefined;
  if (shape.heading !== undefined) print(shape.heading);
  if (o.site && o.transport === 'tcp' && !o.target) throw new UsageError('--site: give --target (a twin: tcp://host:port of its gateway link, or use --transport http|mqtt)');
  const g = o.site ? emulatedSite(o, shape) : emulatedGate({ seed: shape.seed, lanes: shape.lanes, minutes: o.minutes, passagesPerHour: shape.passagesPerHour, faults });
  if (o.site) print(`site: ${g.frames.filter((f) => f.device === CUSTOMS_DEVICE).length} release notices and ${g.frames.filter((f) => f.device !== CUSTOMS_DEVICE).length} device frames from the simulation`);
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
