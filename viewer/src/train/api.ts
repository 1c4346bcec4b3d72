/**
 * The trainer's HTTP client: same-origin cookie auth, JSON in and out, and the server's
 * `{error}` text surfaced as the Error message so screens can show it verbatim.
 * A 401 on anything but the login call means the cookie is gone: every screen goes back to login.
 */
import type {
  DecisionRequest, DecisionResult, MeView, NextCase, SessionSummary, SessionView, SignInState, TraineeProgress, UserView,
} from '../../../train/api-types.js';
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

let onUnauthorized: (() => void) | null = null;
/** Called once at start-up by the router. */
export function setUnauthorizedHandler(f: () => void): void {
  onUnauthorized = f;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, opts: { login?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: method === 'POST' ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
    });
  } catch (e) {
    throw new ApiError(`${t('err_network')}: ${e instanceof Error ? e.message : String(e)}`, 0);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON: use the text */ }
  if (!res.ok) {
    const msg = data && typeof data === 'object' && 'error' in data && typeof (data as { error: unknown }).error === 'string'
      ? (data as { error: string }).error
      : `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    if (res.status === 401 && !opts.login && onUnauthorized) onUnauthorized();
    throw new ApiError(msg, res.status);
  }
  return data as T;
}

export const api = {
  login: (name: string, password: string) => call<MeView>('POST', '/api/login', { name, password }, { login: true }),
  logout: () => call<void>('POST', '/api/logout', {}),
  /** signed in or not, with 200 either way: the page's question on load (no 401 in the console) */
  signInState: () => call<SignInState>('GET', '/api/session', undefined, { login: true }),
  startSession: () => call<SessionView>('POST', '/api/sessions', {}),
  sessions: () => call<SessionSummary[]>('GET', '/api/sessions'),
  session: (id: number) => call<SessionView>('GET', `/api/sessions/${id}`),
  nextCase: (id: number) => call<NextCase>('GET', `/api/sessions/${id}/case`),
  decide: (id: number, req: DecisionRequest) => call<DecisionResult>('POST', `/api/sessions/${id}/decisions`, req),
  finish: (id: number) => call<SessionView>('POST', `/api/sessions/${id}/finish`, {}),
  trainees: () => call<TraineeProgress[]>('GET', '/api/trainees'),
  addTrainee: (name: string, password: string) => call<UserView>('POST', '/api/trainees', { name, password }),
};

export const EXPORT_CSV_URL = '/api/export.csv';
