import * as tf from '@tensorflow/tfjs-core';
import type { Batch, Dataset } from '@gantry/core';
import { mixtureDensity, mixtureDensityTensor } from './functional.js';
import type { GaussianMixture } from './mixture.js';
import { cumulativeWeights, drawSample } from './sampling.js';

/** What a {@link GaussianMixtureDataset} is built from. */
export interface GaussianMixtureDatasetOptions {
  /** Name in logs and errors (`'gaussian-1d'`, `'ring'`, `'grid'`). */
  readonly name: string;
  readonly mixture: GaussianMixture;
  /** Number of samples. */
  readonly size: number;
  /** Seed of the samples; sample i is a function of (seed, i) only. */
  readonly seed: number;
}

/**
 * A finite data set of `size` draws from an isotropic Gaussian mixture, shape
 * `[n, d]`. Sample i is drawn from its own random stream, seeded by a hash of
 * (seed, i) (see `drawSample`), so a batch is a pure function of its indices and
 * nothing is stored: a million-sample data set costs no memory.
 */
export class GaussianMixtureDataset implements Dataset, GaussianMixture {
  readonly name: string;
  readonly size: number;
  readonly seed: number;
  readonly sampleShape: readonly number[];
  /**
   * Informational: the box holding every mode's ±4σ region. Gaussian samples are
   * unbounded, so a sample may (rarely) fall outside it.
   */
  readonly range: readonly [number, number];
  readonly means: ReadonlyArray<readonly number[]>;
  readonly stds: readonly number[];
  readonly weights: readonly number[];
  private readonly cumulative: Float64Array;

  constructor(options: GaussianMixtureDatasetOptions) {
    const { mixture } = options;
    this.name = options.name;
    this.size = options.size;
    this.seed = options.seed;
    this.means = mixture.means.map((m) => Object.freeze([...m]));
    this.stds = Object.freeze([...mixture.stds]);
    this.weights = Object.freeze([...mixture.weights]);
    this.sampleShape = [this.means[0].length];
    this.cumulative = cumulativeWeights(this.weights);
    let lo = Infinity;
    let hi = -Infinity;
    this.means.forEach((m, k) => {
      for (const v of m) {
        lo = Math.min(lo, v - 4 * this.stds[k]);
        hi = Math.max(hi, v + 4 * this.stds[k]);
      }
    });
    this.range = [lo, hi];
  }

  /** Dimension d of a sample. */
  get dim(): number {
    return this.sampleShape[0];
  }

  /** The mode centers μₖ (what mode-coverage metrics compare samples against). */
  get centers(): ReadonlyArray<readonly number[]> {
    return this.means;
  }

  /** The mixture as plain data. */
  get mixture(): GaussianMixture {
    return { means: this.means, stds: this.stds, weights: this.weights };
  }

  batch(indices: ArrayLike<number>): Batch {
    return { x: tf.tensor2d(this.samples(indices), [indices.length, this.dim], 'float32') };
  }

  /** The samples of `indices`, row after row, without making a tensor. */
  samples(indices: ArrayLike<number>): Float32Array {
    const d = this.dim;
    const out = new Float32Array(indices.length * d);
    for (let k = 0; k < indices.length; k++) drawSample(this, this.cumulative, this.seed, this.check(indices[k], k), out, k * d);
    return out;
  }

  /** The mode sample `index` was drawn from. */
  mode(index: number): number {
    return drawSample(this, this.cumulative, this.seed, this.check(index, 0), new Float32Array(this.dim), 0);
  }

  /**
   * p_data(x) = Σₖ wₖ · N(x; μₖ, σₖ² I), the density the samples are drawn from
   * (not the empirical density of the finite set). A number for 1-D data, a
   * point of d numbers otherwise.
   */
  density(x: number | ArrayLike<number>): number {
    return mixtureDensity(this, x);
  }

  /** {@link density} on a tensor of points (`[n]` or `[n, d]`), returning `[n]`. */
  densityTensor(x: tf.Tensor): tf.Tensor1D {
    return mixtureDensityTensor(this, x);
  }

  /** Holds no tensors. */
  dispose(): void {}

  private check(index: number, position: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(
        `Index ${index} (position ${position} of the batch) is outside data set '${this.name}' of ${this.size} samples.`,
      );
    }
    return index;
  }
}
