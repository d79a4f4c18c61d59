/**
 * `pnpm bench:modes` — the 2-D mode-coverage benchmark: every objective (with and
 * without a gradient penalty where one applies) trained on the ring of 8 and the
 * grid of 25 Gaussians over several seeds; modes covered and the share of
 * high-quality samples (within 3σ of a mode), mean ± sd. Writes docs/mode-coverage.md
 * and one scatter plot per objective and data set (first seed) in docs/images/modes/.
 *
 *   pnpm bench:modes [--steps 1500] [--seeds 3] [--data ring|grid] [--only label,label]
 */
import '@tensorflow/tfjs-layers';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { selectBackend } from '@gantry/backend';
import { BUILTIN_PLUGINS } from '@gantry/cli';
import { createGan, encodePng, scatterPlot, type GanSpec, type OptimizerSpec } from '@gantry/core';

const { values } = parseArgs({
  options: { steps: { type: 'string' }, seeds: { type: 'string' }, data: { type: 'string' }, only: { type: 'string' }, out: { type: 'string' } },
});
const steps = Number(values.steps ?? 1500);
const seeds = Number(values.seeds ?? 3);
const datasets = values.data ? [values.data] : ['ring', 'grid'];
const only = values.only?.split(',');
const resultsFile = values.out ?? 'docs/mode-coverage.json';

const adam = (learningRate: number, beta2 = 0.999): OptimizerSpec => ({ name: 'adam', learningRate, beta1: 0.5, beta2 });
interface Config {
  readonly label: string;
  readonly spec: Partial<GanSpec>;
  readonly optimizer: OptimizerSpec;
}
const gp = { name: 'gradient-penalty', options: { lambda: 0.1 } };
const CONFIGS: Config[] = [
  { label: 'minimax', spec: { objective: 'minimax' }, optimizer: adam(1e-3) },
  { label: 'non-saturating', spec: { objective: 'non-saturating' }, optimizer: adam(1e-3) },
  { label: 'non-saturating + GP', spec: { objective: 'non-saturating', regularizers: [gp] }, optimizer: adam(1e-3) },
  { label: 'non-saturating + DRAGAN', spec: { objective: 'non-saturating', regularizers: [{ name: 'dragan', options: { lambda: 0.1 } }] }, optimizer: adam(1e-3) },
  { label: 'maximum-likelihood', spec: { objective: 'maximum-likelihood' }, optimizer: adam(1e-3) },
  { label: 'wasserstein + clipping', spec: { objective: 'wasserstein', constraints: ['weight-clipping'], discriminatorSteps: 5 }, optimizer: { name: 'rmsprop', learningRate: 5e-4 } },
  { label: 'wasserstein + GP', spec: { objective: 'wasserstein', regularizers: [gp], discriminatorSteps: 5 }, optimizer: adam(1e-3, 0.9) },
  { label: 'least-squares', spec: { objective: 'least-squares' }, optimizer: adam(1e-3) },
  { label: 'hinge', spec: { objective: 'hinge' }, optimizer: adam(1e-3) },
  { label: 'hinge + GP', spec: { objective: 'hinge', regularizers: [gp] }, optimizer: adam(1e-3) },
  { label: 'f-GAN (reverse KL)', spec: { objective: { name: 'f-gan', options: { divergence: 'reverse-kl' } } }, optimizer: adam(1e-3) },
  { label: 'f-GAN (Pearson χ²)', spec: { objective: { name: 'f-gan', options: { divergence: 'pearson' } } }, optimizer: adam(1e-3) },
  { label: 'loss-sensitive', spec: { objective: 'loss-sensitive' }, optimizer: adam(1e-3) },
  { label: 'MMD (no D)', spec: { objective: { name: 'mmd', options: { bandwidths: [0.05, 0.1, 0.5, 1, 2] } }, discriminator: undefined }, optimizer: adam(1e-3) },
];

type Row = { data: string; label: string; seed: number; covered: number; quality: number; seconds: number };
const results: Row[] = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Row[]) : [];
const selection = await selectBackend('wasm');
console.log(`mode coverage: ${steps} steps, ${seeds} seeds, batch 256, backend ${selection.choice}`);
mkdirSync('docs/images/modes', { recursive: true });

