/**
 * `ctwin serve`: the 3D viewer and the reports of the runs under a folder, on 127.0.0.1. Prints
 * the address of the runs page (and, with --run, of that run's replay) and serves until stopped.
 */
import { existsSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { listRuns, type RunFolder } from '../../serve/runs.js';
import { UsageError, parseNonNegInt } from '../usage-error.js';

export interface ServeCliOptions {
  runs: string;
  run?: string;
  port: number;
  host: string;
  /** a running twin to follow live (its base URL) */
  twin?: string;
}

/** The package's root folder (where package.json is), from this file in bin/ or dist/bin/. */
function packageRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
}

export interface Serving {
  server: Server;
  url: string;
  /** the replay page of --run, or of the newest port run with a stream */
  replay?: string;
  /** the newest comparison's report (without --run) */
  report?: string;
  /** the live view of --twin */
  live?: string;
  close(): Promise<void>;
}

export async function startServe(o: ServeCliOptions): Promise<Serving> {
  let root = resolve(o.runs);
  let runId: string | undefined;
  if (o.run !== undefined) {
    const dir = resolve(o.run);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--run ${o.run}: no such folder`);
    // only that folder is listed and served, not its neighbours
    root = dir;
    runId = basename(dir);
    const r = listRuns(root).find((x) => x.id === runId);
    if (!r) throw new UsageError(`--run ${o.run}: not a run folder (no summary.json, compare.json or sweep.json in it)`);
    if (r.kind === 'port' && r.policies.length === 0) throw new UsageError(`--run ${o.run}: the run has no event streams to replay (was it run with --no-events?)`);
  } else if (!existsSync(root) && o.twin === undefined) throw new UsageError(`--runs ${o.runs}: no such folder (run a scenario first: ctwin run scenarios/port-reform.yaml)`);
  const viewerDir = join(packageRoot(), 'dist', 'viewer');
  // loaded on use: express is not needed by the other commands, which start faster without it
  const { createApp } = await import('../../serve/app.js');
  const { twinBaseUrl } = await import('../../serve/twin-proxy.js');
  let twin: URL | null = null;
  if (o.twin !== undefined) {
    try {
      twin = twinBaseUrl(o.twin);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const app = createApp({ root, viewerDir, twin });
  const server = createServer(app);
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'EADDRINUSE' ? new UsageError(`--port ${o.port}: already in use on ${o.host}`) : err.code === 'EADDRNOTAVAIL' ? new UsageError(`--host ${o.host}: not an address of this machine`) : err),
    );
    server.listen(o.port, o.host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${host}:${port}/`;
  const runs = listRuns(root);
  const replayOf = (r: RunFolder) => `${url}view.html?run=${encodeURIComponent(r.id)}&policy=${encodeURIComponent(r.policies.at(-1)!)}${r.report ? '&report=1' : ''}`;
  // --run: that run; else the newest port run with a stream, and the newest comparison's report
  const replayable = runs.find((r) => (runId === undefined || r.id === runId) && r.policies.length > 0);
  const cmp = runId === undefined ? runs.find((r) => r.kind === 'comparison' && r.report) : undefined;
  return {
    server, url,
    replay: replayable ? replayOf(replayable) : undefined,
    live: twin ? `${url}view.html?live=1` : undefined,
    report: cmp ? new URL(cmp.report!, url).href : undefined,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the 3D viewer (replays of port runs) and the reports of the runs under a folder, on 127.0.0.1')
    .option('--runs <dir>', 'folder of runs to list', process.env.CTWIN_STORE || 'runs')
    .option('--run <dir>', 'one run folder to open (its replay, beside its report)')
    .option('--port <n>', 'port (0: any free one)', (v) => parseNonNegInt('--port', v), 5178)
    .option('--host <addr>', 'address to bind (read-only server; the default keeps it on this machine)', '127.0.0.1')
    .option('--twin <url>', 'a running twin (ctwin twin) to follow live in the viewer, read-only, e.g. http://127.0.0.1:8090')
    .action(async (o: ServeCliOptions) => {
      const s = await startServe(o);
      process.stdout.write(`viewer and reports: ${s.url}\n`);
      if (s.report) process.stdout.write(`comparison report: ${s.report}\n`);
      if (s.replay) process.stdout.write(`replay (with its report): ${s.replay}\n`);
      if (s.live) process.stdout.write(`live twin: ${s.live}\n`);
      process.stdout.write('Ctrl-C to stop\n');
      await new Promise<void>((done) => {
        const stop = () => void s.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
