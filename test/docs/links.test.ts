/**
 * Nothing in the repository links outside it: every Markdown link in README.md and docs/ resolves
 * to a file in the repository (or a loopback/example address), and no tracked file points at the
 * design notes that live beside the repository (`../shared`) or at a project site that does not exist.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => f !== '');
const markdown = tracked.filter((f) => f === 'README.md' || (f.startsWith('docs/') && f.endsWith('.md')));
const LOCAL = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\]|[a-z0-9.-]+\.(example|invalid|internal|test))([:/]|$)/;

describe('links', () => {
  it.each(markdown)('%s links only inside the repository', (f) => {
    const text = readFileSync(join(root, f), 'utf8');
    const bad: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) {
        if (!LOCAL.test(target)) bad.push(target);
        continue;
      }
      const path = target.split('#')[0]!;
      if (path !== '' && !existsSync(resolve(dirname(join(root, f)), path))) bad.push(target);
    }
    expect(bad).toEqual([]);
  });

  it('no tracked text file points outside the repository', () => {
    const bad: string[] = [];
    for (const f of tracked) {
      if (f === 'package-lock.json' || f.startsWith('test/fixtures/') || f.startsWith('assets/') || f === 'test/docs/links.test.ts') continue;
      const text = readFileSync(join(root, f), 'utf8');
      for (const needle of ['../shared', '/work/shared', 'github.com/leaksleuth', 'DESIGN.md']) if (text.includes(needle)) bad.push(`${f}: ${needle}`);
    }
    expect(bad).toEqual([]);
  });
});
