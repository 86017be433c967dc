// The Jobline API as the dashboard calls it: same origin, the API key as a bearer token, errors as ApiError.

const KEY_STORAGE = 'jobline.apiKey';

/** An error answer of the API: `{"error": {"code", "message", "details": [{field, message}]}}`. */
class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The API key lives in session storage: gone when the tab closes, never in a cookie or in local storage. */
export const session = {
  key() {
    return sessionStorage.getItem(KEY_STORAGE);
  },
  signIn(key) {
    sessionStorage.setItem(KEY_STORAGE, key);
  },
  signOut() {
    sessionStorage.removeItem(KEY_STORAGE);
  },
};

/** Listeners told when the API refuses the stored key (revoked, or wrong), so the app can ask for a new one. */
const unauthorizedListeners = new Set();
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
}

/**
 * One call of the API. `auth: false` sends no key; `key` overrides the stored one (to check a new key,
 * whose refusal must not sign out the session).
 */
async function request(method, path, { query, body, key, auth = true } = {}) {
  const usesSessionKey = auth && key === undefined;
  const bearer = usesSessionKey ? session.key() : key;
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(name, value);
    }
  }
  const headers = { Accept: 'application/json' };
  if (auth) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (networkError) {
    throw new ApiError(0, 'network_error', 'Jobline could not be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const error = json?.error ?? {};
    const apiError = new ApiError(response.status, error.code ?? `http_${response.status}`,
      error.message ?? `The API answered ${response.status}.`, error.details ?? []);
    if (response.status === 401 && usesSessionKey) {
      unauthorizedListeners.forEach((listener) => listener(apiError));
    }
    throw apiError;
  }
  return json;
}

export const api = {
  /** Checks a key before keeping it: GET /stats answers 200 only to a valid one. */
  verifyKey: (key) => request('GET', '/stats', { key }),
  stats: () => request('GET', '/stats'),
  throughput: (window) => request('GET', '/stats/throughput', { query: { window } }),
  listJobs: (filters, cursor, limit = 25) => request('GET', '/jobs', { query: { ...filters, cursor, limit } }),
  countJobs: (filters) => request('GET', '/jobs/count', { query: filters }),
  job: (id) => request('GET', `/jobs/${encodeURIComponent(id)}`),
  attempts: (id) => request('GET', `/jobs/${encodeURIComponent(id)}/attempts`),
  submit: (submission, idempotencyKey) => request('POST', '/jobs', {
    body: idempotencyKey ? { ...submission, idempotencyKey } : submission,
  }),
  retry: (id) => request('POST', `/jobs/${encodeURIComponent(id)}/retry`),
  cancel: (id) => request('POST', `/jobs/${encodeURIComponent(id)}/cancel`),
  retryFailed: (filter) => request('POST', '/jobs/retry', { body: filter }),
  schedules: () => request('GET', '/schedules'),
  pauseSchedule: (name) => request('POST', `/schedules/${encodeURIComponent(name)}/pause`),
  resumeSchedule: (name) => request('POST', `/schedules/${encodeURIComponent(name)}/resume`),
  /** The local runner's captured mail; 404 on AWS, where there is no SES stand-in. */
  localMail: () => request('GET', '/_local/mail', { auth: false }),
};