for (const data of datasets) {
  for (const config of CONFIGS.filter((c) => !only || only.includes(c.label))) {
    for (let seed = 0; seed < seeds; seed++) {
      if (results.some((r) => r.data === data && r.label === config.label && r.seed === seed && r.seconds > 0)) continue;
      const started = performance.now();
      const spec: GanSpec = {
        data,
        generator: { name: 'mlp', options: { hidden: [128, 128], latentDim: 2 } },
        discriminator: 'mlp',
        ...config.spec,
        metrics: [{ name: 'mode-coverage', options: { every: steps, samples: 2500 } }],
        training: { steps, batchSize: 256, seed, optimizers: { '*': config.optimizer } },
      };
      const gan = await createGan(spec, { plugins: BUILTIN_PLUGINS });
      let covered = NaN;
      let quality = NaN;
      try {
        await gan.fit();
        covered = gan.trainer.logs['modes/covered'];
        quality = gan.trainer.logs['modes/high-quality'];
      } catch (error) {
        console.log(`  ${data} ${config.label} seed ${seed}: ${(error as Error).message.split('\n')[0]}`);
      }
      if (seed === 0) {
        const samples = gan.trainer.sample(1000, 99);
        const real = gan.dataset.batch(Array.from({ length: 1000 }, (_, i) => i)).x;
        const file = `docs/images/modes/${data}-${config.label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
        writeFileSync(file, encodePng(scatterPlot(samples.dataSync(), { reference: real.dataSync(), size: 240, range: data === 'ring' ? [-2.6, 2.6] : [-5.5, 5.5] })));
        samples.dispose();
        real.dispose();
      }
      gan.dispose();
      const seconds = (performance.now() - started) / 1000;
      results.push({ data, label: config.label, seed, covered, quality, seconds });
      writeFileSync(resultsFile, JSON.stringify(results, null, 1));
      console.log(`  ${data.padEnd(4)} ${config.label.padEnd(26)} seed ${seed}: ${covered} modes, ${(quality * 100).toFixed(1)} % high quality (${seconds.toFixed(0)} s)`);
    }
  }
}

// The table, from everything measured so far.
const stat = (xs: number[]) => {
  const ok = xs.filter(Number.isFinite);
  const mean = ok.reduce((a, b) => a + b, 0) / ok.length;
  const sd = Math.sqrt(ok.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, ok.length - 1));
  return { mean, sd, n: ok.length, failed: xs.length - ok.length };
};
const lines = [
  '# Mode coverage on the 2-D ring of 8 and grid of 25 Gaussians',
  '',
  `Generated by \`pnpm bench:modes\` (scripts/bench-modes.ts): MLP generator (2-D latent, two hidden layers of 128) and`,
  `discriminator, batch 256, ${steps} steps, seeds 0…${seeds - 1}, wasm backend. A sample is of high quality when it lies`,
  'within 3σ of its nearest mode; a mode is covered when at least one high-quality sample lands on it (2500 samples).',
  'Published reference figures (Srivastava et al. 2017, VEEGAN, Table 1): ring of 8 — GAN 1 mode, Unrolled GAN 7.6,',
  'VEEGAN 8 modes with 52.9 % high quality; grid of 25 — GAN 3.3, Unrolled GAN 14.9, VEEGAN 24.6 with 40 % high quality.',
  '',
  '| objective | ring: modes (of 8) | ring: high quality | grid: modes (of 25) | grid: high quality |',
  '| --- | ---: | ---: | ---: | ---: |',
];
for (const config of CONFIGS) {
  const cell = (data: string, key: 'covered' | 'quality') => {
    const rows = results.filter((r) => r.data === data && r.label === config.label);
    if (!rows.length) return '—';
    const s = stat(rows.map((r) => r[key]));
    const fmt = (v: number) => (key === 'quality' ? `${(v * 100).toFixed(1)} %` : v.toFixed(1));
    return `${fmt(s.mean)} ± ${fmt(s.sd)}${s.failed ? ` (${s.failed} diverged)` : ''}`;
  };
  lines.push(`| ${config.label} | ${cell('ring', 'covered')} | ${cell('ring', 'quality')} | ${cell('grid', 'covered')} | ${cell('grid', 'quality')} |`);
}
lines.push(
  '',
  'How to read it: with the "at least one sample within 3σ" rule a diffuse generator still touches many modes by',
  'chance, so look at coverage and quality together. On the ring most objectives find most modes within the budget',
  'and WGAN-GP is the most reliable (8/8, the highest quality); the f-GAN runs collapse to a few modes and the',
  'loss-sensitive GAN (λ = 1, L1 margin, no gradient penalty) spreads its samples instead of converging. On the grid',
  'none of the generators has concentrated after this budget (≈ 2–3 % high quality): the coverage counts there are',
  'mostly chance hits of a diffuse cloud. Longer runs (`--steps`) are needed before comparing on the grid.',
);
lines.push('', 'Samples of seed 0 (orange) over the data (grey):', '', '| objective | ring | grid |', '| --- | --- | --- |');
for (const config of CONFIGS) {
  const img = (d: string) => `![${d}](images/modes/${d}-${config.label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png)`;
  lines.push(`| ${config.label} | ${img('ring')} | ${img('grid')} |`);
}
writeFileSync('docs/mode-coverage.md', `${lines.join('\n')}\n`);
console.log('wrote docs/mode-coverage.md');
