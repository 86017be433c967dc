// Jobs: the tenant's jobs newest first, filtered by status, type, creation time and error text, in keyset pages.
// The filters live in the address (#/jobs?status=failed&type=email.send), so a filtered list can be bookmarked,
// shared and reached with Back. Failed jobs matching the filters can be retried in bulk, after a confirmation that
// says how many.
import { api } from './api.js';
import {
  announce, confirmAction, errorNotice, formatNumber, h, okNotice, relativeTime, replace, statusBadge,
  tableWrap, viewHeading,
} from './dom.js';

const STATUSES = ['scheduled', 'queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'];
const FILTERS = ['status', 'type', 'createdAfter', 'createdBefore', 'errorContains'];
const PAGE_SIZE = 25;
/** The most one bulk retry re-queues (the API's limit); more are retried by pressing again. */
const MAX_BULK = 1000;

/**
 * The type names to suggest in the filter, asked once per page load: `GET /stats` counts every job of the
 * tenant and asks SQS, too much to repeat on every filter change for a list of suggestions.
 */
let knownTypes;

/** The filters in the address, as API query parameters. */
function filtersFrom(params) {
  const filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** `<input type="datetime-local">` speaks local time without a zone; the API speaks ISO instants. */
function toInstant(localValue) {
  return localValue ? new Date(localValue).toISOString() : '';
}

function toLocalInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

export function jobsView(main, params, navigate) {
  const filters = filtersFrom(params);
  // Keyset paging: the cursor of each page shown so far, so Previous goes back without offsets.
  const cursors = [null];
  let disposed = false;

  const message = h('div');
  const countLine = h('p', { class: 'muted', 'data-testid': 'match-count', 'aria-live': 'polite' });
  const results = h('div', { 'data-testid': 'jobs-results' });
  const pager = h('div', { class: 'actions' });

  const field = (name, label, control, hint) => h('div', { class: 'field' },
    h('label', { for: `filter-${name}` }, label), control, hint ? h('span', { class: 'hint' }, hint) : null);
  const statusSelect = h('select', { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, 'Any status'),
    STATUSES.map((status) => h('option', { value: status, selected: filters.status === status }, status)));
  const typeInput = h('input', {
    id: 'filter-type', name: 'type', value: filters.type ?? '', list: 'known-types', autocomplete: 'off',
    placeholder: 'e.g. email.send',
  });
  const typeList = h('datalist', { id: 'known-types' });
  const afterInput = h('input', {
    id: 'filter-createdAfter', name: 'createdAfter', type: 'datetime-local', value: toLocalInput(filters.createdAfter),
  });
  const beforeInput = h('input', {
    id: 'filter-createdBefore', name: 'createdBefore', type: 'datetime-local',
    value: toLocalInput(filters.createdBefore),
  });
  const errorInput = h('input', {
    id: 'filter-errorContains', name: 'errorContains', value: filters.errorContains ?? '', maxlength: 200,
    placeholder: 'e.g. timeout', type: 'search',
  });

  const form = h('form', {
    class: 'filters', role: 'search', 'aria-label': 'Filter jobs',
    onsubmit: (event) => {
      event.preventDefault();
      const next = new URLSearchParams();
      const values = {
        status: statusSelect.value,
        type: typeInput.value.trim(),
        createdAfter: toInstant(afterInput.value),
        createdBefore: toInstant(beforeInput.value),
        errorContains: errorInput.value.trim(),
      };
      for (const [name, value] of Object.entries(values)) {
        if (value) next.set(name, value);
      }
      navigate(`#/jobs${next.size ? `?${next}` : ''}`);
    },
  },
  field('status', 'Status', statusSelect),
  field('type', 'Type', typeInput),
  field('createdAfter', 'Created from', afterInput),
  field('createdBefore', 'Created before', beforeInput),
  field('errorContains', 'Error contains', errorInput),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
    h('a', { href: '#/jobs' }, 'Clear')),
  typeList);

  const bulkRetry = h('button', {
    type: 'button', class: 'danger', 'data-testid': 'bulk-retry',
    hidden: filters.status && filters.status !== 'failed',
    onclick: () => retryMatchingFailed(),
  }, 'Retry failed jobs matching these filters');

  replace(main,
    viewHeading('Jobs', h('a', { href: '#/submit' }, 'Submit a job')),
    h('section', { class: 'panel' }, form),
    message,
    h('section', { class: 'panel', 'aria-labelledby': 'results-title' },
      h('div', { class: 'view-header' }, h('h2', { id: 'results-title' }, 'Results'), bulkRetry),
      countLine, results, pager));

  async function loadKnownTypes() {
    try {
      knownTypes ??= Object.keys((await api.stats()).jobs.byType).sort();
      replace(typeList, knownTypes.map((name) => h('option', { value: name })));
    } catch {
      // Only suggestions: the field works without them.
    }
  }

  async function countMatches() {
    try {
      const counted = await api.countJobs(filters);
      if (disposed) return;
      countLine.textContent = counted.capped
        ? `More than ${formatNumber(counted.count)} jobs match.`
        : `${formatNumber(counted.count)} ${counted.count === 1 ? 'job matches' : 'jobs match'}.`;
    } catch {
      countLine.textContent = '';
    }
  }

  async function showPage(index) {
    try {
      const page = await api.listJobs(filters, cursors[index], PAGE_SIZE);
      if (disposed) return;
      cursors.length = index + 1;
      if (page.nextCursor) cursors.push(page.nextCursor);
      renderTable(page.jobs);
      renderPager(index, Boolean(page.nextCursor));
    } catch (error) {
      if (disposed) return;
      replace(results, errorNotice(error));
      replace(pager);
    }
  }

  function renderTable(jobs) {
    if (jobs.length === 0) {
      replace(results, h('p', { class: 'muted' }, 'No jobs match these filters.'));
      return;
    }
    replace(results, tableWrap(h('table', { 'data-testid': 'jobs-table' },
      h('caption', { class: 'visually-hidden' }, 'Jobs, newest first'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Job'),
        h('th', { scope: 'col' }, 'Type'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col', class: 'num optional' }, 'Attempts'),
        h('th', { scope: 'col' }, 'Created'),
        h('th', { scope: 'col', class: 'optional' }, 'Error'))),
      h('tbody', {}, jobs.map((job) => h('tr', { dataset: { jobId: job.id, status: job.status } },
        h('td', {}, h('a', { href: `#/jobs/${job.id}`, class: 'mono', title: job.id, 'aria-label': `Job ${job.id}` },
          `…${job.id.slice(-8)}`)),
        h('td', {}, job.type),
        h('td', {}, statusBadge(job.status)),
        h('td', { class: 'num optional' }, `${job.attempts}/${job.maxAttempts}`),
        h('td', { title: job.createdAt }, relativeTime(job.createdAt)),
        h('td', { class: 'error-cell optional', title: job.error ?? job.lastError ?? '' },
          job.error ?? job.lastError ?? '')))))));
  }

  function renderPager(index, hasNext) {
    replace(pager,
      h('button', { type: 'button', disabled: index === 0, onclick: () => showPage(index - 1) }, 'Previous page'),
      h('span', { class: 'muted' }, `Page ${index + 1}`),
      h('button', { type: 'button', disabled: !hasNext, onclick: () => showPage(index + 1) }, 'Next page'));
  }

  async function retryMatchingFailed() {
    const failedFilters = { ...filters, status: 'failed' };
    let counted;
    try {
      counted = await api.countJobs(failedFilters);
    } catch (error) {
      replace(message, errorNotice(error));
      return;
    }
    if (counted.count === 0) {
      replace(message, okNotice('No failed jobs match these filters: nothing to retry.'));
      announce('No failed jobs match these filters.');
      return;
    }
    const howMany = Math.min(counted.count, MAX_BULK);
    const text = counted.count > MAX_BULK || counted.capped
      ? `More than ${formatNumber(MAX_BULK)} failed jobs match. The ${formatNumber(MAX_BULK)} that failed first `
        + 'will be queued again; press again for the rest.'
      : `${formatNumber(howMany)} failed ${howMany === 1 ? 'job' : 'jobs'} will be queued again.`;
    const confirmed = await confirmAction(`Retry ${formatNumber(howMany)} failed ${howMany === 1 ? 'job' : 'jobs'}?`,
      text, `Retry ${formatNumber(howMany)}`);
    if (!confirmed) return;
    try {
      const body = { limit: howMany };
      for (const name of ['type', 'errorContains', 'createdAfter', 'createdBefore']) {
        if (filters[name]) body[name] = filters[name];
      }
      const outcome = await api.retryFailed(body);
      const done = `Queued ${formatNumber(outcome.retried)} failed ${outcome.retried === 1 ? 'job' : 'jobs'} again.`;
      replace(message, okNotice(done));
      announce(done);
      countMatches();
      showPage(0);
    } catch (error) {
      replace(message, errorNotice(error));
    }
  }

  loadKnownTypes();
  countMatches();
  showPage(0);
  return () => { disposed = true; };
}

