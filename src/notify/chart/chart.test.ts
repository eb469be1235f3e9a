import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleChart } from '../sample.js';
import { renderChartPng, svgToPng } from './png.js';
import { sparkline } from './sparkline.js';
import { niceRange, renderSvg } from './svg.js';

const T = Date.parse('2026-11-22T06:00:00Z');

function pngSize(png: Buffer): { w: number; h: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  return { w: png.readUInt32BE(16), h: png.readUInt32BE(20) };
}

describe('chart', () => {
  it('draws every series, the dashed fit, the limit and a legend', () => {
    const svg = renderSvg(sampleChart(T));
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('stroke-dasharray="10 6"');
    expect(svg).toContain('memory limit (3 GiB)');
    expect(svg).toContain('heap floor trend (+38 MiB/h)');
    expect(svg).toContain('>00:00<');
    expect(svg).toContain('>06:00<');
  });

  it('escapes names so a label cannot break the SVG', () => {
    const svg = renderSvg({ title: '<script>alert(1)</script>', unit: 'count', series: [{ name: 'a&b"', points: [{ t: 0, v: 1 }, { t: 1, v: 2 }] }] });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('a&amp;b&quot;');
  });

  it('rasterises with the bundled font to a PNG at the requested size', () => {
    const png = renderChartPng(sampleChart(T));
    expect(pngSize(png)).toEqual({ w: 960, h: 500 });
    writeFileSync(join(tmpdir(), 'leaksleuth-sample-chart.png'), png);
    // Text must actually be drawn: the same chart without any text is much smaller.
    const noText = svgToPng(renderSvg(sampleChart(T)).replace(/<text[^>]*>[^<]*<\/text>/g, ''));
    expect(png.length).toBeGreaterThan(noText.length * 1.2);
  });

  it('handles a flat series, a single point and an empty chart', () => {
    expect(pngSize(renderChartPng({ title: 'flat', unit: 'count', series: [{ name: 'g', points: [{ t: 0, v: 5 }, { t: 60_000, v: 5 }] }] })).w).toBe(960);
    expect(renderSvg({ title: 'one', unit: 'bytes', series: [{ name: 'x', points: [{ t: 0, v: 1 }] }] })).toContain('<svg');
    expect(renderSvg({ title: 'none', unit: 'ratio', series: [] })).toContain('none');
  });

  it('picks round tick steps', () => {
    expect(niceRange(0, 97)).toEqual([0, 100, 20]);
    expect(niceRange(0, 3 * 1024 ** 3)[2]).toBeGreaterThan(0);
  });

  it('renders sparklines that keep the shape and the peaks', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
    const s = sparkline([...Array(100).fill(0), 10, ...Array(99).fill(0)], 10);
    expect(s).toHaveLength(10);
    expect(s).toContain('█');
  });
});

describe('chart axes and layering', () => {
  const t = (m: number): number => Date.parse('2026-01-01T10:00:00Z') + m * 60_000;
  const ticks = (svg: string): string[] => [...svg.matchAll(/text-anchor="end" dominant-baseline="middle" fill="#444">([^<]*)</g)].map((m) => m[1]!);

  it('a count chart never goes below zero, even when the trend line is projected past it', () => {
    const svg = renderSvg({
      title: 'api: goroutines',
      unit: 'count',
      series: [{ name: 'goroutines', points: [0, 1, 2, 3].map((i) => ({ t: t(i), v: 4 - i })) }],
      fit: { name: 'trend', from: { t: t(0), v: 4 }, to: { t: t(10), v: -6 } },
    });
    expect(ticks(svg).length).toBeGreaterThan(1);
    expect(ticks(svg).some((x) => x.startsWith('-'))).toBe(false);
    expect(ticks(svg)[0]).toBe('0');
    // Whole ticks only.
    expect(ticks(svg).every((x) => /^\d+$/.test(x))).toBe(true);
  });

  it('draws usage last and thinnest, so RSS on the same values cannot hide it', () => {
    const pts = [0, 1, 2].map((i) => ({ t: t(i), v: 100e6 }));
    const svg = renderSvg({ title: 'x', unit: 'bytes', series: [{ name: 'usage', points: pts }, { name: 'working set', points: pts }, { name: 'RSS', points: pts }] });
    const order = [...svg.matchAll(/stroke-width="(\d+)" stroke-linejoin="round" data-series="([^"]+)"/g)].map((m) => `${m[2]}:${m[1]}`);
    expect(order).toEqual(['RSS:7', 'working set:5', 'usage:3']);
  });
});
