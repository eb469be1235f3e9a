/**
 * bundle: builds the page's one script from the source text of the typed client functions, so the
 * code the browser runs is the code `tsc` checked and the tests call, with no bundler and nothing
 * read from disk (it works the same from src/ under vitest, from dist/ and from the npm package).
 */
import * as app from './app.js';
import * as diagnoses from './diagnoses.js';
import * as dom from './dom.js';
import * as format from './format.js';
import * as sections from './sections.js';

/** REFRESH_MS is how often the page refreshes itself. */
export const REFRESH_MS = 10_000;

type Fn = (...args: never[]) => unknown;

/** functionsOf lists a module's exported functions; constants and types never reach the browser. */
function functionsOf(mod: object): Array<[string, Fn]> {
  return Object.entries(mod).filter((e): e is [string, Fn] => typeof e[1] === 'function');
}

/**
 * buildClientScript returns the page script: every client function declared once inside an IIFE,
 * then the Kit and Renderers objects, then startPage. It throws if two files export the same name,
 * since one declaration would silently shadow the other in the shared scope.
 */
export function buildClientScript(intervalMs: number = REFRESH_MS): string {
  const kitMods = [format, dom];
  const renderMods = [sections, diagnoses];
  const seen = new Set<string>();
  const decls: string[] = [];
  for (const mod of [...kitMods, ...renderMods, app]) {
    for (const [name, fn] of functionsOf(mod)) {
      if (seen.has(name)) throw new Error(`ui bundle: two client files export ${name}`);
      seen.add(name);
      const src = fn.toString();
      // A function's source starts with its own declaration; anything else (a bound or native
      // function) cannot be shipped as text.
      if (!/^(async\s+)?function[\s*]/.test(src)) throw new Error(`ui bundle: ${name} is not a plain function declaration`);
      decls.push(src);
    }
  }
  const names = (mods: object[]): string => mods.flatMap((m) => functionsOf(m).map(([n]) => n)).join(', ');
  return [
    '(() => {',
    "'use strict';",
    ...decls,
    `const kit = { ${names(kitMods)} };`,
    `const renderers = { ${names(renderMods)} };`,
    'startPage(kit, renderers, {',
    '  doc: document,',
    '  fetch: (url, init) => window.fetch(url, init),',
    '  now: () => Date.now(),',
    '  schedule: (fn, ms) => { window.setTimeout(fn, ms); },',
    `  intervalMs: ${Number(intervalMs)},`,
    '});',
    '})();',
    '',
  ].join('\n');
}
