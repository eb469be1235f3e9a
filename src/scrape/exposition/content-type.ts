/**
 * content-type: format negotiation with a target, done the way Prometheus does it.
 */
import type { ExpositionFormat } from './types.js';

/**
 * ACCEPT_HEADER is the Accept value Prometheus sends (2.x scrape.go): OpenMetrics 1.0.0 first, then
 * 0.0.1 (older client libraries, e.g. client_golang before 1.15, only answer to that), then text 0.0.4.
 */
export const ACCEPT_HEADER =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,' +
  'text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/**
 * detectFormat picks the parser from the response Content-Type. Like Prometheus, anything that is
 * not `application/openmetrics-text` (missing header, text/plain, garbage) is read as text 0.0.4.
 */
export function detectFormat(contentTypeHeader: string | undefined): ExpositionFormat {
  if (contentTypeHeader === undefined) return 'prometheus';
  const semi = contentTypeHeader.indexOf(';');
  const media = (semi === -1 ? contentTypeHeader : contentTypeHeader.slice(0, semi)).trim().toLowerCase();
  return media === 'application/openmetrics-text' ? 'openmetrics' : 'prometheus';
}
