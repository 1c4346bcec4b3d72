/** Trainer dashboard: every trainee's sessions over time, a d′ trend, and the form to add a trainee. */
import type { TraineeProgress } from '../../../train/api-types.js';
import { api, EXPORT_CSV_URL } from './api.js';
import { errorText, h } from './dom.js';
import { dprimeChart } from './dprime-chart.js';
import { hook } from './hooks.js';
import { t } from './i18n.js';
import { sessionTable } from './session-table.js';
import { app, clearError, showError, type Screen } from './shell.js';

export function dashboardScreen(): Screen {
  hook.screen = 'dashboard';
  hook.case = null;
  hook.ready = false;
  let trainees: TraineeProgress[] | null = null;
  let busy = false;
  let alive = true;
  let notice = '';

  const load = (): void => {
    api.trainees().then(
      (tr) => { trainees = tr; if (alive) render(); },
      (e: unknown) => { trainees = []; if (alive) { render(); showError(errorText(e)); } },
    );
  };

  const addForm = (): HTMLFormElement => {
    const nameIn = h('input', { id: 'new-name', required: true, autocomplete: 'off', 'data-testid': 'new-trainee-name' });
    const pwIn = h('input', { id: 'new-password', type: 'password', required: true, autocomplete: 'new-password', 'data-testid': 'new-trainee-password' });
    const submit = h('button', { type: 'submit', 'data-testid': 'new-trainee-submit' }, t('dash_add_submit'));
    submit.disabled = busy;
    const form = h('form', { class: 'inline-form', 'aria-labelledby': 'add-heading' },
      h('label', { for: 'new-name' }, t('login_name')), nameIn,
      h('label', { for: 'new-password' }, t('login_password')), pwIn,
      submit,
      notice ? h('span', { class: 'notice', role: 'status' }, notice) : null,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (busy) return;
      busy = true;
      submit.disabled = true;
      clearError();
      api.addTrainee(nameIn.value.trim(), pwIn.value).then(
        (u) => { busy = false; if (!alive) return; notice = `${t('dash_added')}: ${u.name}`; load(); },
        (err: unknown) => { busy = false; if (!alive) return; submit.disabled = false; showError(errorText(err)); },
      );
    });
    return form;
  };

  const render = (): void => {
    const list = trainees === null ? h('p', {}, t('loading'))
      : trainees.length === 0 ? h('p', {}, t('dash_no_trainees'))
        : h('table', { class: 'trainees' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('login_name')),
            h('th', { scope: 'col' }, t('dash_chart')),
            h('th', { scope: 'col' }, t('dash_sessions')))),
          h('tbody', {}, ...trainees.map((tp) => h('tr', { 'data-testid': 'trainee-row', 'data-name': tp.user.name },
            h('th', { scope: 'row' }, tp.user.name),
            h('td', {}, dprimeChart(tp.sessions)),
            h('td', {}, tp.sessions.length ? sessionTable(tp.sessions) : t('no_sessions')),
          ))),
        );
    app().replaceChildren(
      h('section', { class: 'card' },
        h('h2', {}, t('dash_heading')),
        h('p', { class: 'actions' }, h('a', { href: EXPORT_CSV_URL, download: 'sessions.csv', 'data-testid': 'export-csv' }, t('export_csv'))),
      ),
      h('section', { class: 'card' }, h('h2', {}, t('dash_trainees')), list),
      h('section', { class: 'card' }, h('h2', { id: 'add-heading' }, t('dash_add')), addForm()),
    );
  };
  render();
  load();
  return { rerender: render, destroy: () => { alive = false; } };
}
