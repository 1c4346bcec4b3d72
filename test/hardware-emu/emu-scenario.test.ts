/** `ctwin emu --scenario/--policy` (lanes, rate and seed from a scenario) and the radiation portal monitor of the emulated gate. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sampler } from '../../sim/kernel/distributions.js';
import { loadScenario } from '../../scenarios/loader.js';
import { FORMATS } from '../../hardware-emu/formats.js';
import { accountedFor } from '../../hardware-emu/faults.js';
import { emulatedGate, laneDevices, NORM_CARGO_SHARE } from '../../hardware-emu/emulated-gate.js';
import { n42Codec } from '../../hardware-emu/radiation/index.js';
import { scenarioGate, ScenarioGateError } from '../../hardware-emu/scenario-gate.js';
import { startHttpPoster, startHttpReceiver } from '../../hardware-emu/transports/http.js';
import { replay } from '../../hardware-emu/transports/replay.js';
import { emuCommand, emuGateShape, registerEmuCommand } from '../../bin/commands/emu.js';
import { UsageError } from '../../bin/usage-error.js';
import { ctwin, ROOT } from '../cli/helpers.js';
import type { GatherInfo } from '../../hardware-emu/gate-frontend/gather-info.js';
import { sealFromEpc } from '../../hardware-emu/rfid/eseal-epc.js';

const PORT_REFORM = join(ROOT, 'scenarios', 'port-reform.yaml');
const PORT_BASELINE = join(ROOT, 'scenarios', 'port-baseline.yaml');
const GATE_MMC = join(ROOT, 'scenarios', 'gate-mmc.yaml');
const GATE_SHIFTS = join(ROOT, 'scenarios', 'gate-shifts.yaml');

/** The scenario file as plain YAML data (aliases resolved), read here without the loader: the expected numbers are computed from it independently. */
const raw = (file: string): any => parseYaml(readFileSync(file, 'utf8'));
const meanPerHour = (arrivals: { per_hour?: number; profile_per_hour?: number[] }) =>
  arrivals.per_hour ?? arrivals.profile_per_hour!.reduce((s, x) => s + x, 0) / 24;

