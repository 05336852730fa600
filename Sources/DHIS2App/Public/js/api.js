// Every call of the app: DHIS2's own API with the signed-in user's session, and serve only
// through DHIS2's Route API — the app never holds serve's key (DHIS2 adds it to the route's calls).

/** DHIS2's base path: the app is served at {base}/api/apps/{key}/. */
export const base = (() => {
  const path = location.pathname;
  const at = path.indexOf('/api/apps/');
  return at >= 0 ? path.slice(0, at) : '';
})();

export const ROUTE = 'worldpop-dhis2';

async function call(url, options = {}) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    ...options,
    headers: { Accept: 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
  });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    const said = body && (body.error || body.message);
    throw new Error(said || `${response.status} ${response.statusText}`);
  }
  return body;
}

/** GET/POST on DHIS2's API as the signed-in user. */
export const dhis2 = (path, options) => call(`${base}/api/${path}`, options);

/** The URL of a serve path through the route (also for links: reports open in a new tab). */
export const serveURL = (path) => `${base}/api/routes/${ROUTE}/run/${path}`;

/** A call to serve through the route. */
export const serve = (path, options) => call(serveURL(path), options);

/** Polls a serve job until it ends; `onProgress` gets each running view. */
export async function waitForJob(id, onProgress = () => {}) {
  for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
    const job = await serve(`api/jobs/${id}`);
    if (job.status === 'succeeded') return job;
    if (job.status === 'failed' || job.status === 'conflicts' || job.status === 'interrupted') {
      throw new Error(job.error || `job ${id} ${job.status}`);
    }
    onProgress(job);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
