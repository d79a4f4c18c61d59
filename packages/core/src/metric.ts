import type * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from './data.js';
import type { Generator } from './network.js';
import type { SampleCondition } from './trainer.js';
import type { Stateful } from './state.js';

/** What a metric evaluation is given. */
export interface MetricInput {
  readonly generator: Generator;
  readonly dataset: Dataset;
  readonly step: number;
  /**
   * Draws `n` generated samples (inference mode), deterministically from `seed`.
   * A conditional generator gets `condition` when given, else the default of
   * {@link Trainer.condition} (classes in equal blocks; sources from the data).
   */
  generate(n: number, seed: number, condition?: SampleCondition): tf.Tensor;
  /** Draws `n` real samples, deterministically from `seed`. */
  real(n: number, seed: number): tf.Tensor;
}

/**
 * A measurement of a GAN: from samples (inception score, FID, MMD, mode coverage)
 * with `evaluate`, and/or from each step's logged values (BEGAN's M_global) with
 * `fromStep`. Values are reported under `${name}` keys in the metrics log.
 */
export interface Metric extends Partial<Stateful> {
  readonly id: string;
  /** Evaluate every this many steps during training (0: only on demand). */
  readonly every: number;
  evaluate?(input: MetricInput): Promise<Record<string, number>> | Record<string, number>;
  fromStep?(logs: Readonly<Record<string, number>>): Record<string, number>;
}
