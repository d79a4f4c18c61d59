import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, encodePng, imageGrid, type Generator } from '@gantry/core';
import { writeFileAtomic } from '@gantry/core/node';
import {
  categoricalTraversal,
  continuousTraversal,
  isInfoGanPrior,
  linspace,
  type CategoricalTraversalOptions,
  type ContinuousTraversalOptions,
} from '@gantry/regularizer-mutual-information';

/** What a traversal grid varies (Chen et al. 2016, https://arxiv.org/abs/1606.03657, Fig. 2): rows are always the values of a categorical code. */
export type TraversalSpec =
  | ({ readonly kind: 'categorical' } & CategoricalTraversalOptions)
  | ({ readonly kind: 'continuous' } & ContinuousTraversalOptions);

/** How the grid is drawn: pixel v ↦ 255·(v − lo)/(hi − lo), each pixel a scale×scale block. */
export interface TraversalDrawOptions {
  /** Pixel range of the samples (the data set's); default [−1, 1]. */
  readonly range?: readonly [number, number];
  /** Pixel scale (nearest neighbour); default 2. */
  readonly scale?: number;
  /** Pixels between tiles; default 2. */
  readonly padding?: number;
}

/**
 * The images of a latent traversal (Chen et al. 2016, https://arxiv.org/abs/1606.03657), `[rows·columns, h, w, c]` row-major, generated in
 * inference mode: one row per value of a categorical code; columns are different noise
 * vectors (`kind: 'categorical'`, the paper's Fig. 2a) or values of one continuous code
 * (`kind: 'continuous'`, Fig. 2c–d). Also returns the grid's column count. The caller owns
 * the tensor.
 */
export function traversalImages(generator: Generator, spec: TraversalSpec): { images: tf.Tensor; columns: number } {
  const prior = generator.prior;
  if (!isInfoGanPrior(prior)) {
    throw new ConfigError(`Generator '${generator.name}' has no InfoGAN prior, so it has no codes to traverse.`);
  }
  const z = spec.kind === 'categorical' ? categoricalTraversal(prior.layout, spec) : continuousTraversal(prior.layout, spec);
  const columns = spec.kind === 'categorical' ? (spec.columns ?? 10) : (spec.values ?? linspace(-2, 2, 10)).length;
  try {
    return { images: tf.tidy(() => generator.apply({ z }, { training: false })), columns };
  } finally {
    z.dispose();
  }
}

/** A traversal grid (Chen et al. 2016, https://arxiv.org/abs/1606.03657, Fig. 2) as PNG bytes (see {@link traversalImages}). */
export function traversalPng(generator: Generator, spec: TraversalSpec, draw: TraversalDrawOptions = {}): Uint8Array {
  const { images, columns } = traversalImages(generator, spec);
  try {
    return encodePng(imageGrid(images, { columns, range: draw.range ?? [-1, 1], scale: draw.scale ?? 2, padding: draw.padding ?? 2 }));
  } finally {
    images.dispose();
  }
}

/** Writes a traversal grid PNG (Chen et al. 2016, https://arxiv.org/abs/1606.03657, Fig. 2) to `path` atomically (Node; see {@link traversalPng}). */
export function writeTraversalPng(path: string, generator: Generator, spec: TraversalSpec, draw: TraversalDrawOptions = {}): void {
  writeFileAtomic(path, traversalPng(generator, spec, draw));
}
