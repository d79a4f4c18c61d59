/**
 * Soak: train a small GAN (MLPs on the 2-D ring, non-saturating loss) for many steps
 * and report tf.memory().numTensors and the process RSS at the start and the end.
 * Used by the soak test (reduced length) and by `pnpm bench` (10,000 steps).
 */
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { createGan } from '@gantry/core';
import { mlpPlugin } from '@gantry/arch-mlp';
import { toyDataPlugin } from '@gantry/data-toy';
import { minimaxPlugin } from '@gantry/loss-minimax';

export interface SoakResult {
  readonly steps: number;
  readonly tensors: { readonly start: number; readonly end: number };
  readonly rssMiB: { readonly start: number; readonly end: number; readonly max: number };
  readonly msPerStep: number;
}

/** Runs `steps` training steps; the start is measured after a warm-up of 200 steps. */
export async function soak(steps: number, onProgress?: (step: number) => void): Promise<SoakResult> {
  const gan = await createGan(
    { data: 'ring', generator: 'mlp', discriminator: 'mlp', objective: 'non-saturating', training: { steps: steps + 200, batchSize: 64, seed: 1, optimizers: { '*': { name: 'adam', learningRate: 1e-3, beta1: 0.5 } } } },
    { plugins: [toyDataPlugin, mlpPlugin, minimaxPlugin] },
  );
  // Yield every 25 steps, warm-up included: on a loaded machine (cpu backend) 100 steps can block
  // the event loop for over a minute, and vitest's worker RPC times out ("onTaskUpdate").
  const breathe = () => new Promise((resolve) => setImmediate(resolve));
  for (let i = 1; i <= 200; i++) {
    gan.trainer.trainStep();
    if (i % 25 === 0) await breathe();
  }
  globalThis.gc?.();
  const mib = () => process.memoryUsage().rss / 2 ** 20;
  const start = { tensors: tf.memory().numTensors, rss: mib() };
  let max = start.rss;
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    gan.trainer.trainStep();
    if (i % 25 === 0) await breathe();
    if (i % 500 === 0) {
      max = Math.max(max, mib());
      onProgress?.(i);
    }
  }
  const msPerStep = (performance.now() - t0) / steps;
  globalThis.gc?.();
  const end = { tensors: tf.memory().numTensors, rss: mib() };
  gan.dispose();
  return { steps, tensors: { start: start.tensors, end: end.tensors }, rssMiB: { start: start.rss, end: end.rss, max: Math.max(max, end.rss) }, msPerStep };
}
