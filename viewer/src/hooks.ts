/**
 * The test hooks view.html puts on `window.__viewer` (documented in view-main.ts). A file of its
 * own, with no imports, so the browser tests can import the type without the viewer's code.
 */
export interface ViewerHooks {
  ready: boolean;
  error: string | null;
  seek(t: number): void;
  play(): void;
  pause(): void;
  time(): number;
  visibleTrucks(): number;
  truckScreenPosition(i: number): { x: number; y: number } | null;
  truckIndexByRef(ref: number): number;
  positions(): number[];
  frameStats(): { frames: number; medianMs: number; p95Ms: number; updateMedianMs: number; updateP95Ms: number };
  resetFrameStats(): void;
  selectTruck(i: number): void;
  /** live mode's state; null in a replay */
  live(): { following: boolean; t1: number; trucks: number; state: string; counts: { trucks: number; awaitingGate: number; inSystem: number; unmatched: number; unknown: number } } | null;
}
