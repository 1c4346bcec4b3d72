/** The ECharts browser bundle, inlined into every HTML report so reports open offline. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let cached: string | undefined;

/** Text of `echarts/dist/echarts.min.js`, read once per process (about 1 MB). */
export function echartsSource(): string {
  if (cached === undefined) {
    const path = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
    cached = readFileSync(path, 'utf8');
  }
  return cached;
}
