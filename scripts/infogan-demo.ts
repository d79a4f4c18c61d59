/**
 * InfoGAN demo figures from a run trained with the CLI (see docs/infogan.md):
 *
 *   pnpm gantry train --data mnist --generator infogan-mlp --discriminator infogan-mlp \
 *     --objective non-saturating --regularizer mutual-information --metric categorical-purity:every=500 \
 *     --lr-g 0.001 --lr-d 0.0002 --backend wasm --steps 6000 --out runs/infogan-mnist
 *   pnpm exec tsx --conditions=@gantry/source scripts/infogan-demo.ts --run runs/infogan-mnist
 *
 * Loads the run's newest checkpoint, writes to --images (default docs/images/infogan/):
 * categorical.png (one row per value of the 10-way code, columns = noise), continuous-0.png /
 * continuous-1.png (rows = code values, columns = c from −2 to 2), samples.png (random codes),
 * purity.png (categorical purity over training, from metrics.jsonl), and prints the purity of
 * --per-value samples per code value (classified by the shipped MNIST classifier) with its
 * count table, as JSON and as a markdown table.
 */
import '@tensorflow/tfjs-layers';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '@gantry/backend';
import { BUILTIN_PLUGINS } from '@gantry/cli';
import { createGan, encodePng, imageGrid, linePlot, type GanSpec } from '@gantry/core';
import { FileCheckpointStore, loadCheckpointFile, readMetricsLog, writeFileAtomic } from '@gantry/core/node';
import { measureCategoricalPurity, writeTraversalPng } from '@gantry/arch-infogan';
import { sharedClassifier } from '@gantry/metric-inception-score';

const { values } = parseArgs({
  options: {
    run: { type: 'string' },
    images: { type: 'string' },
    'per-value': { type: 'string' },
    backend: { type: 'string' },
    seed: { type: 'string' },
  },
});
const run = values.run ?? 'runs/infogan-mnist';
const images = values.images ?? 'docs/images/infogan';
const perValue = Number(values['per-value'] ?? 1000);
const seed = Number(values.seed ?? 1);
await selectBackend(values.backend ?? 'wasm');

const folder = existsSync(join(run, 'checkpoints')) && statSync(join(run, 'checkpoints')).isDirectory() ? join(run, 'checkpoints') : run;
const newest = new FileCheckpointStore(folder).list().pop();
if (!newest) throw new Error(`No checkpoint in ${folder}.`);
const state = loadCheckpointFile(join(folder, newest));
const gan = await createGan(state.spec as GanSpec, { plugins: BUILTIN_PLUGINS });
gan.trainer.restore(state);
const generator = gan.game.sampler;
const range = gan.dataset.range;
mkdirSync(images, { recursive: true });

writeTraversalPng(join(images, 'categorical.png'), generator, { kind: 'categorical', columns: 10, seed }, { range });
for (const index of [0, 1]) {
  writeTraversalPng(join(images, `continuous-${index}.png`), generator, { kind: 'continuous', index, seed }, { range });
}
const samples = gan.trainer.sample(100, seed);
writeFileAtomic(join(images, 'samples.png'), encodePng(imageGrid(samples, { columns: 10, range, scale: 2 })));
samples.dispose();

const metricsPath = join(run, 'metrics.jsonl');
if (existsSync(metricsPath)) {
  const rows = readMetricsLog(metricsPath).filter((r) => r.categorical_purity !== undefined);
  if (rows.length > 0) {
    const x = rows.map((r) => r.step);
    writeFileAtomic(
      join(images, 'purity.png'),
      encodePng(
        linePlot([
          { label: 'categorical purity', x, y: rows.map((r) => r.categorical_purity) },
          { label: 'baseline (majority class share)', x, y: rows.map((r) => r.categorical_purity_baseline) },
          { label: 'chance, balanced 10 classes (0.1)', x, y: rows.map(() => 0.1) },
        ]),
      ),
    );
    console.log('purity during training (1 000 samples, seed 0):');
    for (const r of rows) console.log(`  step ${r.step}: purity ${r.categorical_purity.toFixed(3)}, baseline ${r.categorical_purity_baseline.toFixed(3)}, classes ${r.categorical_purity_classes}`);
  }
}

const started = performance.now();
const result = measureCategoricalPurity(generator, { classifier: sharedClassifier('mnist'), samplesPerValue: perValue, seed, range });
console.log(`\nstep ${state.step}: purity ${result.purity.toFixed(4)} over ${result.total} samples (${perValue} per value, seed ${seed}), ` +
  `baseline ${result.baseline.toFixed(4)}, nominal chance ${result.nominalChance}, distinct majority classes ${result.distinctClasses}/10 ` +
  `(${((performance.now() - started) / 1000).toFixed(1)} s)`);
console.log('\n| code value | ' + Array.from({ length: 10 }, (_, y) => `${y}`).join(' | ') + ' | majority |');
console.log('| --- | ' + Array.from({ length: 10 }, () => '---').join(' | ') + ' | --- |');
result.counts.forEach((row, c) => console.log(`| ${c} | ${row.map((n) => (n === Math.max(...row) ? `**${n}**` : `${n}`)).join(' | ')} | ${result.majority[c]} |`));
console.log(JSON.stringify({ step: state.step, purity: result.purity, baseline: result.baseline, distinctClasses: result.distinctClasses, majority: result.majority }));
gan.dispose();
