/**
 * page: the static HTML shell of the status page. Data never goes into this markup; the script
 * fills the sections through textContent, and the CSP served with it forbids inline script.
 */

/** PAGE_PATHS are the URLs the page loads its assets from (served by api/ui.ts). */
export const PAGE_PATHS = { script: '/ui/app.js', style: '/ui/style.css' } as const;

/** section builds one titled section whose body the script replaces on each refresh. */
function section(id: string, title: string, blurb: string): string {
  return `
  <section id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    <p class="blurb">${blurb}</p>
    <div id="${id}-body" class="section-body" aria-live="polite" aria-busy="true"><p class="notice notice-empty">Loading…</p></div>
  </section>`;
}

/** renderPage returns the page's HTML for a given version string (escaped by the caller's choice of text). */
export function renderPage(version: string): string {
  const v = version.replace(/[^0-9A-Za-z.+-]/g, '');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>leaksleuth</title>
  <link rel="stylesheet" href="${PAGE_PATHS.style}?v=${v}">
  <script defer src="${PAGE_PATHS.script}?v=${v}"></script>
</head>
<body>
  <header class="top">
    <div class="brand">
      <h1>leaksleuth</h1>
      <span id="version" class="muted">v${v}</span>
    </div>
    <nav aria-label="APIs">
      <a href="/metrics">/metrics</a>
      <a href="/api/v1/alerts">alerts</a>
      <a href="/api/v1/diagnoses">diagnoses</a>
      <a href="/api/v1/targets">targets</a>
      <a href="/api/v1/rules">rules</a>
    </nav>
    <div class="refresh">
      <time id="refreshed" class="muted">Not refreshed yet</time>
      <button id="refresh-now" type="button">Refresh now</button>
    </div>
  </header>
  <noscript><p class="notice notice-error">This page needs JavaScript; the raw data is at the API links above.</p></noscript>
  <main>${section('alerts', 'Alerts', 'Active alerts with the memory diagnosis that rode on them. Refreshes every 10 seconds.')}${section(
    'diagnoses',
    'Diagnoses',
    'What kind of memory growth each target shows: a real leak (red) or a look-alike such as page cache (amber).',
  )}${section('targets', 'Targets', 'Scrape endpoints and the cgroups read for them.')}${section('rules', 'Rules', 'Loaded rule groups and how their last evaluation went.')}
  </main>
</body>
</html>
`;
}
