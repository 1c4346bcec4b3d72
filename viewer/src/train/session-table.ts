/** The table of sessions with their signal-detection scores, shared by the trainee's home and the trainer's dashboard. */
import type { SessionSummary } from '../../../train/api-types.js';
import { h } from './dom.js';
import { roleName, t, type Key } from './i18n.js';
import { dateTime, num, pct } from './format.js';

const COLS: Key[] = ['col_session', 'col_date', 'col_role', 'col_state', 'col_cases', 'col_h', 'col_fa', 'col_dprime', 'col_aprime', 'col_mean_s', 'col_p90_s', 'col_sim_dprime', 'col_difficulty'];

export function sessionTable(sessions: readonly SessionSummary[], caption?: string): HTMLTableElement {
  const head = h('tr', {}, ...COLS.map((k) => h('th', { scope: 'col' }, t(k))));
  const rows = sessions.map((s) => h('tr', { 'data-testid': 'session-row', 'data-id': s.id },
    h('td', {}, `#${s.id}`),
    h('td', {}, dateTime(s.started_at)),
    h('td', {}, roleName(s.role)),
    h('td', {}, t(s.state === 'open' ? 'state_open' : 'state_finished')),
    h('td', { class: 'num' }, num(s.decided)),
    h('td', { class: 'num' }, pct(s.scores.hit_rate)),
    h('td', { class: 'num' }, pct(s.scores.false_alarm_rate)),
    h('td', { class: 'num', 'data-testid': 'dprime' }, num(s.scores.d_prime, 2)),
    h('td', { class: 'num' }, num(s.scores.a_prime, 2)),
    h('td', { class: 'num' }, num(s.scores.mean_decision_s, 1)),
    h('td', { class: 'num' }, num(s.scores.p90_decision_s, 1)),
    h('td', { class: 'num', 'data-testid': 'sim-dprime' }, num(s.baseline.d_prime, 2)),
    h('td', { class: 'num' }, num(s.difficulty)),
  ));
  return h('table', { class: 'sessions' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, head),
    h('tbody', {}, ...rows),
  );
}
