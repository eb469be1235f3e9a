/**
 * external-url: the URL alerts link back to. `server.external_url` when set; otherwise, like
 * Prometheus' default (`http://<hostname>:<port>/`), one built from the listen address, so a
 * generatorURL in a webhook, Slack message or email is absolute and opens the graph page instead of
 * being a bare path no client can follow.
 */

/**
 * effectiveExternalUrl returns `configured` if non-empty, else `http://<host>:<port>` for the listen
 * address: its own host when it names one (a loopback-only daemon is reachable only there), the
 * machine's hostname for a wildcard bind. An ephemeral port (0) has no stable URL: ''.
 */
export function effectiveExternalUrl(configured: string, listen: string, hostname: string): string {
  if (configured !== '') return configured;
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(listen);
  if (!m || m[3] === '0') return '';
  const host = m[1] ?? m[2] ?? '';
  const wildcard = host === '' || host === '0.0.0.0' || host === '::';
  const shown = wildcard ? hostname : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${m[3]}`;
}
