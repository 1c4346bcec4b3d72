/**
 * `ctwin train --scenario FILE --role ROLE`: the officer trainer. Builds the exercise (the
 * scenario's policy runs once on the seed; the role's first cases after the warm-up are the
 * session's), opens the sessions database and serves the trainer's pages on 127.0.0.1, printing
 * the address. With no trainer account in the database yet, it makes one and prints its password
 * once. `ctwin train-account add NAME` makes more accounts (the password from CTWIN_PASSWORD or
 * standard input, never from the command line, where `ps` would show it).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadScenario, scenarioHash } from '../../scenarios/loader.js';
import { portConfigFor } from '../../scenarios/port-config.js';
import type { PortScenario } from '../../scenarios/port-schema.js';
import { TRAIN_ROLES, type ExerciseView, type TrainRole } from '../../train/api-types.js';
import { UsageError, parseNonNegInt, parsePositiveInt } from '../usage-error.js';
import { selectPolicies } from './policies.js';

export interface TrainCliOptions {
  scenario: string;
  role: string;
  policy?: string;
  seed?: number;
  cases: number;
  projectionRate: number;
  db: string;
  port: number;
  host: string;
  trustProxy?: string;
}

function packageRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
}

function parseRole(v: string): TrainRole {
  if (!(TRAIN_ROLES as readonly string[]).includes(v)) throw new UsageError(`--role: expected one of ${TRAIN_ROLES.join(', ')}, got ${JSON.stringify(v)}`);
  return v as TrainRole;
}

function parseRate(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n >= 0 && n <= 1)) throw new UsageError(`--projection-rate: expected a number in [0, 1], got ${JSON.stringify(v)}`);
  return n;
}

/** `--trust-proxy` as express reads it (addresses, subnets, 'loopback', …), refused before anything starts. */
async function checkTrustProxy(v: string): Promise<void> {
  const { default: express } = await import('express');
  try {
    express().set('trust proxy', v);
  } catch (err) {
    throw new UsageError(`--trust-proxy: ${(err as Error).message} in ${JSON.stringify(v)} (expected addresses or subnets, or loopback, linklocal, uniquelocal)`);
  }
}

/**
 * The sessions database, opened for a command that may still fail: `discard()` closes it and, when
 * this command made the file, removes it again (nothing is left behind by a refused command).
 */
