/**
 * docs: serves the repository's own docs/*.md at /docs/<name>.md, so links in alerts (the rule
 * pack's runbook_url is `{{ $externalURL }}/docs/diagnosis.md`) point at the daemon that sent them,
 * in the version it runs, and never at a site outside it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, type Route } from './types.js';

/** DOCS_DIR is docs/ of the installed package (dist/api/ → ../../docs). */
export const DOCS_DIR = fileURLToPath(new URL('../../docs/', import.meta.url));

/** docsRoutes serves `dir`'s markdown files by plain name only (no subdirectories, no dot files). */
export function docsRoutes(dir = DOCS_DIR): Route[] {
  return [
    {
      method: 'GET',
      path: '/docs/*',
      handler: async (req) => {
        const name = req.path.slice('/docs/'.length);
        if (!/^[a-z0-9][a-z0-9-]*\.md$/.test(name)) return fail(404, 'not_found', `no document ${name}`);
        try {
          const body = await readFile(join(dir, name), 'utf8');
          return { status: 200, headers: { 'content-type': 'text/markdown; charset=utf-8' }, body };
        } catch {
          return fail(404, 'not_found', `no document ${name}`);
        }
      },
    },
  ];
}
