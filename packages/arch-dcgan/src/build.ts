import * as tfl from '@tensorflow/tfjs-layers';
import { GantryBatchNorm } from './batch-norm.js';
import { dcganKernelInit, layerSeed } from './init.js';
import { LEAKY_SLOPE, type LayerPlan } from './plan.js';
import { UnfusedConv2D, UnfusedDense } from './unfused.js';

/**
 * Batch-norm momentum 0.9: moving = 0.9·moving + 0.1·batch (PyTorch's momentum 0.1).
 * tfjs's default 0.99 averages over ~100 steps, so early samples drawn in inference
 * mode come from stale statistics.
 */
export const BN_MOMENTUM = 0.9;
/** Batch-norm ε, 1e-5 as in PyTorch (the DCGAN reference implementation's framework). */
export const BN_EPSILON = 1e-5;

/**
 * Builds a `tf.Sequential` from a plan. Layer i's initialisers are seeded with
 * `deriveSeed(seed, i)`: kernels N(0, 0.02²), BN γ N(1, 0.02²), biases and BN β 0.
 * Conv and dense layers are {@link UnfusedConv2D} / {@link UnfusedDense}: the stock
 * layers' math and weights, without the fused ops' eager gradients. Batch norm is
 * {@link GantryBatchNorm}: the stock layer's math and weights, with statistics that
 * data-parallel training can synchronise across replicas.
 */
export function buildSequential(
  plan: readonly LayerPlan[],
  inputShape: readonly number[],
  seed: number,
  name: string,
): tfl.Sequential {
  const layers = plan.map((layer, i) => toLayer(layer, layerSeed(seed, i), i === 0 ? [...inputShape] : undefined));
  return tfl.sequential({ name, layers });
}


function toLayer(layer: LayerPlan, seed: number, inputShape: number[] | undefined): tfl.layers.Layer {
  const first = inputShape ? { inputShape } : {};
  switch (layer.type) {
    // Conv and dense run unfused so that unused gradients are never computed (see unfused.ts).
    case 'dense':
      return new UnfusedDense({ ...first, units: layer.units, useBias: layer.bias, kernelSeed: seed });
    case 'conv':
      return new UnfusedConv2D({
        ...first,
        filters: layer.output[2],
        kernelSize: layer.kernel,
        strides: layer.strides,
        useBias: layer.bias,
        kernelSeed: seed,
      });
    case 'convTranspose':
      // tfjs-layers' Conv2DTranspose is already unfused (tf.conv2dTranspose + bias add).
      return tfl.layers.conv2dTranspose({
        ...first,
        filters: layer.output[2],
        kernelSize: layer.kernel,
        strides: layer.strides,
        padding: 'same',
        useBias: layer.bias,
        kernelInitializer: dcganKernelInit(seed),
        biasInitializer: 'zeros',
      });
    case 'batchNorm':
      // The stock layer's math and weights; statistics via core's batchMoments, so that
      // data-parallel runs can synchronise them across replicas (see batch-norm.ts).
      return new GantryBatchNorm({ ...first, momentum: BN_MOMENTUM, epsilon: BN_EPSILON, gammaSeed: seed });
    case 'relu':
      return tfl.layers.reLU(first);
    case 'leakyRelu':
      return tfl.layers.leakyReLU({ ...first, alpha: LEAKY_SLOPE });
    case 'tanh':
      return tfl.layers.activation({ ...first, activation: 'tanh' });
    case 'reshape':
      return tfl.layers.reshape({ ...first, targetShape: [...layer.shape] });
    case 'flatten':
      return tfl.layers.flatten(first);
  }
}
