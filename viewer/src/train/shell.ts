/**
 * The page frame shared by every screen: header (title, user, language toggle, logout), the
 * role=alert error line, and the #app area one screen owns at a time.
 */
import { getLang, onLangChange, setLang, t } from './i18n.js';

export interface Screen {
  /** redraw every string (language switch) without losing state */
  rerender(): void;
  /** remove listeners, timers, the Phaser game */
  destroy(): void;
}

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from train.html`);
  return el as T;
};

export const app = (): HTMLElement => $('app');
const errorEl = (): HTMLElement => $('error');

export function showError(msg: string): void {
  const el = errorEl();
  el.textContent = msg;
  el.hidden = false;
}

export function clearError(): void {
  const el = errorEl();
  el.textContent = '';
  el.hidden = true;
}

let current: Screen | null = null;
let logoutHandler: (() => void) | null = null;
let userName = '';

/** Replace the current screen; the previous one is torn down first. */
export function mount(make: () => Screen): Screen {
  current?.destroy();
  current = null;
  app().replaceChildren();
  clearError();
  current = make();
  return current;
}

/** Show the logout button (signed-in screens) or hide it (login). */
export function setSignedIn(name: string | null, onLogout: (() => void) | null): void {
  userName = name ?? '';
  logoutHandler = onLogout;
  relabel();
}

function relabel(): void {
  document.title = `customs-twin — ${t('title')}`;
  $('train-title').textContent = t('title');
  $('train-user').textContent = userName;
  const toggle = $('lang-toggle');
  toggle.textContent = t('lang_toggle');
  toggle.setAttribute('aria-label', t('lang_toggle_label'));
  const out = $<HTMLButtonElement>('logout');
  out.textContent = t('logout');
  out.hidden = !logoutHandler;
}

export function initShell(): void {
  $('lang-toggle').addEventListener('click', () => setLang(getLang() === 'zh' ? 'en' : 'zh'));
  $('logout').addEventListener('click', () => logoutHandler?.());
  onLangChange(() => {
    relabel();
    current?.rerender();
  });
  relabel();
}
