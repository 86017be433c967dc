// Submit a job from a form: the type, its payload as JSON (with an example per type to start from), and the
// common options. The API validates everything; its field errors are shown beside the form.
import { api } from './api.js';
import { errorNotice, h, replace, viewHeading } from './dom.js';

const EXAMPLES = {
  'email.send': {
    to: ['ada@example.com'],
    subject: 'Hello from Jobline',
    text: 'This email was sent by a background job.',
  },
  'webhook.post': {
    url: 'https://example.com/hooks/jobline',
    headers: { 'X-Source': 'jobline' },
    body: { event: 'hello' },
    timeoutSeconds: 10,
  },
};

export function submitView(main, params, navigate) {
  const message = h('div');
  const field = (id, label, control, hint) => h('div', { class: 'field' },
    h('label', { for: id }, label), control,
    hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null);

  const type = h('select', { id: 'submit-type', name: 'type' },
    Object.keys(EXAMPLES).map((name) => h('option', { value: name }, name)));
  const payload = h('textarea', {
    id: 'submit-payload', name: 'payload', spellcheck: 'false', 'aria-describedby': 'submit-payload-hint',
  });
  const priority = h('select', { id: 'submit-priority', name: 'priority' },
    h('option', { value: 'normal' }, 'normal'), h('option', { value: 'high' }, 'high'));
  const delay = h('input', {
    id: 'submit-delay', name: 'delaySeconds', type: 'number', min: 0, step: 1, inputmode: 'numeric',
    'aria-describedby': 'submit-delay-hint',
  });
  const maxAttempts = h('input', {
    id: 'submit-maxAttempts', name: 'maxAttempts', type: 'number', min: 1, max: 20, step: 1, inputmode: 'numeric',
    'aria-describedby': 'submit-maxAttempts-hint',
  });
  const idempotencyKey = h('input', {
    id: 'submit-idempotency', name: 'idempotencyKey', maxlength: 255, autocomplete: 'off',
    'aria-describedby': 'submit-idempotency-hint',
  });

  const fillExample = () => {
    payload.value = JSON.stringify(EXAMPLES[type.value], null, 2);
  };
  type.addEventListener('change', fillExample);
  const preset = params.get('type');
  if (preset && EXAMPLES[preset]) type.value = preset;
  fillExample();

  const form = h('form', { class: 'panel', novalidate: true, onsubmit: (event) => submit(event) },
    h('div', { class: 'form-grid' },
      field('submit-type', 'Type', type),
      field('submit-priority', 'Priority', priority),
      field('submit-delay', 'Delay (seconds)', delay, 'Empty: run now. Up to a year.'),
      field('submit-maxAttempts', 'Max attempts', maxAttempts, 'Empty: 5. From 1 to 20.'),
      h('div', { class: 'wide' }, field('submit-payload', 'Payload (JSON)', payload,
        'A JSON object, validated for the type before the job is accepted.')),
      h('div', { class: 'wide' }, field('submit-idempotency', 'Idempotency key (optional)', idempotencyKey,
        'Submitting again with the same key returns the first job instead of making a second.'))),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Submit job'),
      h('button', { type: 'button', class: 'secondary', onclick: fillExample }, 'Reset payload')));

  replace(main, viewHeading('Submit a job'), message, form);

  async function submit(event) {
    event.preventDefault();
    payload.removeAttribute('aria-invalid');
    let parsed;
    try {
      parsed = JSON.parse(payload.value);
    } catch (error) {
      payload.setAttribute('aria-invalid', 'true');
      replace(message, errorNotice({ message: `The payload is not valid JSON: ${error.message}` }));
      payload.focus();
      return;
    }
    const submission = { type: type.value, payload: parsed, priority: priority.value };
    if (delay.value !== '') submission.delaySeconds = Number(delay.value);
    if (maxAttempts.value !== '') submission.maxAttempts = Number(maxAttempts.value);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const job = await api.submit(submission, idempotencyKey.value.trim());
      navigate(`#/jobs/${job.id}`);
    } catch (error) {
      replace(message, errorNotice(error));
      message.querySelector('[role=alert]')?.focus?.();
    } finally {
      button.disabled = false;
    }
  }

  return () => {};
}
