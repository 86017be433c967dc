// Mailbox (local mode only): the mail the local runner's SES stand-in captured, newest first. HTML bodies are shown
// in a sandboxed frame with scripts off, so a message can never run code in the dashboard.
import { api } from './api.js';
import { errorNotice, formatTime, h, replace, viewHeading } from './dom.js';

const REFRESH_MS = 3000;

export function mailboxView(main) {
  let timer = null;
  let disposed = false;
  /** What is on screen: the count and the newest message (the stand-in drops the oldest past its cap). */
  let shown = null;
  const count = h('p', { class: 'muted', 'data-testid': 'mail-count', 'aria-live': 'polite' });
  const list = h('ul', { class: 'mail-list', 'data-testid': 'mailbox' });
  const problem = h('div');

  replace(main,
    viewHeading('Mailbox'),
    h('p', { class: 'muted' }, 'Email sent by jobs in local mode. Nothing leaves this machine.'),
    problem, count,
    h('section', { class: 'panel' }, list));

  async function refresh() {
    clearTimeout(timer);
    try {
      const mail = await api.localMail();
      if (disposed) return;
      replace(problem);
      // Re-render only when mail arrived, so an opened message stays open.
      const newest = `${mail.length}:${mail.at(-1)?.messageId ?? ''}`;
      if (newest !== shown) {
        shown = newest;
        render(mail.slice().reverse());
      }
    } catch (error) {
      if (!disposed) replace(problem, errorNotice(error));
    }
    if (!disposed) timer = setTimeout(refresh, REFRESH_MS);
  }

  function render(mail) {
    count.textContent = `${mail.length} ${mail.length === 1 ? 'message' : 'messages'}`;
    if (mail.length === 0) {
      replace(list, h('li', { class: 'muted' }, 'No mail yet. Submit an email.send job to see it here.'));
      return;
    }
    replace(list, mail.map((email) => h('li', { dataset: { messageId: email.messageId } },
      h('details', {},
        h('summary', {},
          h('span', { class: 'subject' }, email.subject || '(no subject)'),
          h('span', {}, 'to ', (email.to ?? []).join(', ')),
          h('span', { class: 'muted' }, formatTime(email.receivedAt))),
        h('dl', { class: 'facts' },
          h('dt', {}, 'From'), h('dd', {}, email.from),
          h('dt', {}, 'To'), h('dd', {}, (email.to ?? []).join(', ')),
          email.cc?.length ? [h('dt', {}, 'Cc'), h('dd', {}, email.cc.join(', '))] : null,
          email.bcc?.length ? [h('dt', {}, 'Bcc'), h('dd', {}, email.bcc.join(', '))] : null,
          h('dt', {}, 'Message id'), h('dd', { class: 'mono' }, email.messageId)),
        email.text ? [h('h3', {}, 'Text'), h('pre', {}, email.text)] : null,
        email.html ? [h('h3', {}, 'HTML'),
          h('iframe', { sandbox: '', srcdoc: email.html, title: `HTML body of ${email.subject}` })] : null))));
  }

  refresh();
  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}
