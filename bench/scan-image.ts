/**
 * An H986 image as the trainer shows it (800 × 300, a 40-ft box): the scene's solids projected at
 * two energies, counted with noise, the grey and the material-colour images and their PNGs, on
 * this thread (one core). Every goods class once per round, median over rounds; wall-clock and CPU
 * ms per image (on a shared machine the CPU time is the figure for one free core), and the share
 * of the wall time spent encoding the PNGs. One JSON line.
 *
 *   node dist/bench/scan-image.js [--rounds 5]
 */
import { Rng, deriveState } from '../sim/kernel/rng.js';
import { encodeGreyPng, materialPngs, scanImages } from '../hardware-emu/scanner/h986.js';
import { GOODS_CLASSES } from '../hardware-emu/scanner/xray/goods.js';

const i = process.argv.indexOf('--rounds');
const rounds = i >= 0 ? Number(process.argv[i + 1]) : 5;
const per: number[] = [], pngs: number[] = [], cpu: number[] = [];
let worst = 0;
for (let r = 0; r <= rounds; r++) {
  let total = 0, png = 0;
  const c0 = process.cpuUsage();
  for (const kind of GOODS_CLASSES) {
    const t0 = performance.now();
    const s = scanImages({ at: 0, containerNumber: 'MSCU1234565', sizeType: '45G1', cargo: { kind, density: 0.6, fill: 0.9 }, threat: { kind: 'pistol', x: 0.4, y: 0.5 } }, {}, new Rng('bench', deriveState(`${r}`, kind)));
    const t1 = performance.now();
    encodeGreyPng(s.grey, s.width, s.height);
    materialPngs(s);
    const t2 = performance.now();
    total += t2 - t0;
    png += t2 - t1;
    if (r > 0) worst = Math.max(worst, t2 - t0);
  }
  // round 0 warms the JIT
  const c = process.cpuUsage(c0);
  if (r > 0) {
    cpu.push((c.user + c.system) / 1000 / GOODS_CLASSES.length);
    per.push(total / GOODS_CLASSES.length);
    pngs.push(png / GOODS_CLASSES.length);
  }
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;
process.stdout.write(JSON.stringify({ bench: 'scan-image', width: 800, height: 300, classes: GOODS_CLASSES.length, rounds, ms_per_image: round1(median(per)), cpu_ms_per_image: round1(median(cpu)), png_ms_per_image: round1(median(pngs)), worst_ms: round1(worst), budget_ms: 150 }) + '\n');
