import { intOption, type OptionRecord } from '@gantry/core';

/** Options every toy data set takes. */
export interface ToyCommonOptions {
  /** Number of samples, a whole number in 1 … 2³¹. Default 100 000. */
  readonly size?: number;
  /**
   * Seed of the samples, a whole number in 0 … 2³²−1. Default 0, also when built
   * by the provider: the run's seed is deliberately not used, so runs with
   * different training seeds see the same data set.
   */
  readonly seed?: number;
}

/** Default number of samples. */
export const DEFAULT_SIZE = 100_000;

/** How error messages name data set `name`, e.g. `data set 'ring'`. */
export function component(name: string): string {
  return `data set '${name}'`;
}

/** `size` and `seed`, validated. */
export function commonOptions(o: OptionRecord, name: string): { size: number; seed: number } {
  return {
    size: intOption(component(name), o, 'size', DEFAULT_SIZE, { min: 1, max: 2 ** 31 }),
    seed: intOption(component(name), o, 'seed', 0, { min: 0, max: 0xffffffff }),
  };
}
