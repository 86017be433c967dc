// The dashboard's entry point: sign-in with an API key, and a router from the address's hash to a view.
// Each view function renders into <main> and returns a function that stops its timers when the view is left.
import { api, onUnauthorized, session } from './api.js';
import { errorNotice, h, replace } from './dom.js';
import { jobView } from './job.js';
import { jobsView } from './jobs.js';
import { mailboxView } from './mailbox.js';
import { overviewView } from './overview.js';
import { schedulesView } from './schedules.js';
import { submitView } from './submit.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const sessionBox = document.getElementById('session');
let leaveView = () => {};

/** `#/jobs/abc?x=1` → {section: 'jobs', id: 'abc', params}. */
function parseHash(hash) {
  const [path, query] = hash.replace(/^#\/?/, '').split('?', 2);
  const [section, id] = path.split('/', 2);
  return { section: section || 'overview', id: id ? decodeURIComponent(id) : null, params: new URLSearchParams(query) };
}

function navigate(hash) {
  if (window.location.hash === hash) {
    render();
  } else {
    window.location.hash = hash;
  }
}

function render() {
  leaveView();
  leaveView = () => {};
  if (!session.key()) {
    showSignIn();
    return;
  }
  nav.hidden = false;
  sessionBox.hidden = false;
  const { section, id, params } = parseHash(window.location.hash);
  for (const link of nav.querySelectorAll('a[data-section]')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const views = {
    overview: () => overviewView(main),
    jobs: () => (id ? jobView(main, id) : jobsView(main, params, navigate)),
    submit: () => submitView(main, params, navigate),
    schedules: () => schedulesView(main),
    mailbox: () => mailboxView(main),
  };
  const view = views[section];
  if (!view) {
    replace(main, h('h1', { tabindex: '-1' }, 'Not found'),
      h('p', {}, 'There is no such page. ', h('a', { href: '#/overview' }, 'Go to the overview.')));
  } else {
    leaveView = view() ?? (() => {});
    document.title = `${section[0].toUpperCase()}${section.slice(1)} · Jobline`;
  }
  main.querySelector('h1')?.focus();
}

function showSignIn(problem) {
  nav.hidden = true;
  sessionBox.hidden = true;
  document.title = 'Sign in · Jobline';
  const key = h('input', {
    id: 'api-key', name: 'apiKey', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'api-key-hint',
  });
  const message = h('div', {}, problem ? errorNotice(problem) : null);
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', {
    class: 'panel sign-in', 'aria-labelledby': 'sign-in-title',
    onsubmit: async (event) => {
      event.preventDefault();
      const candidate = key.value.trim();
      if (!candidate) {
        replace(message, errorNotice({ message: 'Enter an API key.' }));
        key.focus();
        return;
      }
      button.disabled = true;
      try {
        await api.verifyKey(candidate);
        session.signIn(candidate);
        key.value = '';
        if (!window.location.hash || window.location.hash === '#/sign-in') {
          window.location.hash = '#/overview';
        }
        render();
      } catch (error) {
        replace(message, errorNotice(error.status === 401
          ? { message: 'That API key was not accepted. Check it and try again.' } : error));
        key.focus();
      } finally {
        button.disabled = false;
      }
    },
  },
  h('h1', { id: 'sign-in-title', tabindex: '-1' }, 'Sign in to Jobline'),
  h('p', {}, 'Use an API key of your tenant. The dashboard shows only that tenant\'s jobs. The key is kept in '
    + 'this tab until you sign out or close it.'),
  message,
  h('div', { class: 'field' },
    h('label', { for: 'api-key' }, 'API key'), key,
    h('span', { class: 'hint', id: 'api-key-hint' }, 'Sent to the API as a bearer token, never stored elsewhere.')),
  h('div', { class: 'actions' }, button));
  replace(main, form);
  key.focus();
}

/** The Mailbox appears only where the SES stand-in answers: in local mode. */
async function detectLocalMode() {
  try {
    await api.localMail();
    document.getElementById('nav-mailbox').hidden = false;
  } catch {
    // On AWS there is no captured mail: the section stays hidden.
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  leaveView();
  leaveView = () => {};
  showSignIn();
});

onUnauthorized((error) => {
  session.signOut();
  leaveView();
  leaveView = () => {};
  showSignIn({ message: `Signed out: ${error.message}` });
});

window.addEventListener('hashchange', render);
detectLocalMode();
render();
