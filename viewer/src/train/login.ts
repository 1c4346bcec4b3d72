/** The sign-in form: labelled inputs, errors in the page's role=alert line, no double submit. */
import type { MeView } from '../../../train/api-types.js';
import { ApiError, api } from './api.js';
import { errorText, h } from './dom.js';
import { hook } from './hooks.js';
import { t } from './i18n.js';
import { app, clearError, showError, type Screen } from './shell.js';

export function loginScreen(onSignedIn: (me: MeView) => void, notice?: string): Screen {
  hook.screen = 'login';
  hook.case = null;
  hook.ready = false;
  let busy = false;
  let name = '';
  let password = '';
  let alive = true;

  const render = (): void => {
    const nameIn = h('input', { id: 'login-name', name: 'name', autocomplete: 'username', required: true, 'data-testid': 'login-name' });
    const pwIn = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password' });
    nameIn.value = name;
    pwIn.value = password;
    nameIn.addEventListener('input', () => { name = nameIn.value; });
    pwIn.addEventListener('input', () => { password = pwIn.value; });
    const submit = h('button', { type: 'submit', 'data-testid': 'login-submit' }, t('login_submit'));
    submit.disabled = busy;
    const form = h('form', { class: 'card login', 'aria-labelledby': 'login-heading' },
      h('h2', { id: 'login-heading' }, t('login_heading')),
      h('label', { for: 'login-name' }, t('login_name')), nameIn,
      h('label', { for: 'login-password' }, t('login_password')), pwIn,
      submit,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (busy) return;
      busy = true;
      submit.disabled = true;
      clearError();
      api.login(nameIn.value.trim(), pwIn.value).then(
        (me) => { busy = false; onSignedIn(me); },
        (err: unknown) => {
          busy = false;
          if (!alive) return;
          submit.disabled = false;
          const status = err instanceof ApiError ? err.status : 0;
          showError(`${t('login_failed')}: ${status === 401 ? t('login_wrong') : status === 429 ? t('login_busy') : errorText(err)}`);
        },
      );
    });
    app().replaceChildren(form);
    nameIn.focus();
  };
  render();
  if (notice) showError(notice);
  return { rerender: render, destroy: () => { alive = false; } };
}
