/**
 * `ctwin emu`: its options and defaults. The emulator itself (emu.ts: transports, MQTT broker,
 * device behaviours) is loaded only when the command runs, so that every other command starts
 * without it.
 */
import type { Command } from 'commander';
import { UsageError, parseNonNegInt, parsePositiveInt, parsePositiveNumber } from '../usage-error.js';

export interface EmuOptions {
  /** default: the scenario's seed with --scenario, else 1 */
  seed?: number;
  /** default 1; conflicts with `scenario` */
  lanes?: number;
  minutes: number;
  transport: 'tcp' | 'http' | 'mqtt';
  /** http: URL to POST to; mqtt: broker URL; tcp: a twin's gateway link tcp://host:port (default: devices listen / an embedded broker / receiver) */
  target?: string;
  /** a twin's bearer token (default $CTWIN_TWIN_TOKEN): HTTP Authorization, MQTT password, gateway HELLO */
  token?: string;
  /** simulated seconds per wall second; Infinity = as fast as possible */
  speed: number;
  /** JSON or YAML file with FaultParams (delayS as a distribution spec) */
  faults?: string;
  /** per lane; default 60; conflicts with `scenario` */
  passagesPerHour?: number;
  /** scenario YAML file: lanes, passages per hour and seed from it */
  scenario?: string;
  /** port scenarios: the policy whose smart lanes are emulated (default: the first that has some) */
  policy?: string;
  /**
   * with a port --scenario: the whole site, not a gate on its own: the scenario's simulation
   * (that policy, that seed, --minutes of arrivals) recorded on the wire: its smart lanes'
   * device frames and customs' release notices (device `customs`), for a twin to follow
   */
  site?: boolean;
}

/** the defaults without --scenario */
export const EMU_DEFAULTS = { seed: 1, lanes: 1, minutes: 10, passagesPerHour: 60 } as const;

export function registerEmuCommand(program: Command): void {
  program
    .command('emu')
    .description('run an emulated gate (ANPR, container OCR, RFID, weighbridge, radiation portal) on 127.0.0.1 and replay its frames')
    .option('--scenario <file>', "shape the gate like a scenario's site: port scenario: the policy's smart lanes, each with mean consignments per hour (per_hour, or the mean of the 24-hour profile) x population.eplate_share / smart lanes; gate scenario: site.gates.lanes, each with mean arrivals per hour / lanes; seed: the scenario's")
    .option('--policy <name>', 'with a port --scenario: the policy whose smart lanes to emulate (default: the first policy that has smart lanes)')
    .option('--site', "with a port --scenario: emulate the whole site: the scenario's simulation on the wire, its smart lanes' device frames and customs' release notices (device customs, format customs-release), so a twin (--target) reaches the simulation's verdicts")
    .option('--seed <n>', "random seed (with --scenario: default the scenario's)", (v) => parseNonNegInt('--seed', v), EMU_DEFAULTS.seed)
    .option('--lanes <n>', 'gate lanes (not with --scenario)', (v) => parsePositiveInt('--lanes', v), EMU_DEFAULTS.lanes)
    .option('--minutes <n>', 'simulated minutes', (v) => parsePositiveNumber('--minutes', v), EMU_DEFAULTS.minutes)
    .option('--passages-per-hour <n>', 'trucks per lane and hour (Poisson; not with --scenario)', (v) => parsePositiveNumber('--passages-per-hour', v), EMU_DEFAULTS.passagesPerHour)
    .option('--transport <kind>', 'tcp, http or mqtt', (v) => {
      if (v !== 'tcp' && v !== 'http' && v !== 'mqtt') throw new UsageError(`--transport: expected tcp, http or mqtt, got ${JSON.stringify(v)}`);
      return v;
    }, 'tcp')
    .option('--target <url>', 'http: URL to POST to; mqtt: broker URL; tcp: a twin\'s gateway link tcp://host:port (default: each device listens on its own port / an embedded broker or receiver)')
    .option('--token <token>', "a twin's bearer token, for --target a twin (default: $CTWIN_TWIN_TOKEN)")
    .option('--speed <x>', 'simulated seconds per wall second (1 = real time, so gate software can connect and follow; e.g. 60 for a minute a second)', (v) => parsePositiveNumber('--speed', v), 1)
    .option('--faults <file>', 'JSON or YAML fault parameters (drop, corrupt, duplicate, stuck, delayS, offline, clockSkewS)')
    .action(async (o: EmuOptions, cmd: Command) => {
      // commander fills in the defaults: keep only what the user gave, so --scenario can tell a conflict from a default
      const given = (key: 'seed' | 'lanes' | 'passagesPerHour') => { const src = cmd.getOptionValueSource(key); return src !== undefined && src !== 'default'; };
      const { emuCommand } = await import('./emu.js');
      await emuCommand({
        ...o,
        token: o.token ?? (process.env.CTWIN_TWIN_TOKEN || undefined),
        seed: given('seed') ? o.seed : undefined,
        lanes: given('lanes') ? o.lanes : undefined,
        passagesPerHour: given('passagesPerHour') ? o.passagesPerHour : undefined,
      });
    });
}
