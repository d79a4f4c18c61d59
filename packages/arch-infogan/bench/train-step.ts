/**
 * Seconds per InfoGAN training step (D phase + G phase, non-saturating loss + L_I) of the
 * MLP and conv variants on MNIST, per backend:
 *
 *   pnpm exec tsx --conditions=@gantry/source packages/arch-infogan/bench/train-step.ts --backend wasm --variant mlp
 */
import '@tensorflow/tfjs-layers';
import { parseArgs } from 'node:util';
import { selectBackend } from '@gantry/backend';
import { createGan } from '@gantry/core';
import { mnistPlugin } from '@gantry/data-mnist';
import { minimaxPlugin } from '@gantry/loss-minimax';
import { mutualInformationPlugin } from '@gantry/regularizer-mutual-information';
import { infoganArchPlugin } from '@gantry/arch-infogan';

const { values } = parseArgs({ options: { backend: { type: 'string' }, variant: { type: 'string' }, steps: { type: 'string' }, batch: { type: 'string' }, width: { type: 'string' } } });
const selection = await selectBackend(values.backend ?? 'wasm');
const variant = values.variant ?? 'mlp';
const steps = Number(values.steps ?? 30);
const net = variant === 'mlp' ? 'infogan-mlp' : { name: 'infogan-conv', options: { width: Number(values.width ?? 16) } };
const gan = await createGan(
  {
    data: { name: 'mnist', options: { limit: 2000 } },
    generator: net,
    discriminator: net,
    objective: 'non-saturating',
    regularizers: ['mutual-information'],
    training: { steps, batchSize: Number(values.batch ?? 64), seed: 0 },
  },
  { plugins: [mnistPlugin, infoganArchPlugin, minimaxPlugin, mutualInformationPlugin] },
);
for (let i = 0; i < 3; i++) gan.trainer.trainStep();
const started = performance.now();
for (let i = 3; i < steps; i++) gan.trainer.trainStep();
const perStep = (performance.now() - started) / 1000 / (steps - 3);
console.log(`${selection.choice} ${variant}: ${(perStep * 1000).toFixed(1)} ms/step; logs`, gan.trainer.logs);
gan.dispose();
