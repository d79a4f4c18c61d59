/**
 * cGAN with and without MSGAN's mode-seeking term (Mao et al. 2019, arXiv:1903.05628) on MNIST:
 * every run is a `gantry train` run of the CLI itself (its `main`), the same command line with
 * and without `--regularizer mode-seeking`, over several seeds; then each final checkpoint is
 * evaluated with the `class-agreement` and `conditional-diversity` metrics (pixel and
 * classifier-feature space), next to the same diversity of real MNIST test images.
 * Writes docs/conditional-msgan.json and the seed-0 grids to docs/images/conditional/.
 * A run folder that already holds a checkpoint is resumed (to a larger --steps, training
 * continues exactly as an uninterrupted run would); runs already in the JSON at --steps are skipped.
 *
 *   pnpm exec tsx --conditions=@gantry/source scripts/msgan-diversity.ts \
 *     [--steps 1500] [--seeds 0,1,2] [--lambda 1] [--backend wasm] [--out runs/conditional] \
 *     [--agreement-samples 1000] [--samples-per-class 100] [--only baseline|mode-seeking]
 */
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUILTIN_PLUGINS, main } from '@gantry/cli';
import { createGan, encodePng, imageGrid, type GanSpec } from '@gantry/core';
import { FileCheckpointStore, loadCheckpointFile } from '@gantry/core/node';
import { loadMnist } from '@gantry/data-mnist';
import {
  ClassAgreementMetric,
  ConditionalDiversityMetric,
  sharedClassifier,
  withinClassDiversity,
} from '@gantry/metric-inception-score';

const { values } = parseArgs({
  options: {
    steps: { type: 'string' },
    seeds: { type: 'string' },
    lambda: { type: 'string' },
    backend: { type: 'string' },
    out: { type: 'string' },
    'agreement-samples': { type: 'string' },
    'samples-per-class': { type: 'string' },
    only: { type: 'string' },
  },
});
const steps = Number(values.steps ?? 1500);
const seeds = (values.seeds ?? '0,1,2').split(',').map(Number);
const lambda = Number(values.lambda ?? 1);
const backend = values.backend ?? 'wasm';
const out = values.out ?? 'runs/conditional';
const agreementSamples = Number(values['agreement-samples'] ?? 1000);
const perClass = Number(values['samples-per-class'] ?? 100);
const variants = ['baseline', 'mode-seeking'].filter((v) => !values.only || values.only === v);
const JSON_PATH = 'docs/conditional-msgan.json';
const IMAGES = 'docs/images/conditional';

interface RunResult {
  variant: string;
  seed: number;
  steps: number;
  command: string;
  trainSeconds: number;
  metrics: Record<string, number>;
}
interface Results {
  settings: Record<string, unknown>;
  real?: { pixel: number; feature: number; perClass: number };
  runs: RunResult[];
}

const results: Results = existsSync(JSON_PATH) ? (JSON.parse(readFileSync(JSON_PATH, 'utf8')) as Results) : { settings: {}, runs: [] };
results.settings = { steps, lambda, backend, agreementSamples, samplesPerClass: perClass, batchSize: 64, data: 'mnist (train split, [-1, 1])' };
// Several copies of this script may run at once (one per seed or variant): merge with what the
// others wrote since this one started, instead of overwriting it.
const save = () => {
  const onDisk = existsSync(JSON_PATH) ? (JSON.parse(readFileSync(JSON_PATH, 'utf8')) as Results) : { settings: {}, runs: [] };
  const mine = new Set(results.runs.map((r) => `${r.variant}/${r.seed}/${r.steps}`));
  results.runs = [...onDisk.runs.filter((r) => !mine.has(`${r.variant}/${r.seed}/${r.steps}`)), ...results.runs];
  results.real ??= onDisk.real;
  writeFileSync(JSON_PATH, `${JSON.stringify(results, null, 2)}\n`);
};
mkdirSync(IMAGES, { recursive: true });

