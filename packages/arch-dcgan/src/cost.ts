import { checkKeys, intOption } from '@gantry/core';
import { discriminatorPlan, generatorPlan, planMacs } from './plan.js';
import { DEFAULT_LATENT_DIM, resolveShape } from './shape.js';

/** Forward cost of one sample through G and D. One MAC (multiply-accumulate) = 2 FLOPs. */
export interface DcganCost {
  readonly generatorMacs: number;
  readonly discriminatorMacs: number;
  readonly generatorFlops: number;
  readonly discriminatorFlops: number;
}

/** Shape options of {@link dcganCost}: those of the generator, without the name and prior. */
export interface DcganCostOptions {
  readonly size: 28 | 32 | 64;
  readonly channels: 1 | 3;
  readonly latentDim?: number;
  readonly width?: number;
  readonly batchNorm?: boolean;
}

/**
 * Forward multiply-accumulates per sample of the DCGAN pair built with these options,
 * summed over dense and (transposed) convolution layers:
 *
 * Dense: d_in·d_out;  Conv2D: H_out·W_out·k²·C_in·C_out;  ConvT: H_in·W_in·k²·C_in·C_out.
 *
 * Bias adds, batch norm and activations are not counted (they scale with the
 * activations, under 1 % here). A training step costs about 3× the forward pass
 * (forward, input gradient, weight gradient).
 */
export function dcganCost(options: DcganCostOptions): DcganCost {
  const o = checkKeys('dcganCost', options, ['size', 'channels', 'latentDim', 'width', 'batchNorm']);
  const latentDim = intOption('dcganCost', o, 'latentDim', DEFAULT_LATENT_DIM, { min: 1 });
  const shape = resolveShape('dcganCost', o, {}, latentDim);
  const generatorMacs = planMacs(generatorPlan(shape));
  const discriminatorMacs = planMacs(discriminatorPlan(shape));
  return { generatorMacs, discriminatorMacs, generatorFlops: 2 * generatorMacs, discriminatorFlops: 2 * discriminatorMacs };
}

/**
 * Cost of the benchmark model DCGAN-28 (28×28×1, z ∈ ℝ¹⁰⁰, width 64):
 * G 27,345,920 MACs (Dense 1,254,400 + ConvT 25,690,112 + ConvT 401,408),
 * D 6,629,504 MACs (Conv 200,704 + Conv 6,422,528 + Dense 6,272) per sample.
 */
export function dcgan28Flops(): DcganCost {
  return dcganCost({ size: 28, channels: 1 });
}
