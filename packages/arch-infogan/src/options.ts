import { ConfigError, numberArrayOption, optionError, show, type OptionRecord } from '@gantry/core';

/** What the InfoGAN factories (Chen et al. 2016, https://arxiv.org/abs/1606.03657) take from the build environment: seed s and sample shape (all optional for code users). */
export interface InfoganEnvironment {
  /** Seed of the weight initialisation; default 0. */
  readonly seed?: number;
  /** Shape of one data sample, e.g. `[28, 28, 1]` for MNIST. */
  readonly sampleShape?: readonly number[];
}

/** The sample shape when neither the data nor the options give one: MNIST's 28×28×1 (InfoGAN's first experiment, https://arxiv.org/abs/1606.03657, §7). */
export const DEFAULT_SAMPLE_SHAPE: readonly number[] = Object.freeze([28, 28, 1]);

/** The seed of the build environment, checked. */
export function resolveSeed(component: string, env: InfoganEnvironment): number {
  const seed = env.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ConfigError(`${component}: seed ${show(seed)} is not a finite number.`);
  return seed;
}

/**
 * The sample shape: the data's `sampleShape`, else option `sampleShape`, else 28×28×1.
 * When both the data and the option give one they must agree.
 */
export function resolveSampleShape(component: string, o: OptionRecord, env: InfoganEnvironment): readonly number[] {
  const given = o.sampleShape === undefined ? undefined : numberArrayOption(component, o, 'sampleShape', [], { integer: true, min: 1, minLength: 1 });
  const data = env.sampleShape;
  if (data && given && (data.length !== given.length || data.some((d, i) => d !== given[i]))) {
    throw new ConfigError(
      `${component}: option 'sampleShape' is [${given.join(', ')}], but the data's samples have shape [${data.join(', ')}]. Remove 'sampleShape' to follow the data.`,
    );
  }
  return data ?? given ?? DEFAULT_SAMPLE_SHAPE;
}

/** The conv variant's shape: 28×28 with 1 or 3 channels (the paper's MNIST architecture). */
export function convShape(component: string, shape: readonly number[]): { channels: number } {
  if (shape.length !== 3 || shape[0] !== 28 || shape[1] !== 28 || (shape[2] !== 1 && shape[2] !== 3)) {
    throw optionError(component, 'sampleShape', "[28, 28, 1] or [28, 28, 3] (the conv variant is the paper's 28-pixel MNIST network; use 'infogan-mlp' for other shapes)", shape);
  }
  return { channels: shape[2] };
}
