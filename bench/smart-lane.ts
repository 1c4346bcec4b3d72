/**
 * A smart lane's cost per truck: the devices' reads (SmartLaneDevices.read) and customs' check
 * (checkGatherInfo), in-process and on the wire, on 1,000 distinct trucks read over and over.
 *
 *   node dist/bench/smart-lane.js [--trucks 200000]
 */
import { SmartLaneDevices, type HardwareMode } from '../hardware-emu/smart-lane.js';
import { checkGatherInfo } from '../sim/supervision/gate-check.js';
import { RngStreams } from '../sim/kernel/rng.js';
import { drawContainerNumber, drawElectronicPlate, drawPlate, drawSealNumber } from '../sim/supervision/identifiers.js';

const i = process.argv.indexOf('--trucks');
const n = i >= 0 ? Number(process.argv[i + 1]) : 200_000;
const r = new RngStreams(1).stream('bench.trucks');
const trucks = Array.from({ length: 1000 }, () => ({
  at: 100, lane: 'GS1', plate: drawPlate(r), ePlate: drawElectronicPlate(r), containerNumber: drawContainerNumber(r), sizeType: '45G1',
  seal: drawSealNumber(r), grossKg: 30_000, tareKg: 15_000, driverCard: 'DC1',
}));

function usPerTruck(mode: HardwareMode, count: number): { us: number; released: number } {
  const d = new SmartLaneDevices(1, { misreadRate: 0.02 }, mode);
  let released = 0;
  const t0 = performance.now();
  for (let k = 0; k < count; k++) {
    const t = trucks[k % trucks.length];
    const info = d.read(k, t);
    if (checkGatherInfo(info, { plate: t.plate, eplate: t.ePlate, container: t.containerNumber, seal: t.seal, declaredGrossKg: 15_000 }, 0.1).release) released++;
  }
  return { us: ((performance.now() - t0) * 1000) / count, released: released / count };
}

const out: Record<string, number> = {};
for (const mode of ['in-process', 'wire'] as const) {
  const count = mode === 'wire' ? Math.max(1000, Math.round(n / 50)) : n;
  usPerTruck(mode, Math.min(count, 20_000)); // warm-up
  const runs = [usPerTruck(mode, count), usPerTruck(mode, count), usPerTruck(mode, count)].map((x) => x.us).sort((a, b) => a - b);
  out[`${mode}_us_per_truck_best`] = Math.round(runs[0] * 100) / 100;
  out[`${mode}_us_per_truck_median`] = Math.round(runs[1] * 100) / 100;
}
process.stdout.write(JSON.stringify({ bench: 'smart-lane', trucks: n, ...out }) + '\n');
