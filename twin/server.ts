/**
 * The live twin, assembled: the durable log (replayed first), the site's state, the HTTP server
 * (device frames on /ingest, the API on the rest), the gateway link over TCP, the MQTT broker, the
 * barriers, and a clock tick that moves the lanes' machines on. Everything listens on 127.0.0.1
 * unless told otherwise.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { FrameLog, type Durability } from './frame-log.js';
import { TwinRuntime } from './runtime.js';
import { TwinSite, type TwinSiteConfig } from './site-state.js';
import { handleIngest, INGEST_PATHS, type IngestCounters } from './http-ingest.js';
import { createTwinApp } from './api.js';
import { twinMetrics } from './metrics.js';
import { startTcpIngest, type TcpIngest } from './tcp-ingest.js';
import { startMqttIngest, type MqttIngest } from './mqtt-ingest.js';
import { emulatedBarriers } from './emulated-barriers.js';
import type { PortConfig } from '../sim/supervision/port-config.js';
import { forkState, truckMisreadRate, whatIf, whatIfRequestSchema } from './whatif.js';
import { HttpError } from './api.js';
import { meanPerHour } from '../hardware-emu/scenario-gate.js';

export interface TwinServerOptions {
  site: TwinSiteConfig;
  /** the port scenario's policy the site follows (gate times for what-if); absent for a gate scenario */
  port?: PortConfig;
  describe: { scenario: string; policy?: string; summary: string };
  db: string;
  token: string;
  host?: string;
  /** HTTP port (0: any free one) */
  httpPort: number;
  /** gateway link port; null: none */
  tcpPort: number | null;
  /** MQTT broker port; null: none */
  mqttPort: number | null;
  /** emulated: in-process barrier models answer; mqtt: commands go to barriers on the broker */
  barriers: 'emulated' | 'mqtt';
  durability?: Durability;
  /** how often the lanes' machines are moved to the wall clock (ms) */
  tickMs?: number;
  clock?: () => number;
}

export interface TwinServer {
  url: string;
  tcpPort: number | null;
  mqttUrl: string | null;
  runtime: TwinRuntime;
  /** inputs replayed from the log at start */
  replayed: number;
  /** barrier commands re-sent at start because they had not been acknowledged */
  reconciled: number;
  close(): Promise<void>;
}

/** trucks one what-if may simulate (all replications): the fork runs about 130,000 a second here */
export const WHATIF_MAX_TRUCKS = 400_000;

/** The site config the log was written under: a log replayed under another would give another state. */
const siteKey = ({ staleAfterS: _s, ...c }: TwinSiteConfig) => JSON.stringify(c); // staleness only colours views

