/**
 * `pnpm exec tsx --conditions=@gantry/source scripts/began-sweep-plot.ts FROM TO NAME RUN=LABEL...` —
 * M_global (50-step moving average) and k_t of several CLI runs over steps FROM–TO, one line per run
 * (colours in argument order: blue, orange, green, …), as `docs/images/began/NAME-m-global.png` and
 * `NAME-k.png`. Prints, per run, the 50-step means of L(x), L(G(z)), k_t and M_global ending at TO.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, linePlot } from '@gantry/core';
import { readMetricsLog } from '@gantry/core/node';

const [fromArg, toArg, name, ...runs] = process.argv.slice(2);
const from = Number(fromArg);
const to = Number(toArg);
if (!name || runs.length === 0) throw new Error('usage: began-sweep-plot.ts FROM TO NAME RUN=LABEL...');
const window = 50;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const m: Array<{ label: string; x: number[]; y: number[] }> = [];
const k: Array<{ label: string; x: number[]; y: number[] }> = [];
for (const arg of runs) {
  const [run, label = run] = arg.split('=');
  const rows = readMetricsLog(join(run, 'metrics.jsonl')).filter((r) => Number.isFinite(r.convergence) && r.step > from && r.step <= to);
  const smooth = rows.map((_, i) => mean(rows.slice(Math.max(0, i - window + 1), i + 1).map((r) => r.convergence)));
  m.push({ label, x: rows.map((r) => r.step).slice(window - 1), y: smooth.slice(window - 1) });
  k.push({ label, x: rows.map((r) => r.step), y: rows.map((r) => r['began/k']) });
  const last = rows.slice(-window);
  const avg = (key: string) => mean(last.map((r) => r[key])).toFixed(3);
  console.log(
    `${label}: steps ${rows[0].step}–${rows[rows.length - 1].step}; last ${window} steps: L(x) ${avg('began/L_real')}, ` +
      `L(G(z)) ${avg('began/L_fake')}, k_t ${avg('began/k')}, M_global ${avg('convergence')}; first M_global (50-step mean) ${smooth[window - 1].toFixed(3)}`,
  );
}
mkdirSync('docs/images/began', { recursive: true });
writeFileSync(join('docs/images/began', `${name}-m-global.png`), encodePng(linePlot(m, { width: 420, height: 180 })));
writeFileSync(join('docs/images/began', `${name}-k.png`), encodePng(linePlot(k, { width: 420, height: 180 })));
