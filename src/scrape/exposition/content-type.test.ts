import { describe, expect, it } from 'vitest';
import { ACCEPT_HEADER, detectFormat } from './content-type.js';

describe('detectFormat', () => {
  it('picks OpenMetrics only for application/openmetrics-text', () => {
    expect(detectFormat('application/openmetrics-text; version=1.0.0; charset=utf-8')).toBe('openmetrics');
    expect(detectFormat('Application/OpenMetrics-Text;version=0.0.1')).toBe('openmetrics');
    expect(detectFormat(' application/openmetrics-text ')).toBe('openmetrics');
  });

  it('falls back to the text format like Prometheus', () => {
    expect(detectFormat('text/plain; version=0.0.4; charset=utf-8')).toBe('prometheus');
    expect(detectFormat(undefined)).toBe('prometheus');
    expect(detectFormat('')).toBe('prometheus');
    expect(detectFormat('application/json')).toBe('prometheus');
  });
});

describe('ACCEPT_HEADER', () => {
  it('prefers OpenMetrics 1.0.0, then 0.0.1, then text 0.0.4', () => {
    const parts = ACCEPT_HEADER.split(',');
    expect(parts[0]).toBe('application/openmetrics-text;version=1.0.0');
    expect(parts[1]).toBe('application/openmetrics-text;version=0.0.1;q=0.75');
    expect(parts[2]).toBe('text/plain;version=0.0.4;q=0.5');
  });
});
