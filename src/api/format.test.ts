import { describe, expect, it } from 'vitest';
import { formatSampleValue } from './format.js';

describe('formatSampleValue', () => {
  it.each([
    [1, '1'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-1.25e22, '-12500000000000000000000'],
    [123456789012345680000, '123456789012345680000'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [0, '0'],
  ])('%s → %s', (v, s) => expect(formatSampleValue(v)).toBe(s));
});

describe('redactUrl', () => {
  it('hides a password written into a URL and leaves the rest', async () => {
    const { redactUrl } = await import('./targets.js');
    expect(redactUrl('https://u:hunter2@mimir.example/prometheus/')).toBe('https://u:<secret>@mimir.example/prometheus/');
    expect(redactUrl('http://127.0.0.1:9090')).toBe('http://127.0.0.1:9090');
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
