import { describe, expect, it } from 'vitest';
import { effectiveExternalUrl } from './external-url.js';

describe('effectiveExternalUrl', () => {
  it('keeps a configured URL and otherwise builds one from the listen address', () => {
    expect(effectiveExternalUrl('https://ops.example/ls/', '127.0.0.1:9817', 'h')).toBe('https://ops.example/ls/');
    expect(effectiveExternalUrl('', '127.0.0.1:9817', 'h')).toBe('http://127.0.0.1:9817');
    expect(effectiveExternalUrl('', '0.0.0.0:9817', 'box1')).toBe('http://box1:9817');
    expect(effectiveExternalUrl('', ':9817', 'box1')).toBe('http://box1:9817');
    expect(effectiveExternalUrl('', '[::1]:9817', 'box1')).toBe('http://[::1]:9817');
    expect(effectiveExternalUrl('', '[::]:9817', 'box1')).toBe('http://box1:9817');
    expect(effectiveExternalUrl('', '127.0.0.1:0', 'box1')).toBe('');
  });
});
