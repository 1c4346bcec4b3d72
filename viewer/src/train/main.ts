/**
 * Entry of train.html: decides which screen to show (login, trainee home, exercise, trainer
 * dashboard) and sends every 401 back to the login form.
 */
import type { MeView, SessionView } from '../../../train/api-types.js';
import { api, ApiError, setUnauthorizedHandler } from './api.js';
import { dashboardScreen } from './dashboard.js';
import { errorText } from './dom.js';
import { homeScreen } from './home.js';
import { hook } from './hooks.js';
import { t } from './i18n.js';
import { loginScreen } from './login.js';
import { initShell, mount, setSignedIn, showError } from './shell.js';

let me: MeView | null = null;

function showLogin(notice?: string): void {
  me = null;
  hook.session = null;
  hook.case = null;
  hook.last = null;
  setSignedIn(null, null);
  mount(() => loginScreen(signedIn, notice));
}

function signedIn(m: MeView): void {
  me = m;
  setSignedIn(m.user.name, logout);
  showHome();
}

function showHome(): void {
  if (!me) return showLogin();
  const m = me;
  if (m.user.role === 'trainer') mount(() => dashboardScreen());
  else mount(() => homeScreen(m, showExercise));
}

/** Phaser is most of the bundle: load it only when an exercise starts, so login and home open fast. */
function showExercise(s: SessionView): void {
  import('./exercise.js').then(
    ({ exerciseScreen }) => { mount(() => exerciseScreen(s, showHome)); },
    (e: unknown) => showError(errorText(e)),
  );
}

function logout(): void {
  api.logout().then(() => showLogin(), (e: unknown) => {
    // a 401 has already taken us to login; anything else is worth telling
    if (!(e instanceof ApiError && e.status === 401)) showError(errorText(e));
  });
}

initShell();
// a 401 anywhere but login means the cookie expired: back to the form, say why
setUnauthorizedHandler(() => showLogin(t('err_session_expired')));
api.signInState().then((s) => (s.signed_in ? signedIn(s) : showLogin()), (e: unknown) => {
  showLogin();
  // the page opened from `ctwin serve` (the viewer's server), which runs no exercise
  if (e instanceof ApiError && e.status === 404) showError(t('err_not_trainer'));
  else if (!(e instanceof ApiError && e.status === 401)) showError(errorText(e));
});
