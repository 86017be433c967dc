// Overview: the tenant's jobs counted per status and per type, finished jobs per minute, and the queues' depths.
// Refreshes every few seconds while the tab is visible.
import { api } from './api.js';
import { throughputChart } from './chart.js';
import { errorNotice, formatNumber, h, replace, tableWrap, viewHeading } from './dom.js';

const REFRESH_MS = 5000;
const STATUSES = ['scheduled', 'queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'];

export function overviewView(main) {
  let timeWindow = '1h';
  let timer = null;
  let disposed = false;

  const updated = h('p', { class: 'muted', 'data-testid': 'updated' }, 'Loading…');
  const problem = h('div');
  const counts = h('dl', { class: 'counts', 'data-testid': 'status-counts' });
  const types = h('div');
  const chart = h('div', { 'data-testid': 'throughput' });
  const queues = h('div', { 'data-testid': 'queues' });
  const windowButtons = ['1h', '24h'].map((name) => h('button', {
    type: 'button',
    'aria-pressed': String(name === timeWindow),
    onclick: () => {
      timeWindow = name;
      windowButtons.forEach((button) => button.setAttribute('aria-pressed', String(button.dataset.window === name)));
      refresh();
    },
    dataset: { window: name },
  }, name === '1h' ? 'Last hour' : 'Last 24 hours'));

  replace(main,
    viewHeading('Overview', updated),
    problem,
    h('section', { class: 'panel', 'aria-labelledby': 'counts-title' },
      h('h2', { id: 'counts-title' }, 'Jobs by status'), counts),
    h('section', { class: 'panel', 'aria-labelledby': 'throughput-title' },
      h('div', { class: 'view-header' }, h('h2', { id: 'throughput-title' }, 'Throughput'),
        h('div', { class: 'segmented', role: 'group', 'aria-label': 'Time window' }, windowButtons)),
      chart),
    h('section', { class: 'panel', 'aria-labelledby': 'types-title' },
      h('h2', { id: 'types-title' }, 'Jobs by type and status'), types),
    h('section', { class: 'panel', 'aria-labelledby': 'queues-title' },
      h('h2', { id: 'queues-title' }, 'Queues'),
      h('p', { class: 'muted' }, 'Shared by every tenant: how busy Jobline is, not whose jobs wait.'),
      queues));

  /** Counts refreshes: only the latest one draws, so an answer for the window just left never overwrites the new. */
  let generation = 0;

  async function refresh() {
    clearTimeout(timer);
    const current = ++generation;
    // Each part is drawn from its own answer: one that fails leaves the others on screen, with an error above.
    const [stats, throughput] = await Promise.allSettled([api.stats(), api.throughput(timeWindow)]);
    if (disposed || current !== generation) return;
    if (stats.status === 'fulfilled') {
      renderCounts(stats.value.jobs.byStatus);
      renderTypes(stats.value.jobs.byType, stats.value.jobs.byTypeAndStatus ?? {});
      renderQueues(stats.value.queues);
    }
    if (throughput.status === 'fulfilled') {
      replace(chart, throughputChart(throughput.value, chart.clientWidth));
    }
    const failures = [stats, throughput].filter((answer) => answer.status === 'rejected');
    replace(problem, failures.length ? errorNotice(failures[0].reason) : null);
    updated.textContent = failures.length
      ? 'Not fully updated: see the error below'
      : `Updated ${new Date().toLocaleTimeString()}`;
    if (document.visibilityState === 'visible') {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  function renderCounts(byStatus) {
    replace(counts, STATUSES.map((status) => h('div', { dataset: { status } },
      h('dt', {}, status),
      h('dd', { 'data-testid': `count-${status}` },
        h('a', { href: `#/jobs?status=${status}`, 'aria-label': `${status}: ${byStatus[status]} jobs` },
          formatNumber(byStatus[status]))))));
  }

  /** One row per type: its total, and per status the jobs of that type, each linking to them in the Jobs list. */
  function renderTypes(byType, byTypeAndStatus) {
    const names = Object.keys(byType).sort();
    if (names.length === 0) {
      replace(types, h('p', { class: 'muted' }, 'No jobs yet. ', h('a', { href: '#/submit' }, 'Submit one.')));
      return;
    }
    const jobsOf = (name, status) => `#/jobs?type=${encodeURIComponent(name)}${status ? `&status=${status}` : ''}`;
    const shown = STATUSES.filter((status) => names.some((name) => byTypeAndStatus[name]?.[status] > 0));
    replace(types, tableWrap(h('table', { 'data-testid': 'types' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Type'),
        h('th', { scope: 'col', class: 'num' }, 'All'),
        shown.map((status) => h('th', { scope: 'col', class: 'num' }, status)))),
      h('tbody', {}, names.map((name) => h('tr', { dataset: { type: name } },
        h('th', { scope: 'row' }, h('a', { href: jobsOf(name) }, name)),
        h('td', { class: 'num' }, formatNumber(byType[name])),
        shown.map((status) => {
          const count = byTypeAndStatus[name]?.[status] ?? 0;
          return h('td', { class: 'num', dataset: { status } },
            count > 0 ? h('a', { href: jobsOf(name, status) }, formatNumber(count)) : '0');
        })))))));
  }

  function renderQueues(depths) {
    if (!depths) {
      replace(queues, h('p', { class: 'notice error' }, 'The queues cannot be asked right now.'));
      return;
    }
    replace(queues, tableWrap(h('table', {},
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Queue'),
        h('th', { scope: 'col', class: 'num' }, 'Waiting'),
        h('th', { scope: 'col', class: 'num' }, 'In flight'),
        h('th', { scope: 'col', class: 'num optional' }, 'Delayed'))),
      h('tbody', {}, Object.entries(depths).map(([name, depth]) => h('tr', { dataset: { queue: name } },
        h('th', { scope: 'row' }, name, name.endsWith('-dlq') ? h('div', { class: 'muted small' }, 'dead letters') : null),
        h('td', { class: 'num' }, formatNumber(depth.visible)),
        h('td', { class: 'num' }, formatNumber(depth.inFlight)),
        h('td', { class: 'num optional' }, formatNumber(depth.delayed))))))));
  }

  // A hidden tab does not poll; it catches up as soon as it is shown again.
  const onVisibility = () => {
    if (document.visibilityState === 'visible') refresh();
    else clearTimeout(timer);
  };
  document.addEventListener('visibilitychange', onVisibility);
  refresh();

  return () => {
    disposed = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