export async function startTwin(o: TwinServerOptions): Promise<TwinServer> {
  const host = o.host ?? '127.0.0.1';
  const log = new FrameLog(o.db, o.durability);
  const written = log.meta('site');
  if (written !== undefined && written !== siteKey(o.site)) {
    log.close();
    throw new Error(`${o.db}: this log was written for another site (other lanes, devices or gate parameters); give another --db, or the scenario and policy it was made with`);
  }
  if (written === undefined) log.setMeta('site', siteKey(o.site));
  let runtime: TwinRuntime;
  try {
    runtime = new TwinRuntime(log, new TwinSite(o.site), o.clock ? { clock: o.clock } : {});
  } catch (err) {
    log.close();
    throw err;
  }
  const closers: (() => Promise<void> | void)[] = [];
  try {
    let mqtt: MqttIngest | null = null;
    if (o.mqttPort !== null) {
      mqtt = await startMqttIngest(runtime, o.token, o.mqttPort, host);
      closers.push(() => mqtt!.close());
    }
    runtime.barrierLink = o.barriers === 'mqtt' && mqtt !== null ? mqtt.barrierLink : emulatedBarriers(runtime);
    // the lanes first move to now (trucks long gone are through, their barriers closed), then
    // whatever is still wanted and not acknowledged is asserted again
    runtime.tick();
    const reconciled = await runtime.reconcile();

    const httpCounters: IngestCounters = { unauthorized: 0, malformed: 0 };
    const sse = new Set<Response>();
    const refusals = { unauthorized: 0 };
    let tcp: TcpIngest | null = null;
    const metrics = twinMetrics(runtime, httpCounters, () => sse.size, {
      tcpBadToken: () => tcp?.counters.refused ?? 0, tcpProtocol: () => (tcp?.counters.protocolErrors ?? 0) - (tcp?.counters.refused ?? 0),
      mqttBadPassword: () => mqtt?.counters.refused ?? 0, mqttBadTopic: () => (mqtt?.counters.badTopic ?? 0) + (mqtt?.counters.forged ?? 0), apiUnauthorized: () => refusals.unauthorized,
    });
    const port = o.port;
    const links = { http_ingest: null as string | null, tcp: null as string | null, mqtt: mqtt?.url ?? null };
    const app = createTwinApp({
      runtime, token: o.token, metrics, sse, site: o.describe, links, refusals,
      ...(port !== undefined ? {
        whatIf: (body: unknown) => {
          const r = whatIfRequestSchema.safeParse(body);
          if (!r.success) throw new HttpError(400, r.error.issues.map((i) => `body${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`).join('; '));
          const snapshot = forkState(runtime.site);
          const scenarioRate = meanPerHour(port.world.arrivals) * port.world.population.eplateShare;
          // it runs on the server's thread: bounded by the trucks it would simulate, so one
          // request cannot stall the twin for more than a few seconds
          const rate = Math.max(r.data.overrides.arrivals_per_hour ?? Math.max(snapshot.observed.releases_per_hour ?? 0, scenarioRate), 1);
          const trucks = r.data.replications * (r.data.horizon_h * rate + snapshot.on_the_way.length);
          if (trucks > WHATIF_MAX_TRUCKS) throw new HttpError(400, `body: replications × (horizon_h × ${Math.round(rate)} trucks/h + ${snapshot.on_the_way.length} on their way) is ${Math.round(trucks)} trucks to simulate; at most ${WHATIF_MAX_TRUCKS}: fewer replications or a shorter horizon`);
          return whatIf(snapshot, {
            // the policy's rate is per device read; the fork wants it per truck
            smartLanes: port.policy.gate.smartLanes, misreadRate: truckMisreadRate(port.policy.gate.misreadRate),
            smartGateS: port.world.times.smartGateS, misreadFixS: port.world.times.misreadFixS,
            // the scenario's trucks for the smart lanes: those with an electronic plate
            arrivalsPerHour: scenarioRate,
          }, r.data);
        },
      } : {}),
    });
    const server: Server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (INGEST_PATHS.has(path)) handleIngest(runtime, o.token, httpCounters, req, res);
      else app(req, res);
    });
    // slow or idle clients must not pile up sockets forever
    server.headersTimeout = 20_000;
    server.requestTimeout = 60_000;
    await new Promise<void>((ok, bad) => (server.once('error', bad), server.listen(o.httpPort, host, () => ok())));
    closers.push(() => new Promise<void>((ok) => {
      for (const r of sse) r.destroy();
      server.closeAllConnections();
      server.close(() => ok());
    }));
    if (o.tcpPort !== null) {
      tcp = await startTcpIngest(runtime, o.token, o.tcpPort, host);
      closers.push(() => tcp!.close());
    }
    const tick = setInterval(() => runtime.tick(), o.tickMs ?? 1000);
    closers.push(() => clearInterval(tick));
    const hostInUrl = host.includes(":") ? `[${host}]` : host; // an IPv6 address in a URL is bracketed
    const url = `http://${hostInUrl}:${(server.address() as AddressInfo).port}`;
    links.http_ingest = `${url}/ingest`;
    links.tcp = tcp === null ? null : `tcp://${hostInUrl}:${tcp.port}`;
    return {
      url, tcpPort: tcp?.port ?? null, mqttUrl: mqtt?.url ?? null, runtime, replayed: runtime.counters.replayed, reconciled,
      close: async () => {
        for (const c of closers.reverse()) await c();
        await runtime.close();
      },
    };
  } catch (err) {
    for (const c of closers.reverse()) await c();
    await runtime.close();
    throw err;
  }
}