for (const seed of seeds) {
  for (const variant of variants) {
    if (results.runs.some((r) => r.variant === variant && r.seed === seed && r.steps === steps)) continue;
    const dir = join(out, `${variant}-s${seed}`);
    const flags = [
      '--data', 'mnist', '--generator', 'cgan-mlp', '--discriminator', 'cgan-mlp', '--objective', 'non-saturating',
      ...(variant === 'mode-seeking' ? ['--regularizer', `mode-seeking:lambda=${lambda}`] : []),
      '--steps', String(steps), '--seed', String(seed), '--backend', backend,
    ];
    const command = `gantry train ${flags.join(' ')} --out ${dir}`;
    console.error(`\n== ${command}`);
    const started = performance.now();
    const code = await main(['train', ...flags, '--out', dir, '--sample-every', String(Math.max(1, Math.floor(steps / 4))), '--checkpoint-every', String(steps)]);
    if (code !== 0) throw new Error(`gantry train exited with ${code}`);
    const trainSeconds = (performance.now() - started) / 1000;

    // What `gantry eval` does: rebuild the run from its newest checkpoint, then evaluate.
    const folder = join(dir, 'checkpoints');
    const state = loadCheckpointFile(join(folder, new FileCheckpointStore(folder).list().pop()!));
    const gan = await createGan(state.spec as GanSpec, { plugins: BUILTIN_PLUGINS });
    try {
      gan.trainer.restore(state);
      const metrics = await gan.trainer.evaluate([
        new ClassAgreementMetric({ samples: agreementSamples }),
        new ConditionalDiversityMetric({ samplesPerClass: perClass }),
      ]);
      if (seed === 0) {
        const grid = gan.trainer.sample(100, 1234); // default labels in blocks: row i = digit i
        writeFileSync(join(IMAGES, `${variant}-s${seed}.png`), encodePng(imageGrid(grid, { columns: 10, range: gan.dataset.range, scale: 2 })));
        grid.dispose();
      }
      results.runs = results.runs.filter((r) => !(r.variant === variant && r.seed === seed));
      results.runs.push({ variant, seed, steps: state.step, command, trainSeconds, metrics });
      save();
      console.error(`== ${variant} seed ${seed}: ${JSON.stringify(metrics)}`);
    } finally {
      gan.dispose();
    }
  }
}

// The same diversity measured on real test images: the first `perClass` of each digit.
if (!results.real || results.real.perClass !== perClass) {
  const data = loadMnist({ split: 'test', range: [-1, 1] });
  const classifier = sharedClassifier('mnist');
  let pixel = 0;
  let feature = 0;
  for (let c = 0; c < 10; c++) {
    const idx: number[] = [];
    for (let i = 0; i < data.size && idx.length < perClass; i++) if (data.label(i) === c) idx.push(i);
    const batch = data.batch(idx);
    const d = withinClassDiversity(batch.x, data.range, classifier);
    tf.dispose([batch.x, batch.labels!]);
    pixel += d.pixel / 10;
    feature += d.feature / 10;
  }
  results.real = { pixel, feature, perClass };
  save();
}

// Summary: mean ± sample standard deviation over seeds (and the range).
const stat = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { m, sd, lo: Math.min(...xs), hi: Math.max(...xs) };
};
const fmt = (xs: number[], digits: number, scale = 1) => {
  const s = stat(xs.map((x) => x * scale));
  return `${s.m.toFixed(digits)} ± ${s.sd.toFixed(digits)} (${s.lo.toFixed(digits)}–${s.hi.toFixed(digits)})`;
};
console.log('| run | seeds | class agreement (%) | pixel diversity | feature diversity |');
console.log('| --- | --- | --- | --- | --- |');
for (const variant of ['baseline', 'mode-seeking']) {
  const runs = results.runs.filter((r) => r.variant === variant && r.steps === steps && seeds.includes(r.seed));
  if (runs.length === 0) continue;
  const col = (key: string) => runs.map((r) => r.metrics[key]);
  console.log(
    `| ${variant} | ${runs.map((r) => r.seed).join(', ')} | ${fmt(col('class_agreement'), 1, 100)} | ${fmt(col('conditional_diversity_pixel'), 4)} | ${fmt(col('conditional_diversity_feature'), 3)} |`,
  );
}
if (results.real) console.log(`| real MNIST test images | — | — | ${results.real.pixel.toFixed(4)} | ${results.real.feature.toFixed(3)} |`);