async function openStore(file: string) {
  const { TrainingStore } = await import('../../train/store.js');
  const created = !existsSync(file);
  let store;
  try {
    store = TrainingStore.open(file);
  } catch (err) {
    throw new UsageError(`--db ${file}: ${(err as Error).message}`);
  }
  return {
    store,
    discard(): void {
      store.close();
      if (created && file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
  };
}

/**
 * The exercise of the policy asked for or, by default, of the first policy that routes work to
 * the role (a scenario's first policy is often a baseline without the role: no scanner, no smart
 * lane). A policy that gives the role no case is refused naming the policies that route work to it.
 */
async function buildFor(o: TrainCliOptions, scenario: PortScenario, role: TrainRole) {
  const { buildExercise } = await import('../../train/exercise-run.js');
  const { NoCaseError } = await import('../../sim/training/exercise.js');
  const { routesWorkTo } = await import('../../sim/training/role-work.js');
  const routing = scenario.policies.map((p) => p.name).filter((name) => routesWorkTo(portConfigFor(scenario, name).policy, role));
  const asked = o.policy === undefined ? undefined : selectPolicies(scenario, [o.policy])[0];
  // a policy that routes nothing to the role is refused without running it
  const tries = asked === undefined ? routing : routing.includes(asked) ? [asked] : [];
  const seed = o.seed ?? scenario.seed ?? 1;
  for (const policy of tries) {
    try {
      return buildExercise(
        { config: portConfigFor(scenario, policy), scenario: scenario.name, scenarioHash: scenarioHash(scenario), policy, seed },
        { role, cases: o.cases, projectionRate: o.projectionRate },
      );
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(`${o.scenario}: ${err.message}`);
      if (!(err instanceof NoCaseError)) throw err;
      // routed, but none after the warm-up on this seed: the next policy may have some
    }
  }
  const list = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');
  if (asked !== undefined) {
    const others = routing.filter((n) => n !== asked);
    throw new UsageError(`${o.scenario}: policy '${asked}' gives the ${role} no case after the warm-up; ` + (others.length > 0
      ? `the policies that route work to the ${role}: ${list(others)} (choose one with --policy)`
      : `no other policy of scenario '${scenario.name}' routes work to it: choose a scenario whose policy does`));
  }
  if (routing.length === 0) {
    throw new UsageError(`${o.scenario}: no policy of scenario '${scenario.name}' routes work to the ${role} (its policies: ${list(scenario.policies.map((p) => p.name))}): choose a scenario whose policy does`);
  }
  throw new UsageError(`${o.scenario}: the policies that route work to the ${role} (${list(routing)}) give it no case after the warm-up on seed ${seed}: try another seed or a longer horizon`);
}

const LISTEN_ERRORS: Record<string, (o: TrainCliOptions) => string> = {
  EADDRINUSE: (o) => `--port ${o.port}: already in use on ${o.host}`,
  EACCES: (o) => `--port ${o.port}: not allowed (ports below 1024 need privileges)`,
  EADDRNOTAVAIL: (o) => `--host ${o.host}: not an address of this machine`,
  ENOTFOUND: (o) => `--host ${o.host}: no such host`,
  EAI_AGAIN: (o) => `--host ${o.host}: the name could not be resolved`,
};

export interface Training {
  server: Server;
  url: string;
  exercise: ExerciseView;
  /** set when this start made the first trainer account */
  firstTrainer?: { name: string; password: string };
  close(): Promise<void>;
}

export async function startTraining(o: TrainCliOptions): Promise<Training> {
  const role = parseRole(o.role);
  if (o.trustProxy !== undefined) await checkTrustProxy(o.trustProxy);
  const scenario = loadScenario(o.scenario, 'port', 'ctwin train');
  const exercise = await buildFor(o, scenario, role);
  const { TrainingService } = await import('../../train/training-service.js');
  const { createTrainApp } = await import('../../train/app.js');
  const { store, discard } = await openStore(o.db);
  const { rerunPool } = await import('../../train/rerun-pool.js');
  const pool = rerunPool();
  const service = new TrainingService(exercise, store, undefined, (t) => pool.run(t));
  const app = createTrainApp({ service, viewerDir: join(packageRoot(), 'dist', 'viewer'), trustProxy: o.trustProxy });
  const server = createServer(app);
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        const msg = err.code !== undefined ? LISTEN_ERRORS[err.code] : undefined;
        fail(msg ? new UsageError(msg(o)) : err);
      });
      server.listen(o.port, o.host, () => ok());
    });
  } catch (err) {
    discard();
    await pool.close();
    throw err;
  }
  // only a server that is up makes the first trainer, whose password is printed just after
  let firstTrainer: Training['firstTrainer'];
  if (!store.hasTrainer()) {
    const password = randomBytes(9).toString('base64url');
    await store.createUser('trainer', password, 'trainer');
    firstTrainer = { name: 'trainer', password };
  }
  const { port } = server.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${host}:${port}/train.html`;
  return {
    server, url, firstTrainer, exercise: exercise.view,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => {
        store.close();
        void pool.close().then(ok);
      });
    }),
  };
}

/** The password for a new account: CTWIN_PASSWORD, else the first line of standard input. */
function readPassword(): string {
  const env = process.env.CTWIN_PASSWORD;
  if (env !== undefined && env !== '') return env;
  if (process.stdin.isTTY) throw new UsageError('give the password in CTWIN_PASSWORD or on standard input (e.g. read -s P; echo "$P" | ctwin train-account add NAME)');
  const line = readFileSync(0, 'utf8').split(/\r?\n/)[0];
  if (line === undefined || line === '') throw new UsageError('no password on standard input');
  return line;
}

export function registerTrainCommands(program: Command): void {
  program
    .command('train')
    .description('officer trainer: trainees play a role (image analyst, gate officer, document reviewer) on the cases of a seeded port run and are scored; serves on 127.0.0.1')
    .requiredOption('--scenario <file>', 'port scenario (e.g. scenarios/training-port.yaml)')
    .requiredOption('--role <role>', `the role trainees play: ${TRAIN_ROLES.join(', ')}`)
    .option('--policy <name>', "the scenario's policy to run (default: its first that routes work to the role)")
    .option('--seed <n>', "seed (default: the scenario's)", (v) => parseNonNegInt('--seed', v))
    .option('--cases <n>', 'cases per session', (v) => parsePositiveInt('--cases', v), 20)
    .option('--projection-rate <r>', 'share of clean cases given a projected threat or discrepancy (TIP)', parseRate, 0.4)
    .option('--db <file>', 'accounts and sessions (SQLite)', join(process.env.CTWIN_STORE || 'runs', 'training.sqlite'))
    .option('--port <n>', 'port (0: any free one)', (v) => parseNonNegInt('--port', v), 5179)
    .option('--host <addr>', 'address to bind (the default keeps it on this machine)', '127.0.0.1')
    .option('--trust-proxy <addrs>', "behind a reverse proxy: its addresses (e.g. loopback), whose X-Forwarded-For then names the client whose sign-ins are limited (express's 'trust proxy')")
    .action(async (o: TrainCliOptions) => {
      const t = await startTraining(o);
      process.stdout.write(`officer trainer: ${t.url}\n`);
      const x = t.exercise;
      process.stdout.write(`exercise: ${x.cases} cases of the ${x.role} from policy '${x.policy}' of ${x.scenario}, seed ${x.seed}\n`);
      if (t.firstTrainer) process.stdout.write(`first trainer account: name '${t.firstTrainer.name}', password '${t.firstTrainer.password}' (shown once; trainers add trainees on the dashboard)\n`);
      process.stdout.write('Ctrl-C to stop\n');
      await new Promise<void>((done) => {
        const stop = () => void t.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
  const accounts = program.command('train-account').description('officer trainer accounts');
  const dbOption = ['--db <file>', 'accounts and sessions (SQLite)', join(process.env.CTWIN_STORE || 'runs', 'training.sqlite')] as const;
  accounts
    .command('add <name>')
    .description('add an account; the password comes from CTWIN_PASSWORD or standard input')
    .option('--trainer', 'a trainer (default: a trainee)')
    .option(...dbOption)
    .action(async (name: string, o: { trainer?: boolean; db: string }) => {
      const { TrainingInputError } = await import('../../train/store.js');
      const password = readPassword();
      const { store, discard } = await openStore(o.db);
      try {
        const u = await store.createUser(name, password, o.trainer ? 'trainer' : 'trainee');
        store.close();
        process.stdout.write(`added ${u.role} '${u.name}' to ${o.db}\n`);
      } catch (err) {
        discard();
        if (err instanceof TrainingInputError) throw new UsageError(err.message);
        throw err;
      }
    });
  accounts
    .command('password <name>')
    .description("set an account's password (CTWIN_PASSWORD or standard input) and sign it out everywhere")
    .option(...dbOption)
    .action(async (name: string, o: { db: string }) => {
      const { TrainingInputError } = await import('../../train/store.js');
      const password = readPassword();
      if (!existsSync(o.db)) throw new UsageError(`--db ${o.db}: no such file`);
      const { store } = await openStore(o.db);
      try {
        const key = name.normalize('NFC').toLowerCase();
        const u = store.users().find((x) => x.name.normalize('NFC').toLowerCase() === key);
        if (u === undefined) throw new UsageError(`no account '${name}' in ${o.db}`);
        await store.setPassword(u.id, password);
        store.revokeTokensOf(u.id);
        process.stdout.write(`new password for ${u.role} '${u.name}'; signed out everywhere\n`);
      } catch (err) {
        if (err instanceof TrainingInputError) throw new UsageError(err.message);
        throw err;
      } finally {
        store.close();
      }
    });
}
