import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode, errorMessage } from './errors.js';

describe('DaemonError', () => {
  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of Object.values(ErrorCode)) expect(doc, code).toContain('`' + code + '`');
  });

  it('renders file:line:col when it has a position', () => {
    const e = new DaemonError(ErrorCode.CONFIG_INVALID, 'bad', { position: { file: 'a.yaml', line: 3, col: 7 } });
    expect(e.located()).toBe('a.yaml:3:7: bad');
    expect(errorMessage(e)).toBe('a.yaml:3:7: bad');
    expect(DaemonError.is(e)).toBe(true);
    expect(DaemonError.is(new Error('x'))).toBe(false);
  });
});
