import type * as tf from '@tensorflow/tfjs-core';
import {
  ConfigError,
  type AdversarialContext,
  type Batch,
  type Discriminator,
  type DiscriminatorOutput,
  type Generator,
  type PhaseContext,
} from '@gantry/core';

/** One of the two translation directions of a CycleGAN-style game. */
export type Direction = 'AB' | 'BA';

/** What one direction of the game is made of. */
export interface DirectionParts {
  readonly direction: Direction;
  /** G_AB for 'AB', G_BA for 'BA'. */
  readonly generator: Generator;
  /** D_B for 'AB' (it judges domain B), D_A for 'BA'. */
  readonly discriminator: Discriminator | undefined;
  /** The translated batch: G_AB(a) for 'AB', G_BA(b) for 'BA' (shared with the cycle loss). */
  readonly fake: () => tf.Tensor;
}

/**
 * The {@link AdversarialContext} of one direction of an unpaired two-domain game,
 * so that any objective or regularizer written for the one-pair game computes on it
 * unchanged. With a = `batch.source` and b = `batch.x`:
 *
 * | | `real` | `fake` | `discriminator` | `batch` |
 * | --- | --- | --- | --- | --- |
 * | 'AB' | b | G_AB(a) | D_B | the batch as drawn |
 * | 'BA' | a | G_BA(b) | D_A | `{ x: a, source: b }` |
 *
 * D is called without the source (the domains are unpaired, so a real image has no
 * source to be judged with); G's `generate(z)` translates the direction's source.
 * `seed(purpose)` is the phase's `seed('<direction>/<purpose>')`, so the two
 * directions draw different numbers (e.g. a gradient penalty's ε). Values are
 * memoised as in core's `adversarialContext`.
 */
export function directionContext(base: PhaseContext, parts: DirectionParts): AdversarialContext {
  const { direction, generator, discriminator } = parts;
  let view: Batch | undefined;
  const batch = (): Batch => {
    if (direction === 'AB') return base.batch;
    const drawn = base.batch;
    return (view ??= { x: drawn.source ?? missingSource(), source: drawn.x });
  };
  const memo = new Map<string, unknown>();
  const once = <T>(key: string, compute: () => T): T => {
    if (!memo.has(key)) memo.set(key, compute());
    return memo.get(key) as T;
  };
  const needD = (): Discriminator => {
    if (!discriminator) throw new Error(`Phase '${base.phase}' asked for a discriminator output, but this game has no discriminators.`);
    return discriminator;
  };
  const ctx: AdversarialContext = {
    get step() {
      return base.step;
    },
    get phase() {
      return base.phase;
    },
    get repeat() {
      return base.repeat;
    },
    get batch() {
      return batch();
    },
    get models() {
      return base.models;
    },
    seed: (purpose) => base.seed(`${direction}/${purpose}`),
    log: (name, value) => base.log(name, value),
    generator,
    discriminator,
    get real() {
      return batch().x;
    },
    get z() {
      return once('z', () => generator.prior.sample(batch().x.shape[0], ctx.seed('z')));
    },
    get fake() {
      return once('fake', parts.fake);
    },
    get dReal() {
      return once('dReal', () => ctx.discriminate(ctx.real));
    },
    get dFake() {
      return once('dFake', () => ctx.discriminate(ctx.fake));
    },
    discriminate: (x): DiscriminatorOutput => needD().apply({ x }, { training: true }),
    generate: (z) => generator.apply({ z, source: batch().source ?? missingSource() }, { training: true }),
  };
  return ctx;
}

function missingSource(): never {
  throw new ConfigError('This game translates between two domains: its batches need `source` (domain A) besides `x` (domain B).');
}
