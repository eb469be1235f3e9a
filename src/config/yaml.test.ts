import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { formatPosition, parseYamlDocument } from './yaml.js';

const doc = [
  'global:', //                         1
  '  scrape_interval: 15s', //          2
  '  external_labels:', //              3
  '    region: "eu-1"', //                4
  'scrape_configs:', //                 5
  '  - job_name: api', //               6
  '    static_configs:', //             7
  "      - targets: ['127.0.0.1:6060', 'b:1']", // 8
  '  - job_name: worker', //            9
  '    honor_labels:', //               10
  'empty: {}', //                       11
  'text: |', //                         12
  '  hello', //                         13
].join('\n');

function caught(fn: () => unknown): DaemonError {
  try {
    fn();
  } catch (err) {
    if (DaemonError.is(err)) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('parseYamlDocument', () => {
  const d = parseYamlDocument(doc, 'c.yaml');

  it('returns the plain value', () => {
    expect(d.value).toEqual({
      global: { scrape_interval: '15s', external_labels: { region: 'eu-1' } },
      scrape_configs: [
        { job_name: 'api', static_configs: [{ targets: ['127.0.0.1:6060', 'b:1'] }] },
        { job_name: 'worker', honor_labels: null },
      ],
      empty: {},
      text: 'hello\n',
    });
  });

  it.each([
    [['global', 'scrape_interval'], 2, 20],
    [['global', 'external_labels', 'region'], 4, 13],
    [['scrape_configs', 0, 'job_name'], 6, 15],
    [['scrape_configs', 0, 'static_configs', 0, 'targets', 1], 8, 37],
    [['scrape_configs', 1], 9, 5],
    [['scrape_configs'], 6, 3],
    [['empty'], 11, 8],
    [['text'], 12, 7],
    [[], 1, 1],
  ] as const)('positionOf(%j) = %i:%i', (path, line, col) => {
    expect(d.positionOf(path)).toEqual({ line, col });
  });

  it('places an empty value on its key', () => {
    expect(d.positionOf(['scrape_configs', 1, 'honor_labels'])).toEqual({ line: 10, col: 5 });
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(d.positionOf(['global', 'nope', 'deeper'])).toEqual({ line: 2, col: 3 });
    expect(d.positionOf(['scrape_configs', 7, 'job_name'])).toEqual({ line: 6, col: 3 });
    expect(d.positionOf(['global', 'scrape_interval', 'x'])).toEqual({ line: 2, col: 20 });
  });

  it('keyPositionOf points at the key itself', () => {
    expect(d.keyPositionOf(['global', 'scrape_interval'])).toEqual({ line: 2, col: 3 });
    expect(d.keyPositionOf(['scrape_configs', 0, 'static_configs'])).toEqual({ line: 7, col: 5 });
    expect(d.keyPositionOf(['scrape_configs', 1])).toEqual({ line: 9, col: 5 });
  });

  it('follows anchors, aliases and merge keys', () => {
    const t = ['base: &b', '  a: 1', '  c: 3', 'x:', '  <<: *b', '  d: 4', 'y: *b'].join('\n');
    const m = parseYamlDocument(t, 'm.yaml');
    expect(m.value).toEqual({ base: { a: 1, c: 3 }, x: { a: 1, c: 3, d: 4 }, y: { a: 1, c: 3 } });
    expect(m.positionOf(['x', 'c'])).toEqual({ line: 3, col: 6 });
    expect(m.positionOf(['x', 'd'])).toEqual({ line: 6, col: 6 });
    expect(m.positionOf(['y', 'a'])).toEqual({ line: 2, col: 6 });
  });

  it('treats empty and comment-only input as null', () => {
    expect(parseYamlDocument('', 'e.yaml').value).toBeNull();
    expect(parseYamlDocument('# nothing\n', 'e.yaml').value).toBeNull();
    expect(parseYamlDocument('', 'e.yaml').positionOf(['a'])).toEqual({ line: 1, col: 1 });
  });

  it('reports duplicate keys at the second key', () => {
    const e = caught(() => parseYamlDocument('a: 1\nb:\n  c: 1\n  c: 2\n', 'dup.yaml'));
    expect(e.code).toBe(ErrorCode.CONFIG_INVALID);
    expect(e.located()).toBe('dup.yaml:4:3: duplicated mapping key');
  });

  it('reports syntax errors with file:line:col', () => {
    const e = caught(() => parseYamlDocument('a:\n\tb: 1\n', 'tab.yaml'));
    expect(e.located()).toMatch(/^tab\.yaml:2:1: /);
    const f = caught(() => parseYamlDocument('a: [1, 2\nb: 3\n', 'flow.yaml'));
    expect(f.located()).toMatch(/^flow\.yaml:\d+:\d+: \S/);
    expect(f.position?.file).toBe('flow.yaml');
  });

  it('rejects several documents and honours a custom error code', () => {
    const e = caught(() => parseYamlDocument('a: 1\n---\nb: 2\n', 'multi.yaml', { code: ErrorCode.RULE_INVALID }));
    expect(e.code).toBe(ErrorCode.RULE_INVALID);
    expect(e.located()).toBe('multi.yaml:2:1: expected a single YAML document, found 2');
  });

  it('formatPosition renders file:line:col: message', () => {
    expect(formatPosition('f.yaml', { line: 3, col: 9 }, 'bad')).toBe('f.yaml:3:9: bad');
  });
});
