import * as tfl from '@tensorflow/tfjs-layers';
import { kernelInit, layerSeed, type MlpInit } from './init.js';

/** Hidden-layer nonlinearities. */
export const MLP_ACTIVATIONS = ['relu', 'leakyRelu', 'tanh'] as const;
/** A hidden-layer nonlinearity. */
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];

/** Output nonlinearities; `'none'` is the identity (logits for D, unbounded samples for G). */
export const MLP_OUTPUT_ACTIVATIONS = ['none', 'sigmoid', 'tanh'] as const;
/** An output nonlinearity. */
export type MlpOutputActivation = (typeof MLP_OUTPUT_ACTIVATIONS)[number];

/** Negative slope of `'leakyRelu'`: 0.2, as in DCGAN's discriminator. */
export const MLP_LEAKY_SLOPE = 0.2;

/** What {@link buildMlp} builds. */
export interface MlpSpec {
  readonly name: string;
  /** Shape of one input (flattened first when of rank > 1). */
  readonly inputShape: readonly number[];
  readonly hidden: readonly number[];
  readonly activation: MlpActivation;
  readonly outputUnits: number;
  readonly outputActivation: MlpOutputActivation;
  /** Reshape of the output (rank > 1 sample shapes); absent for vectors. */
  readonly outputShape?: readonly number[];
  readonly init: MlpInit;
  readonly seed: number;
}

/**
 * y = f_out(W_L · act(… act(W_1 x + b_1) …) + b_L): dense layers with biases
 * (initialised to 0). Layer i's kernel is seeded with `deriveSeed(seed, i)`.
 */
export function buildMlp(spec: MlpSpec): tfl.Sequential {
  const layers: tfl.layers.Layer[] = [];
  const first = () => (layers.length === 0 ? { inputShape: [...spec.inputShape] } : {});
  if (spec.inputShape.length > 1) layers.push(tfl.layers.flatten(first()));
  const dense = (units: number) =>
    tfl.layers.dense({
      ...first(),
      units,
      kernelInitializer: kernelInit(spec.init, layerSeed(spec.seed, layers.length)),
      biasInitializer: 'zeros',
    });
  for (const units of spec.hidden) {
    layers.push(dense(units));
    layers.push(activationLayer(spec.activation));
  }
  layers.push(dense(spec.outputUnits));
  if (spec.outputActivation !== 'none') layers.push(tfl.layers.activation({ activation: spec.outputActivation }));
  if (spec.outputShape && spec.outputShape.length > 1) layers.push(tfl.layers.reshape({ targetShape: [...spec.outputShape] }));
  return tfl.sequential({ name: spec.name, layers });
}

function activationLayer(kind: MlpActivation): tfl.layers.Layer {
  switch (kind) {
    case 'relu':
      return tfl.layers.reLU();
    case 'leakyRelu':
      return tfl.layers.leakyReLU({ alpha: MLP_LEAKY_SLOPE });
    case 'tanh':
      return tfl.layers.activation({ activation: 'tanh' });
  }
}

