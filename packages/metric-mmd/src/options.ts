import { ConfigError } from '@gantry/core';
import type { PretrainedClassifierName } from '@gantry/metric-inception-score';
import { show } from '@gantry/metric-inception-score';

/** Options of the `mmd` metric provider. */
export interface MmdMetricOptions {
  /** `'pixels'` (default: flattened samples in the data set's range) or `'features'` (a classifier's penultimate layer). */
  readonly space?: 'pixels' | 'features';
  /** Shipped classifier for `space: 'features'`: `'mnist'` (default) or `'fashion-mnist'`. */
  readonly classifier?: PretrainedClassifierName;
  /** Generated and real samples per evaluation. Default 1000 (the cost grows as samples²). */
  readonly samples?: number;
  /** `'median'` (default), a bandwidth σ > 0, or several (their Gaussian kernels are summed). */
  readonly bandwidth?: 'median' | number | readonly number[];
  /** Evaluate every this many training steps (0: only on demand). Default 1000. */
  readonly every?: number;
  /** Seed of the evaluation's draws. Default 0. */
  readonly seed?: number;
}

/** Validates the `bandwidth` option. */
export function checkBandwidth(value: unknown): 'median' | number | number[] {
  if (value === undefined || value === 'median') return 'median';
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (ok(value)) return value;
  if (Array.isArray(value) && value.length > 0 && value.every(ok)) return [...value];
  throw new ConfigError(
    `Option 'bandwidth' of metric 'mmd' must be 'median', a finite number > 0 or a non-empty array of them, got ${show(value)}.`,
  );
}