/** `ctwin emu ARGS` through commander, stdout captured; the promise rejects with what the action threw. */
async function emu(args: string[]): Promise<string[]> {
  const p = new Command().exitOverride();
  registerEmuCommand(p);
  const out: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
  try {
    await p.parseAsync(['node', 'ctwin', 'emu', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out.join('').split('\n').filter((l) => l !== '');
}

const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

describe('scenarioGate: lanes and rate from a scenario', () => {
  it("port-reform: the first policy with smart lanes, mean consignments per hour x e-plate share / smart lanes, the scenario's seed", () => {
    const y = raw(PORT_REFORM);
    const first = y.policies.find((p: { gate: { smart_lanes: number } }) => p.gate.smart_lanes > 0);
    const expected = (meanPerHour(y.demand.arrivals) * y.population.eplate_share) / first.gate.smart_lanes;
    const g = scenarioGate(loadScenario(PORT_REFORM));
    expect(g).toMatchObject({ kind: 'port', scenario: 'port-reform', policy: first.name, lanes: first.gate.smart_lanes, seed: y.seed });
    expect(g.passagesPerHour).toBeCloseTo(expected, 12);
    // the figures as the file documents them: 6,030 a day, 90 % e-plates, 8 smart lanes
    expect(g).toMatchObject({ policy: 'reform', lanes: 8, seed: 11, arrivalsPerHour: 6030 / 24 });
    expect(g.passagesPerHour).toBeCloseTo((6030 / 24) * 0.9 / 8, 12);
    expect(g.summary).toContain("policy 'reform'");
  });

  it('port-reform --policy: that policy; no smart lanes or an unknown name is an error naming the policies', () => {
    const s = loadScenario(PORT_REFORM);
    expect(scenarioGate(s, 'random-control')).toMatchObject({ policy: 'random-control', lanes: 8 });
    const none = thrown(() => scenarioGate(s, 'baseline'));
    expect(none).toBeInstanceOf(ScenarioGateError);
    expect(none.message).toMatch(/policy 'baseline' .* has no smart lanes/);
    expect(none.message).toContain("'reform', 'reform-rules', 'random-control', 'reform-no-sharing'");
    const unknown = thrown(() => scenarioGate(s, 'nope'));
    expect(unknown.message).toContain("has no policy 'nope'");
    expect(unknown.message).toContain(raw(PORT_REFORM).policies.map((p: { name: string }) => `'${p.name}'`).join(', '));
  });

  it('a port scenario without any smart lanes is an error', () => {
    const e = thrown(() => scenarioGate(loadScenario(PORT_BASELINE)));
    expect(e).toBeInstanceOf(ScenarioGateError);
    expect(e.message).toMatch(/no policy with smart lanes/);
  });

  it('gate-mmc: site.gates.lanes, arrivals per hour / lanes; gate scenarios have no policies', () => {
    const y = raw(GATE_MMC);
    const g = scenarioGate(loadScenario(GATE_MMC));
    expect(g).toMatchObject({ kind: 'gate', scenario: 'gate-mmc', lanes: y.site.gates.lanes, seed: y.seed });
    expect(g.passagesPerHour).toBeCloseTo(meanPerHour(y.demand.arrivals) / y.site.gates.lanes, 12);
    expect(g).toMatchObject({ lanes: 4, passagesPerHour: 48, seed: 7 });
    expect(g.policy).toBeUndefined();
    expect(thrown(() => scenarioGate(loadScenario(GATE_MMC), 'reform')).message).toMatch(/gate scenario and has no policies/);
  });

  it('gate-shifts: an hourly profile counts at its mean', () => {
    const y = raw(GATE_SHIFTS);
    const g = scenarioGate(loadScenario(GATE_SHIFTS));
    expect(g.lanes).toBe(y.site.gates.lanes);
    expect(g.passagesPerHour).toBeCloseTo(meanPerHour(y.demand.arrivals) / y.site.gates.lanes, 12);
  });
});

describe('ctwin emu --scenario', () => {
  const base = { minutes: 2, transport: 'http' as const, speed: Infinity };

  it('options: --seed overrides the scenario, --lanes and --passages-per-hour conflict, --policy needs --scenario', () => {
    expect(emuGateShape({ ...base, scenario: GATE_MMC })).toMatchObject({ lanes: 4, passagesPerHour: 48, seed: 7 });
    expect(emuGateShape({ ...base, scenario: GATE_MMC, seed: 5 }).seed).toBe(5);
    expect(emuGateShape({ ...base })).toEqual({ seed: 1, lanes: 1, passagesPerHour: 60 });
    for (const o of [{ lanes: 2 }, { passagesPerHour: 30 }]) {
      const e = thrown(() => emuGateShape({ ...base, scenario: GATE_MMC, ...o }));
      expect(e).toBeInstanceOf(UsageError);
      expect(e.message).toMatch(/^--(lanes|passages-per-hour) conflicts with --scenario .*gate-mmc\.yaml/);
    }
    expect(thrown(() => emuGateShape({ ...base, policy: 'reform' }))).toBeInstanceOf(UsageError);
    const e = thrown(() => emuGateShape({ ...base, scenario: PORT_REFORM, policy: 'nope' }));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toMatch(/^--policy: .*'baseline', 'reform'/);
  });

  it('commander: a given --lanes or --passages-per-hour conflicts even at the default value; a default does not', async () => {
    await expect(emu(['--scenario', GATE_MMC, '--lanes', '1'])).rejects.toThrow(/--lanes conflicts with --scenario/);
    await expect(emu(['--scenario', GATE_MMC, '--passages-per-hour', '60'])).rejects.toThrow(/--passages-per-hour conflicts with --scenario/);
    await expect(emu(['--scenario', PORT_REFORM, '--policy', 'baseline'])).rejects.toThrow(UsageError);
    const lines = await emu(['--scenario', GATE_MMC, '--transport', 'http', '--minutes', '3', '--speed', '1000000']);
    expect(lines[0]).toMatch(/^scenario 'gate-mmc' \(gate\): 4 lanes, 48 passages per lane and hour .*; seed 7; 3 simulated minutes$/);
    const rows = lines.filter((l) => /^L\d+-\w/.test(l) && l.includes('\t')).map((l) => l.split('\t')[0]);
    expect(rows).toEqual([1, 2, 3, 4].flatMap((l) => laneDevices(`L${l}`).map((d) => d.device)));
    expect(rows).toContain('L4-rpm');
  });

  it('port-reform: the first line names scenario and policy with the derived lanes and rate; 8 lanes of devices', async () => {
    const lines: string[] = [];
    await emuCommand({ ...base, scenario: PORT_REFORM, seed: 2 }, (l) => lines.push(l));
    expect(lines[0]).toMatch(/^scenario 'port-reform', policy 'reform': 8 lanes .*28\.27 passages per lane and hour .*; seed 2; 2 simulated minutes$/);
    expect(lines.some((l) => l.startsWith('L8-rpm\t'))).toBe(true);
    expect(lines.some((l) => l.startsWith('L9-'))).toBe(false);
  });

  it('the built ctwin exits 2 with the message', () => {
    const r = ctwin(['emu', '--scenario', 'scenarios/port-reform.yaml', '--policy', 'baseline', '--speed', '1000000']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--policy: policy 'baseline' of scenario 'port-reform' has no smart lanes/);
    const c = ctwin(['emu', '--scenario', 'scenarios/gate-mmc.yaml', '--lanes', '3']);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/--lanes conflicts with --scenario scenarios\/gate-mmc\.yaml/);
  });
});

describe('radiation portal monitor in the emulated gate', () => {
  it('one rpm per lane, after the first five devices, n42 frames that decode, one occupancy per passage', () => {
    expect(laneDevices('L1')[5]).toEqual({ lane: 'L1', device: 'L1-rpm', format: 'n42' });
    expect(laneDevices('L1').map((d) => d.device)).toEqual(['L1-anpr', 'L1-ocr-front', 'L1-ocr-back', 'L1-rfid', 'L1-scale', 'L1-rpm', 'L1-eseal', 'L1-frontend']);
    const g = emulatedGate({ seed: 4, lanes: 2, minutes: 240, passagesPerHour: 60 });
    const rpm = g.frames.filter((f) => f.device.endsWith('-rpm'));
    expect(rpm.length).toBeGreaterThan(400);
    for (const f of rpm) {
      expect(f.format).toBe('n42');
      const d = n42Codec.decode(f.bytes);
      expect(d.instrument.identifier).toBe(f.device);
      expect(d.measurements).toHaveLength(40);
    }
    for (const lane of ['L1', 'L2']) expect(g.accounting[`${lane}-rpm`].input).toBe(rpm.filter((f) => f.lane === lane).length);
    // background-only trucks alarm rarely (the configured 1 % false-alarm rate); NORM loads are a small share
    const decoded = rpm.map((f) => n42Codec.decode(f.bytes));
    expect(decoded.filter((d) => d.alarms.length > 0).length / rpm.length).toBeLessThan(0.1);
    // gamma over the occupancy: background Poisson(2000 cps x 8 s = 16000), sd 126; above 3.5 sd only by chance 1 in 4,000,
    // while a NORM load adds 200 cps x U(0.5, 1.5) under a bell of sd 0.8 s: about 200 to 600 counts
    const bumped = decoded.filter((d) => d.measurements.reduce((s, m) => s + m.gamma, 0) > 16000 + 3.5 * Math.sqrt(16000)).length;
    expect(bumped).toBeGreaterThan(0);
    expect(bumped / rpm.length).toBeLessThan(NORM_CARGO_SHARE);
  });

  it('over HTTP with faults: rpm frames are accounted for (decoded + rejected + dropped + offline = input + duplicated)', async () => {
    const g = emulatedGate({
      seed: 12, lanes: 2, minutes: 10, passagesPerHour: 60,
      faults: { drop: 0.1, corrupt: 0.1, duplicate: 0.1, delayS: sampler({ dist: 'exponential', mean: 0.05 }), offline: [{ from: 200, to: 300 }] },
    });
    const got = new Map<string, { decoded: number; rejected: number }>();
    const rx = await startHttpReceiver((f) => {
      const t = got.get(f.device) ?? { decoded: 0, rejected: 0 };
      got.set(f.device, t);
      try {
        FORMATS.get(f.format)!.decode(f.bytes);
        t.decoded++;
        return true;
      } catch {
        t.rejected++;
        return false;
      }
    });
    const tx = startHttpPoster(rx.url);
    try {
      await replay(g.frames, tx);
    } finally {
      await tx.stop();
      await rx.stop();
    }
    const rpms = g.devices.filter((d) => d.format === 'n42');
    expect(rpms.map((d) => d.device)).toEqual(['L1-rpm', 'L2-rpm']);
    for (const d of rpms) {
      const a = g.accounting[d.device];
      const t = got.get(d.device) ?? { decoded: 0, rejected: 0 };
      expect(accountedFor(a)).toBe(true);
      expect(a.input).toBeGreaterThan(0);
      expect(t.decoded + t.rejected + a.counts.dropped + a.counts.offline, d.device).toBe(a.input + a.counts.duplicated);
      expect(t.rejected).toBeLessThanOrEqual(a.counts.corrupted);
    }
  });
});

describe('the lane front-end in the emulated gate', () => {
  it('sends one GATHER_INFO per truck, made of what the lane devices read', () => {
    const g = emulatedGate({ seed: 3, lanes: 2, minutes: 60, passagesPerHour: 60 });
    const decoded = (device: string) => g.frames.filter((f) => f.device === device).map((f) => FORMATS.get(f.format)!.decode(f.bytes));
    for (const lane of ['L1', 'L2']) {
      const infos = decoded(`${lane}-frontend`) as GatherInfo[];
      const plates = new Set((decoded(`${lane}-anpr`) as { alert: { anpr: { licensePlate: string } } }[]).map((a) => a.alert.anpr.licensePlate));
      const seals = (decoded(`${lane}-eseal`) as { epc: string }[]).map((t) => sealFromEpc(t.epc));
      // one message per truck: as many as the lane's weighbridge weighings (each starts at zero load)
      expect(infos.length).toBeGreaterThan(30);
      expect(infos.length).toBe(g.accounting[`${lane}-frontend`].input);
      expect(new Set(infos.map((i) => i.seqNo)).size).toBe(infos.length);
      for (const i of infos) {
        expect(i.ieType).toBe('I');
        if (i.CAR!.VE_NAME !== '') expect(plates).toContain(i.CAR!.VE_NAME);
        if (i.SEAL!.ESEAL_ID !== '') expect(seals).toContain(i.SEAL!.ESEAL_ID);
        expect(Number(i.WEIGHT!.GROSS_WT)).toBeGreaterThan(10_000);
      }
      // most trucks are read whole: plate, and (laden ones) a recognised container
      expect(infos.filter((i) => i.CAR!.VE_NAME !== '').length / infos.length).toBeGreaterThan(0.9);
      const laden = infos.filter((i) => i.CONTA!.CONTA_NUM === '1');
      expect(laden.filter((i) => i.CONTA!.CONTA_RECO === '1').length / laden.length).toBeGreaterThan(0.9);
    }
  });
});
