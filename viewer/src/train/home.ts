/** Trainee home: the exercise this server runs, past sessions, and the button into the exercise. */
import type { MeView, SessionSummary, SessionView } from '../../../train/api-types.js';
import { api, EXPORT_CSV_URL } from './api.js';
import { errorText, h } from './dom.js';
import { num, pct } from './format.js';
import { hook } from './hooks.js';
import { roleName, t } from './i18n.js';
import { sessionTable } from './session-table.js';
import { app, clearError, showError, type Screen } from './shell.js';

export function homeScreen(me: MeView, onStart: (s: SessionView) => void): Screen {
  hook.screen = 'home';
  hook.case = null;
  hook.ready = false;
  let sessions: SessionSummary[] | null = null;
  let busy = false;
  let alive = true;

  const render = (): void => {
    const ex = me.exercise;
    // an open session of another exercise (the server now runs other cases) is not continued
    const open = sessions?.some((s) => s.state === 'open' && s.role === ex.role && s.scenario === ex.scenario && s.seed === ex.seed) ?? false;
    const start = h('button', { type: 'button', class: 'primary', 'data-testid': 'start-button' }, t(open ? 'continue_session' : 'start_session'));
    start.disabled = busy || sessions === null;
    start.addEventListener('click', () => {
      if (busy) return;
      busy = true;
      start.disabled = true;
      clearError();
      api.startSession().then(
        (s) => { busy = false; if (alive) onStart(s); },
        (e: unknown) => { busy = false; if (!alive) return; start.disabled = false; showError(errorText(e)); },
      );
    });
    app().replaceChildren(
      h('section', { class: 'card' },
        h('h2', {}, t('home_heading')),
        h('dl', { class: 'exercise' },
          h('dt', {}, t('ex_role')), h('dd', { 'data-testid': 'exercise-role' }, roleName(ex.role)),
          h('dt', {}, t('ex_scenario')), h('dd', {}, ex.scenario),
          h('dt', {}, t('ex_seed')), h('dd', {}, String(ex.seed)),
          h('dt', {}, t('ex_cases')), h('dd', {}, num(ex.cases)),
          h('dt', {}, t('ex_projection')), h('dd', {}, pct(ex.projection_rate)),
        ),
        h('p', { class: 'actions' }, start, ' ', h('a', { href: EXPORT_CSV_URL, download: 'sessions.csv', 'data-testid': 'export-csv' }, t('export_csv'))),
      ),
      h('section', { class: 'card' },
        h('h2', {}, t('past_sessions')),
        sessions === null ? h('p', {}, t('loading'))
          : sessions.length === 0 ? h('p', {}, t('no_sessions'))
            : sessionTable([...sessions].reverse()),
      ),
    );
  };
  render();
  api.sessions().then(
    (s) => { sessions = s; if (alive) render(); },
    (e: unknown) => { sessions = []; if (alive) { render(); showError(errorText(e)); } },
  );
  return { rerender: render, destroy: () => { alive = false; } };
}
