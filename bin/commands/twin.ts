/**
 * `ctwin twin`: loads the scenario, opens (and replays) the log, starts the listeners, prints
 * where they are and the token, and serves until SIGINT/SIGTERM, when it closes the log cleanly.
 * A kill -9 loses nothing acknowledged: the log is written before any acknowledgement.
 */
import { loadScenario } from '../../scenarios/loader.js';
import { ScenarioGateError } from '../../hardware-emu/scenario-gate.js';
import { siteConfigOf } from '../../twin/site-config.js';
import { makeToken } from '../../twin/auth.js';
import { twinBanner } from './twin-banner.js';
import { startTwin, type TwinServer } from '../../twin/server.js';
import { UsageError } from '../usage-error.js';
import { linkPort, type TwinCliOptions } from './twin-cli.js';

export async function startTwinFromCli(o: TwinCliOptions): Promise<{ twin: TwinServer; token: string; tokenFrom: 'env' | 'generated'; heading: string }> {
  const s = loadScenario(o.scenario);
  let site: ReturnType<typeof siteConfigOf>;
  try {
    site = siteConfigOf(s, o.policy, o.staleAfter);
  } catch (err) {
    if (err instanceof ScenarioGateError) throw new UsageError(`${err.option === '--policy' ? '--policy' : `--scenario ${o.scenario}`}: ${err.message}`);
    throw err;
  }
  let tok: ReturnType<typeof makeToken>;
  try {
    tok = makeToken();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const tcpPort = linkPort('--tcp-port', o.tcpPort, o.port, 1);
  const mqttPort = linkPort('--mqtt-port', o.mqttPort, o.port, 2);
  if (o.barriers === 'mqtt' && mqttPort === null) throw new UsageError('--barriers mqtt: needs the MQTT broker (drop --mqtt-port off)');
  let twin: TwinServer;
  try {
    twin = await startTwin({
      site: site.config, ...(site.port ? { port: site.port } : {}),
      describe: { scenario: s.name, ...(site.policy ? { policy: site.policy } : {}), summary: site.summary },
      db: o.db, token: tok.token, host: o.host, httpPort: o.port, tcpPort, mqttPort, barriers: o.barriers, durability: o.durability,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new UsageError(`a port is already in use on ${o.host} (HTTP ${o.port}, TCP ${tcpPort ?? 'off'}, MQTT ${mqttPort ?? 'off'}): give --port, --tcp-port or --mqtt-port`);
    if (e.code === 'EADDRNOTAVAIL') throw new UsageError(`--host ${o.host}: not an address of this machine`);
    if (e.message?.startsWith(o.db)) throw new UsageError(`--db ${e.message}`);
    throw err;
  }
  return { twin, token: tok.token, tokenFrom: tok.from, heading: site.summary };
}

export async function twinCommand(o: TwinCliOptions, print: (l: string) => void = (l) => process.stdout.write(l + '\n')): Promise<void> {
  const { twin, token, tokenFrom, heading } = await startTwinFromCli(o);
  const tcp = twin.tcpPort === null ? null : `tcp://${new URL(twin.url).hostname}:${twin.tcpPort}`;
  const lines = twinBanner({ heading, db: o.db, replayed: twin.replayed, reconciled: twin.reconciled, url: twin.url, tcp, mqtt: twin.mqttUrl, token: tokenFrom === 'env' ? null : token });
  for (const l of lines) print(l);
  await new Promise<void>((done) => {
    const stop = () => void twin.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
