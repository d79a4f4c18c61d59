import type { PretrainedClassifierName } from '@gantry/metric-inception-score';

/** Options of the `fid` metric provider. */
export interface FidOptions {
  /** Shipped classifier whose penultimate features are compared: `'mnist'` (default) or `'fashion-mnist'`. */
  readonly classifier?: PretrainedClassifierName;
  /** Generated and real samples per evaluation. Default 5000 (≫ the 128 feature dimensions; FID is biased at small n). */
  readonly samples?: number;
  /** Evaluate every this many training steps (0: only on demand). Default 1000. */
  readonly every?: number;
  /** Seed of the evaluation's draws. Default 0. */
  readonly seed?: number;
}

/** Options of the `kid` metric provider. */
export interface KidMetricOptions {
  /** Shipped classifier, as for FID. Default `'mnist'`. */
  readonly classifier?: PretrainedClassifierName;
  /** Generated and real samples per evaluation. Default 2000. */
  readonly samples?: number;
  /** Random subsets averaged over. Default 10. */
  readonly subsets?: number;
  /** Samples per side in a subset. Default 1000. */
  readonly subsetSize?: number;
  /** Evaluate every this many training steps (0: only on demand). Default 1000. */
  readonly every?: number;
  /** Seed of the evaluation's draws and subsets. Default 0. */
  readonly seed?: number;
}
