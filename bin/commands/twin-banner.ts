/**
 * What `ctwin twin` prints when it is up, and the reader of it: tests, the benchmark and scripts
 * that start a twin learn its addresses from these lines, so both sides live here and cannot drift.
 */
import { TOKEN_ENV } from '../../twin/auth.js';

export interface TwinBanner {
  heading: string;
  db: string;
  replayed: number;
  reconciled: number;
  /** http://host:port */
  url: string;
  tcp: string | null;
  mqtt: string | null;
  /** the token when the twin made one; null when it came from the environment */
  token: string | null;
}

/** the banner's last line: once printed, the twin serves */
export const BANNER_END = 'Ctrl-C to stop';

export function twinBanner(b: TwinBanner): string[] {
  return [
    `twin of ${b.heading}`,
    `log ${b.db}: ${b.replayed} inputs replayed${b.reconciled > 0 ? `, ${b.reconciled} barrier states asserted again` : ''}`,
    `API        ${b.url}/api/site  (OpenAPI ${b.url}/openapi.json, events ${b.url}/api/events, metrics ${b.url}/metrics)`,
    `HTTP ingest ${b.url}/ingest  (headers x-ctwin-lane, x-ctwin-device, x-ctwin-format, x-ctwin-seq)`,
    ...(b.tcp !== null ? [`TCP gateway ${b.tcp}`] : []),
    ...(b.mqtt !== null ? [`MQTT       ${b.mqtt}  (topics ctwin/<lane>/<device>/<format>[/<seq>], password = token)`] : []),
    b.token === null ? `token      from ${TOKEN_ENV}` : `token      ${b.token}  (set ${TOKEN_ENV} to choose it)`,
    BANNER_END,
  ];
}

/** The banner read back from a twin's output; null until the whole banner is there. */
export function parseTwinBanner(out: string): Omit<TwinBanner, 'heading' | 'db'> | null {
  if (!out.includes(BANNER_END)) return null;
  const url = /^API\s+(http:\/\/\S+)\/api\/site/m.exec(out)?.[1];
  const log = /^log .*: (\d+) inputs replayed(?:, (\d+) barrier)?/m.exec(out);
  if (url === undefined || log === null) throw new Error(`ctwin twin: unexpected start-up output:\n${out}`);
  return {
    url, replayed: Number(log[1]), reconciled: Number(log[2] ?? 0),
    tcp: /^TCP gateway (tcp:\/\/\S+)$/m.exec(out)?.[1] ?? null,
    mqtt: /^MQTT\s+(mqtt:\/\/\S+)/m.exec(out)?.[1] ?? null,
    token: /^token\s+(\S+)\s+\(set /m.exec(out)?.[1] ?? null,
  };
}
