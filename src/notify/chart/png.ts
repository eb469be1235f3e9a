/**
 * png: rasterises chart SVG with @resvg/resvg-js using only the bundled DejaVu Sans, so output is
 * identical on every host and never depends on system fonts being installed.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resvgApi } from '../receivers/lazy.js';
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { renderSvg, type ChartSize } from './svg.js';
import type { ChartInput } from './types.js';

/** bundledFontPath finds assets/fonts/DejaVuSans.ttf from src/ (tests) or dist/ (built). */
export function bundledFontPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'assets', 'fonts', 'DejaVuSans.ttf');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new DaemonError(ErrorCode.INTERNAL, 'bundled font assets/fonts/DejaVuSans.ttf not found');
}

/** svgToPng rasterises an SVG string at `width` pixels. */
export function svgToPng(svg: string, width = 960): Buffer {
  const r = new (resvgApi().Resvg)(svg, {
    fitTo: { mode: 'width', value: width },
    font: { fontFiles: [bundledFontPath()], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return Buffer.from(r.render().asPng());
}

/** renderChartPng draws a ChartInput straight to PNG bytes. */
export function renderChartPng(input: ChartInput, size?: ChartSize): Buffer {
  const svg = renderSvg(input, size);
  return svgToPng(svg, size?.width ?? 960);
}
