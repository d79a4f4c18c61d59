/**
 * Measures a shipped classifier on its whole test split — accuracy, the inception
 * score of the real test images (10 splits of 1 000) and of 10 000 uniform-noise
 * images — and records the numbers in `classifiers/<data>/metadata.json` under
 * `measured`.
 *
 *   pnpm exec tsx --conditions=@gantry/source packages/metric-inception-score/scripts/measure.ts --data mnist
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { selectBackend } from '@gantry/backend';
import { loadFashionMnist, loadMnist } from '@gantry/data-mnist';
import { inceptionScore } from '../src/functional.js';
import { loadClassifier } from '../src/pretrained.js';
import { rowsInBatches } from '../src/sampling.js';

async function main(): Promise<void> {
  const data = process.argv[process.argv.indexOf('--data') + 1] === 'fashion-mnist' ? 'fashion-mnist' : 'mnist';
  await selectBackend(process.argv.includes('--backend') ? process.argv[process.argv.indexOf('--backend') + 1] : 'wasm');
  const classifier = loadClassifier(data);
  const test = (data === 'mnist' ? loadMnist : loadFashionMnist)({ split: 'test', range: [0, 1] });
  const { x, labels } = test.batch(Array.from({ length: test.size }, (_, i) => i));
  const p = rowsInBatches(x, (s) => classifier.predict(s), 500);
  const truth = labels!.dataSync();
  let correct = 0;
  for (let i = 0; i < test.size; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (p.data[i * 10 + c] > p.data[i * 10 + best]) best = c;
    if (best === truth[i]) correct++;
  }
  const real = inceptionScore(p.data, 10, 10);
  const noise = tf.randomUniform([test.size, 28, 28, 1], 0, 1, 'float32', 1);
  const noiseScore = inceptionScore(rowsInBatches(noise, (s) => classifier.predict(s), 500).data, 10, 10);
  tf.dispose([x, labels!, noise]);
  const measured = {
    testAccuracy: correct / test.size,
    inceptionScoreTest: { mean: real.mean, std: real.std, images: test.size, splits: 10 },
    inceptionScoreUniformNoise: { mean: noiseScore.mean, std: noiseScore.std, images: test.size, splits: 10 },
    backend: tf.getBackend(),
  };
  console.log(JSON.stringify(measured, null, 2));
  const url = new URL(`../classifiers/${data}/metadata.json`, import.meta.url);
  const metadata = JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  writeFileSync(url, `${JSON.stringify({ ...metadata, measured }, null, 2)}\n`);
  classifier.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
