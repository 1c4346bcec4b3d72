/**
 * The simulation's H986 scanners as devices: each scan job renders the container's image with the
 * scanner behaviour (h986.ts) when the site runs `hardware: wire`, and the PNG goes over the wire:
 * its bytes are decoded again and checked to be the image the job describes. In-process the
 * picture is not drawn (most runs need only the scan's duration and its subject, which the
 * stream records); both modes give the same event stream.
 */
import pngjs from 'pngjs';
import { IndexedStreams } from '../../sim/kernel/rng.js';
import type { HardwareMode, WireCounts } from '../smart-lane.js';
import { scanJob, type ScanInput, type ScanResult } from './h986.js';

export const H986_PNG = 'h986-png';

export class H986Devices {
  private readonly rngs: IndexedStreams;

  constructor(
    seed: number | string,
    readonly mode: HardwareMode,
    /** counts of what went over the wire, shared with the site's other devices */
    readonly wire: WireCounts,
  ) {
    this.rngs = new IndexedStreams(seed, 'scanner.image');
  }

  /** The scan of consignment `k`, taking `scanS`: on the wire, its rendered image (decoded again); in-process, null. */
  scan(k: number, input: ScanInput, scanS: number): ScanResult | null {
    if (this.mode !== 'wire') return null;
    const r = scanJob(input, { minScanS: scanS, maxScanS: scanS }, this.rngs.at(k));
    const c = (this.wire[H986_PNG] ??= { frames: 0, bytes: 0 });
    c.frames++;
    c.bytes += r.image.length;
    let png: pngjs.PNG;
    try {
      png = pngjs.PNG.sync.read(Buffer.from(r.image));
    } catch (err) {
      throw new Error(`hardware wire: the H986 image of container ${input.containerNumber} does not decode: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (png.width !== r.width || png.height !== r.height) {
      throw new Error(`hardware wire: the H986 image of container ${input.containerNumber} is ${png.width}×${png.height}, the scan job says ${r.width}×${r.height}`);
    }
    return r;
  }
}
