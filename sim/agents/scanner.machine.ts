/**
 * An H986 container scanner: idle, or scanning one container. A scan with its image takes 1–2 min
 * (seed 001); the time is the consignment's own draw, handed over with the SCAN event. When the
 * image is ready the scanner says so and the world passes it to an image analyst.
 */
import { assign, emit, setup } from 'xstate';

export interface ScannerInput {
  index: number;
}
export interface ScannerContext {
  index: number;
  /** consignment being scanned (its sequence number), −1 when idle */
  ref: number;
  scanS: number;
  scans: number;
}
export type ScannerEvent = { type: 'SCAN'; ref: number; scanS: number };
export type ScannerEmitted =
  | { type: 'scanner.scan_started'; scanner: number; ref: number }
  | { type: 'scanner.image_ready'; scanner: number; ref: number; scan_s: number };

export const scannerMachine = setup({
  types: {
    context: {} as ScannerContext,
    input: {} as ScannerInput,
    events: {} as ScannerEvent,
    emitted: {} as ScannerEmitted,
  },
  actions: {
    load: assign(({ context, event }) => ({ ref: event.ref, scanS: event.scanS, scans: context.scans + 1 })),
    announceScan: emit(({ context }) => ({ type: 'scanner.scan_started' as const, scanner: context.index, ref: context.ref })),
    imageReady: emit(({ context }) => ({ type: 'scanner.image_ready' as const, scanner: context.index, ref: context.ref, scan_s: context.scanS })),
    unload: assign({ ref: -1 }),
  },
  delays: {
    scanTime: ({ context }) => context.scanS,
  },
}).createMachine({
  id: 'scanner',
  context: ({ input }) => ({ index: input.index, ref: -1, scanS: 0, scans: 0 }),
  initial: 'idle',
  states: {
    idle: {
      on: { SCAN: { target: 'scanning', actions: ['load', 'announceScan'] } },
    },
    scanning: {
      after: { scanTime: { target: 'idle', actions: ['imageReady', 'unload'] } },
    },
  },
});
