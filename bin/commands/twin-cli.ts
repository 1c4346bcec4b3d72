/**
 * `ctwin twin`: its options. The twin itself (express, SQLite, the broker) is loaded only when
 * the command runs.
 */
import { Command, Option } from 'commander';
import { UsageError, parseNonNegInt, parsePositiveNumber } from '../usage-error.js';

export interface TwinCliOptions {
  scenario: string;
  policy?: string;
  port: number;
  host: string;
  db: string;
  /** 'off' or a port */
  tcpPort?: string;
  mqttPort?: string;
  barriers: 'emulated' | 'mqtt';
  staleAfter: number;
  durability: 'process' | 'power';
}

export const TWIN_DEFAULTS = { port: 8080, db: 'runs/twin.sqlite' } as const;

/** 'off' → null; a port number; default: the HTTP port + `offset` (any free port when HTTP's is 0). */
export function linkPort(name: string, v: string | undefined, httpPort: number, offset: number): number | null {
  if (v === undefined) return httpPort === 0 ? 0 : httpPort + offset;
  if (v === 'off') return null;
  const n = parseNonNegInt(name, v);
  if (n > 65535) throw new UsageError(`${name}: a port is at most 65535, got ${n}`);
  return n;
}

export function registerTwinCommand(program: Command): void {
  program
    .command('twin')
    .description("run the live digital twin of a scenario's gate: device frames in over HTTP (/ingest), the TCP gateway link and MQTT; a durable SQLite log replayed at start; REST API, event stream, /metrics, what-if; on 127.0.0.1")
    .requiredOption('--scenario <file>', 'port scenario (its policy\'s smart lanes) or gate scenario (its lanes) whose site the twin follows')
    .option('--policy <name>', 'port scenario: the policy whose smart lanes the site has (default: the first with smart lanes)')
    .option('--port <n>', 'HTTP port: API, /ingest, /metrics (0: any free one)', (v) => {
      const n = parseNonNegInt('--port', v);
      if (n > 65535) throw new UsageError(`--port: a port is at most 65535, got ${n}`);
      return n;
    }, TWIN_DEFAULTS.port)
    .option('--host <addr>', 'address to bind every listener to (keep the default unless devices are on another machine)', '127.0.0.1')
    .option('--db <file>', 'the durable log (SQLite, WAL); replayed at start', TWIN_DEFAULTS.db)
    .option('--tcp-port <n|off>', 'gateway link (TCP) port (default: HTTP port + 1)')
    .option('--mqtt-port <n|off>', 'MQTT broker port (default: HTTP port + 2)')
    .addOption(new Option('--barriers <kind>', 'emulated: barrier models inside the twin answer its commands; mqtt: commands go to barriers subscribed on the broker').choices(['emulated', 'mqtt']).default('emulated'))
    .option('--stale-after <s>', 'a device silent this many seconds is shown stale', (v) => parsePositiveNumber('--stale-after', v), 60)
    .addOption(new Option('--durability <kind>', 'process: survives the twin being killed (WAL, synchronous NORMAL); power: also a power cut (fsync per commit)').choices(['process', 'power']).default('process'))
    .action(async (o: TwinCliOptions) => {
      const { twinCommand } = await import('./twin.js');
      await twinCommand(o);
    });
}
