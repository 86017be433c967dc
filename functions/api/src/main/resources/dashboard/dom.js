// Small helpers for building the page. Every value from the API goes in as text (textContent), never as HTML, so a
// job's payload or error can hold any characters without becoming markup.

/**
 * Creates an element: `h('a', {href: '#/jobs', class: 'x'}, 'text', child)`. Attributes starting with `on` are event
 * listeners; `null`/`undefined`/`false` attributes and children are skipped; strings become text nodes.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** A status as a badge: colour and the word, so it reads without colour too. */
export function statusBadge(status) {
  return h('span', { class: `badge ${status}` }, status);
}

export function formatNumber(value) {
  return new Intl.NumberFormat().format(value ?? 0);
}

/** An ISO instant as local date and time, with the exact UTC instant as a tooltip. */
export function formatTime(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, date.toLocaleString(undefined, {
    month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }));
}

/** "3 s ago", "in 5 min": for times near now. */
export function relativeTime(iso, now = Date.now()) {
  if (!iso) {
    return '—';
  }
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

/** Milliseconds between two instants, as "850 ms" or "2.4 s". */
export function formatDuration(fromIso, toIso) {
  if (!fromIso || !toIso) {
    return null;
  }
  const ms = new Date(toIso).getTime() - new Date(fromIso).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function prettyJson(value) {
  return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
}

/** Says something to screen-reader users without moving focus (results of actions, refreshes that failed). */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  // A new text node after a tick is what makes screen readers read the same message twice.
  setTimeout(() => { announcer.textContent = message; }, 50);
}

/** An error box for an API error, listing each invalid field. */
export function errorNotice(error) {
  const details = error.details?.length
    ? h('ul', {}, error.details.map((detail) => h('li', {}, h('code', {}, detail.field), ': ', detail.message)))
    : null;
  return h('div', { class: 'notice error', role: 'alert' }, error.message, details);
}

/** A notice saying an action worked. */
export function okNotice(message) {
  return h('div', { class: 'notice ok', role: 'status' }, message);
}

/**
 * Asks for confirmation in the page's <dialog>. Resolves true only when the person pressed the confirm button;
 * Escape and Cancel resolve false. Focus returns to where it was.
 */
export function confirmAction(title, text, confirmLabel = 'Confirm') {
  const dialog = document.getElementById('confirm');
  const returnFocus = document.activeElement;
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = confirmLabel;
  dialog.returnValue = 'cancel';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      returnFocus?.focus?.();
      resolve(dialog.returnValue === 'confirm');
    }, { once: true });
    dialog.showModal();
  });
}

/**
 * A heading that takes focus when a view opens, so keyboard and screen-reader users land on the new content.
 * `text` is a string or an array of strings and nodes.
 */
export function viewHeading(text, ...extra) {
  return h('div', { class: 'view-header' }, h('h1', { tabindex: '-1' }, text), ...extra);
}

/** Wraps a table so it scrolls sideways on a narrow screen instead of widening the page. */
export function tableWrap(table) {
  return h('div', { class: 'table-wrap' }, table);
}
