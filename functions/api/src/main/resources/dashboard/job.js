// One job: what it was asked to do, what came of it, each attempt on a timeline, its progress, and the actions its
// status allows. Refreshes itself until the job is finished.
import { api } from './api.js';
import {
  announce, confirmAction, errorNotice, formatDuration, formatTime, h, okNotice, prettyJson, replace, statusBadge,
  viewHeading,
} from './dom.js';

const REFRESH_MS = 2000;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
const CANCELLABLE = new Set(['scheduled', 'queued', 'running', 'retrying']);
const RETRYABLE = new Set(['failed', 'cancelled']);

export function jobView(main, id) {
  let timer = null;
  let disposed = false;

  const message = h('div');
  const actions = h('div', { class: 'actions' });
  const facts = h('section', { class: 'panel', 'aria-labelledby': 'facts-title' });
  const progress = h('section', { class: 'panel', 'aria-labelledby': 'progress-title', hidden: true });
  const payload = h('pre', { 'data-testid': 'payload' });
  const result = h('pre', { 'data-testid': 'result' });
  const error = h('div', { 'data-testid': 'error' });
  const timeline = h('ol', { class: 'timeline', 'data-testid': 'attempts' });

  replace(main,
    h('p', {}, h('a', { href: '#/jobs' }, '← All jobs')),
    viewHeading(['Job ', h('span', { class: 'mono job-id' }, id)]),
    message,
    h('div', { class: 'panel actions' }, actions),
    facts,
    progress,
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'payload-title' },
        h('h2', { id: 'payload-title' }, 'Payload'), payload),
      h('section', { class: 'panel', 'aria-labelledby': 'result-title' },
        h('h2', { id: 'result-title' }, 'Result'), result, error)),
    h('section', { class: 'panel', 'aria-labelledby': 'attempts-title' },
      h('h2', { id: 'attempts-title' }, 'Attempts'), timeline));

  async function refresh() {
    clearTimeout(timer);
    let job;
    try {
      // The job first, then its attempts: read in that order, the attempts are never older than the job, so a job
      // seen finished (which ends the polling) never leaves its last attempt shown as running.
      const found = await api.job(id);
      const history = await api.attempts(id);
      if (disposed) return;
      job = found;
      render(job, history.attempts);
    } catch (failure) {
      if (disposed) return;
      replace(message, errorNotice(failure));
      if (failure.status === 404 || failure.status === 400) return;
    }
    if (!disposed && (!job || !FINISHED.has(job.status))) {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  function render(job, attempts) {
    replace(facts,
      h('h2', { id: 'facts-title' }, 'Details'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Status'), h('dd', { 'data-testid': 'job-status' }, statusBadge(job.status),
          job.cancelRequested && !FINISHED.has(job.status) ? ' (cancel requested)' : null),
        h('dt', {}, 'Type'), h('dd', {}, job.type),
        h('dt', {}, 'Priority'), h('dd', {}, job.priority),
        h('dt', {}, 'Attempts'), h('dd', { 'data-testid': 'job-attempts' }, `${job.attempts} of ${job.maxAttempts}`,
          // A manual retry gives a fresh budget; the timeline keeps every attempt.
          attempts.length > job.attempts ? ` since the last manual retry (${attempts.length} in all)` : ''),
        h('dt', {}, 'Created'), h('dd', {}, formatTime(job.createdAt)),
        h('dt', {}, job.status === 'scheduled' ? 'Runs at' : 'Due'), h('dd', {}, formatTime(job.runAt)),
        job.nextAttemptAt ? [h('dt', {}, 'Next attempt'), h('dd', {}, formatTime(job.nextAttemptAt))] : null,
        h('dt', {}, 'Started'), h('dd', {}, formatTime(job.startedAt)),
        h('dt', {}, 'Finished'), h('dd', {}, formatTime(job.finishedAt)),
        job.callbackUrl ? [h('dt', {}, 'Callback'), h('dd', { class: 'mono' }, job.callbackUrl)] : null));

    if (job.progress) {
      progress.hidden = false;
      replace(progress,
        h('h2', { id: 'progress-title' }, 'Progress'),
        h('progress', { max: 100, value: job.progress.percent, 'aria-label': 'Progress' },
          `${job.progress.percent}%`),
        h('p', { 'data-testid': 'progress-text' }, `${job.progress.percent}%`,
          job.progress.message ? ` — ${job.progress.message}` : ''));
    } else {
      progress.hidden = true;
    }

    payload.textContent = prettyJson(job.payload);
    result.textContent = prettyJson(job.result);
    const errorText = job.error ?? job.lastError;
    replace(error, errorText
      ? [h('h3', {}, job.status === 'retrying' ? 'Last error' : 'Error'), h('pre', {}, errorText)]
      : null);

    replace(timeline, attempts.length === 0
      ? h('li', {}, h('span', { class: 'muted' }, 'No attempt yet.'))
      : attempts.map((attempt) => {
        const outcome = attempt.outcome ?? (attempt.finishedAt ? 'finished' : 'running');
        return h('li', { class: outcome, dataset: { attempt: attempt.attempt } },
          h('div', {}, h('strong', {}, `Attempt ${attempt.attempt}`), ' ', statusBadge(outcome)),
          h('div', { class: 'when' }, formatTime(attempt.startedAt),
            attempt.finishedAt ? `, took ${formatDuration(attempt.startedAt, attempt.finishedAt)}` : ', running'),
          attempt.error ? h('pre', {}, attempt.error) : null);
      }));

    renderActions(job);
  }

  function renderActions(job) {
    replace(actions,
      RETRYABLE.has(job.status)
        ? h('button', { type: 'button', class: 'primary', onclick: () => retry(job) }, 'Retry')
        : null,
      CANCELLABLE.has(job.status) && !job.cancelRequested
        ? h('button', { type: 'button', class: 'danger', onclick: () => cancel(job) }, 'Cancel job')
        : null,
      !RETRYABLE.has(job.status) && !(CANCELLABLE.has(job.status) && !job.cancelRequested)
        ? h('span', { class: 'muted' }, FINISHED.has(job.status) ? 'This job is finished.' : 'Cancelling…')
        : null);
  }

  async function retry(job) {
    const confirmed = await confirmAction('Retry this job?',
      `The ${job.status} ${job.type} job will be queued again.`, 'Retry');
    if (!confirmed) return;
    await act(() => api.retry(id), 'Queued again.');
  }

  async function cancel(job) {
    const text = job.status === 'running'
      ? 'The job is running: it stops at its next check for cancellation, or finishes first.'
      : `The ${job.status} job will not run.`;
    const confirmed = await confirmAction('Cancel this job?', text, 'Cancel job');
    if (!confirmed) return;
    await act(() => api.cancel(id), 'Cancel requested.');
  }

  async function act(action, done) {
    try {
      await action();
      replace(message, okNotice(done));
      announce(done);
    } catch (failure) {
      replace(message, errorNotice(failure));
    }
    refresh();
  }

  refresh();
  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}
