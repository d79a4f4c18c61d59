import { createGan, type Gan } from '@gantry/core';
import { mlpPlugin } from '@gantry/arch-mlp';
import { toyDataPlugin } from '@gantry/data-toy';
import { minimaxPlugin } from '@gantry/loss-minimax';

/** What the page trains; each field can be set in the query string (`?steps=500&batch=128`). */
export interface RingRun {
  readonly steps: number;
  readonly batchSize: number;
  readonly hidden: readonly number[];
  readonly learningRate: number;
  readonly seed: number;
}

/**
 * Settings of `pnpm bench:modes` for the non-saturating loss (Adam 1e-3, β₁ = 0.5,
 * 2-D latent), with a smaller batch and hidden width so a plain-JavaScript cpu
 * backend still shows progress within seconds.
 */
export const DEFAULT_RUN: RingRun = { steps: 3000, batchSize: 128, hidden: [64, 64], learningRate: 1e-3, seed: 0 };

/**
 * The same composition as in Node: the ring of 8 Gaussians (`@gantry/data-toy`),
 * MLP generator and discriminator (`@gantry/arch-mlp`) and the non-saturating
 * objective (`@gantry/loss-minimax`), by name through their plugins.
 */
export function createRingGan(run: RingRun): Promise<Gan> {
  return createGan(
    {
      data: { name: 'ring', options: { size: 20_000 } },
      generator: { name: 'mlp', options: { hidden: [...run.hidden], latentDim: 2 } },
      discriminator: { name: 'mlp', options: { hidden: [...run.hidden] } },
      objective: 'non-saturating',
      training: {
        steps: run.steps,
        batchSize: run.batchSize,
        seed: run.seed,
        optimizers: { '*': { name: 'adam', learningRate: run.learningRate, beta1: 0.5, beta2: 0.999 } },
      },
    },
    { plugins: [toyDataPlugin, mlpPlugin, minimaxPlugin] },
  );
}
