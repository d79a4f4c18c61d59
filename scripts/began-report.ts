/**
 * `pnpm exec tsx --conditions=@gantry/source scripts/began-report.ts RUN NAME STEP [STEP ...]` —
 * figures for docs/began.md from a BEGAN run folder written by `gantry train`:
 *
 * - `docs/images/began/NAME-curves.png`: M_global (moving average over 50 steps, blue) and
 *   k_t (orange, scaled to M_global's axis by the factor printed) over the run, from `metrics.jsonl`;
 * - `docs/images/began/NAME-step-STEP.png`: the run's sample grid of each STEP
 *   (`samples/step-<STEP>.png`, 8×8 samples from fixed z), its top 4 rows at half size.
 *
 * Prints M_global (smoothed) and k_t at each STEP, for the docs' tables.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodePng, linePlot } from '@gantry/core';
import { readMetricsLog } from '@gantry/core/node';

// fast-png is core's PNG codec; resolve it from there.
// Typed by hand: the root workspace does not depend on fast-png, so `typeof import('fast-png')` does not resolve here.
interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: ArrayLike<number>;
}
const { decode } = (await import(pathToFileURL(createRequire(new URL('../packages/core/package.json', import.meta.url)).resolve('fast-png')).href)) as {
  decode(data: Uint8Array): DecodedPng;
};

const [run, name, ...stepArgs] = process.argv.slice(2);
if (!run || !name || stepArgs.length === 0) throw new Error('usage: began-report.ts RUN NAME STEP [STEP ...]');
const steps = stepArgs.map(Number);
const outDir = 'docs/images/began';
mkdirSync(outDir, { recursive: true });

const rows = readMetricsLog(join(run, 'metrics.jsonl')).filter((r) => Number.isFinite(r.convergence));
const window = 50;
const x = rows.map((r) => r.step);
const m = rows.map((r) => r.convergence);
const smooth = m.map((_, i) => {
  const w = m.slice(Math.max(0, i - window + 1), i + 1);
  return w.reduce((a, b) => a + b, 0) / w.length;
});
const k = rows.map((r) => r['began/k']);
const kMax = Math.max(...k);
const mMax = Math.max(...smooth.slice(window));
const kScale = kMax > 0 ? mMax / kMax : 1;
writeFileSync(
  join(outDir, `${name}-curves.png`),
  encodePng(linePlot([{ label: 'M_global', x: x.slice(window), y: smooth.slice(window) }, { label: 'k_t', x, y: k.map((v) => v * kScale) }], { width: 560, height: 220 })),
);
const at = (step: number) => rows.reduce((best, r, i) => (Math.abs(r.step - step) < Math.abs(rows[best].step - step) ? i : best), 0);
console.log(`k_t drawn ×${kScale.toFixed(1)} (max k_t ${kMax.toFixed(4)}); M_global smoothed over ${window} steps`);
console.log(`step ${rows[window].step}: M_global ${smooth[window].toFixed(3)}`);

for (const step of steps) {
  // The CLI's grid of the step (8×8 samples, fixed z, 2×2 pixels per data pixel), halved.
  const png = decode(readFileSync(join(run, 'samples', `step-${String(step).padStart(7, '0')}.png`)));
  const c = png.channels;
  const width = Math.floor(png.width / 2);
  // Top half of the grid only: 4 rows of 8 samples (the grid's tiles are square, so its pitch is width/8).
  const height = Math.min(Math.floor(png.height / 2), 1 + 4 * Math.floor((width - 1) / 8));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < 3; ch++) rgb[(y * width + x) * 3 + ch] = Number(png.data[(2 * y * png.width + 2 * x) * c + ch]);
    }
  }
  writeFileSync(join(outDir, `${name}-step-${step}.png`), encodePng({ width, height, rgb }));
  const i = at(step);
  console.log(`step ${step}: M_global ${smooth[i].toFixed(3)}, k_t ${k[i].toFixed(4)}, L(x) ${rows[i]['began/L_real'].toFixed(3)}, L(G(z)) ${rows[i]['began/L_fake'].toFixed(3)}`);
}
