/** The dual-energy material classes a screener can show alone. */
export const MATERIAL_FILTERS = ['all', 'organic', 'mixed', 'inorganic', 'impenetrable'] as const;
export type MaterialFilter = (typeof MATERIAL_FILTERS)[number];

/** Screener image tools: invert, contrast window, material colour, material filter. */
export interface ImageTools { invert: boolean; enhance: boolean; colour: boolean; filter: MaterialFilter }

/** What the controller hands a role scene. State lives in the controller so a scene restart (language switch) loses nothing. */
import type { Box, CaseView, DecisionResult } from '../../../train/api-types.js';

export interface CaseSceneData {
  c: CaseView;
  /** image analyst marks in IMAGE pixels; the scene mutates this array */
  marks: Box[];
  /** screener image tools */
  tools: ImageTools;
  /** set once decided: the scene shows the truth (e.g. the threat box) too */
  result: DecisionResult | null;
  /** the case is on screen and input is accepted */
  onReady(): void;
  onError(msg: string): void;
  onMarksChanged(): void;
}
