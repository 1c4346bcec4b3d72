/**
 * Keyboard shortcuts, read at the page level so they work whether the canvas, a button or the
 * page body has focus (but never while typing in a text field).
 */
import { ROLE_DECISIONS, type Decision, type TrainRole } from '../../../train/api-types.js';

export type KeyAction =
  | { kind: 'decide'; decision: Decision }
  | { kind: 'next' }
  | { kind: 'undo' }
  | { kind: 'tool'; tool: 'invert' | 'enhance' | 'colour' | 'filter' }
  | { kind: 'view'; zoom: number; panX: number; panY: number };

const DECISION_KEYS: Record<string, Decision> = {
  m: 'mark', enter: 'mark', c: 'clear',
  r: 'release', h: 'hold',
  a: 'accept', q: 'query', f: 'refer',
};

export function keyAction(e: KeyboardEvent, role: TrainRole, phase: 'case' | 'feedback' | 'other'): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return null;
  const target = e.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return null;
  const key = e.key.toLowerCase();
  // a focused button handles Space/Enter itself; acting here too would press twice
  if (target?.tagName === 'BUTTON' && (key === ' ' || key === 'enter')) return null;
  if (phase === 'feedback') return key === 'n' || key === ' ' ? { kind: 'next' } : null;
  if (phase !== 'case') return null;
  if (role === 'image-analyst') {
    if (key === 'backspace') return { kind: 'undo' };
    if (key === 'i') return { kind: 'tool', tool: 'invert' };
    if (key === 'e') return { kind: 'tool', tool: 'enhance' };
    if (key === 'k') return { kind: 'tool', tool: 'colour' };
    if (key === 'o') return { kind: 'tool', tool: 'filter' };
    if (key === '+' || key === '=') return { kind: 'view', zoom: 1, panX: 0, panY: 0 };
    if (key === '-') return { kind: 'view', zoom: -1, panX: 0, panY: 0 };
    if (key === '0') return { kind: 'view', zoom: 0, panX: 0, panY: 0 };
    const pan: Record<string, [number, number]> = { arrowleft: [-1, 0], arrowright: [1, 0], arrowup: [0, -1], arrowdown: [0, 1] };
    if (pan[key]) return { kind: 'view', zoom: NaN, panX: pan[key][0], panY: pan[key][1] };
  }
  const d = DECISION_KEYS[key];
  return d && ROLE_DECISIONS[role].includes(d) ? { kind: 'decide', decision: d } : null;
}
