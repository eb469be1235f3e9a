import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configWarnings, globFromRegex, patternWarning } from './warnings.js';

describe('discovery pattern warnings', () => {
  it('flags regex-shaped patterns and suggests the glob they meant', () => {
    expect(patternWarning('/system\\.slice/.*\\.service', 'cgroup')).toContain('did you mean "/system.slice/*.service"?');
    expect(patternWarning('/system\\.slice/(systemd|dbus)[^/]*\\.service', 'cgroup')).toContain('looks like a regular expression');
    expect(patternWarning('^api$', 'process')).toContain('did you mean "api"?');
    expect(patternWarning('/kubepods.slice/.*', 'cgroup')).toContain('did you mean "/kubepods.slice/*"?');
    expect(globFromRegex('a(b|c)')).toBeUndefined();
  });

  it('flags patterns that cannot match what they are matched against', () => {
    expect(patternWarning('system.slice/*.service', 'cgroup')).toContain('does not start with it');
    expect(patternWarning('/system.slice/api.service', 'process')).toContain('contains "/"');
  });

  it('leaves ordinary globs alone', () => {
    for (const p of ['/system.slice/*.service', '**/docker-*.scope', 'api.service', 'api-*', 'api.*', '/kubepods.slice/**']) expect(patternWarning(p, 'cgroup'), p).toBeUndefined();
    for (const p of ['orders-api', '*.service', 'abcdef012345', 'api?']) expect(patternWarning(p, 'process'), p).toBeUndefined();
  });

  it('places each warning at its pattern', () => {
    const text = "cgroup_discovery:\n  include: ['/system\\.slice/.*']\ngo_discovery:\n  exclude: [ok, 'a/b']\n";
    expect(configWarnings(text, 'x.yaml').map((w) => `${w.line}:${w.col}: ${w.message.split(':')[0]}`)).toEqual(['2:13: cgroup_discovery.include[0]', '4:17: go_discovery.exclude[1]']);
  });

  it('the shipped example configs have none', () => {
    const dir = join(import.meta.dirname, '../../config');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) expect(configWarnings(readFileSync(join(dir, f), 'utf8'), f), f).toEqual([]);
  });
});
