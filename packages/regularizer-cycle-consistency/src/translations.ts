import type * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type Batch, type Generator, type PhaseContext } from '@gantry/core';

/** Names (keys of `ctx.models`, i.e. of the game's networks) of the two translators. */
export interface TranslatorNames {
  /** G_AB: domain A (the batch's `source`) → domain B (the batch's `x`). Default `'generatorAB'`. */
  readonly generatorAB: string;
  /** G_BA: domain B → domain A. Default `'generatorBA'`. */
  readonly generatorBA: string;
}

/** The default network names, those of `@gantry/arch-cyclegan`'s games. */
export const DEFAULT_TRANSLATORS: TranslatorNames = { generatorAB: 'generatorAB', generatorBA: 'generatorBA' };

/**
 * Every translation of one unpaired batch that CycleGAN's losses use, computed
 * lazily. With a = `batch.source` (domain A) and b = `batch.x` (domain B):
 *
 *   fakeB = G_AB(a),  fakeA = G_BA(b),
 *   cycledA = G_BA(G_AB(a)),  cycledB = G_AB(G_BA(b)),
 *   sameB = G_AB(b),  sameA = G_BA(a).
 */
export interface Translations {
  readonly a: tf.Tensor;
  readonly b: tf.Tensor;
  readonly fakeB: tf.Tensor;
  readonly fakeA: tf.Tensor;
  readonly cycledA: tf.Tensor;
  readonly cycledB: tf.Tensor;
  readonly sameB: tf.Tensor;
  readonly sameA: tf.Tensor;
}

// Per batch object: expression → tensor. The trainer hands one batch object to a
// phase repetition, so everything computed for it (under that phase's tape) is shared,
// and the entries go away with the batch.
const memo = new WeakMap<Batch, Map<string, tf.Tensor>>();

/**
 * The {@link Translations} of `ctx.batch` by the generators named in `names`
 * (found in `ctx.models`). Each translation is computed once per batch and shared
 * by every caller — the game's adversarial terms, the cycle and the identity losses:
 * one forward pass per translation, and with dropout in G (DualGAN) the image D
 * scores is the very one that is reconstructed. Generators run in training mode
 * with the batch's own source replaced by the image translated; their latent codes
 * come from `ctx.seed('z:<expression>')`, so reruns draw the same numbers.
 *
 * @throws ConfigError if a name is not a generator of the game or the batch has no `source`.
 */
export function translations(ctx: PhaseContext, names: TranslatorNames = DEFAULT_TRANSLATORS): Translations {
  const batch = ctx.batch;
  const a = batch.source;
  if (!a) {
    throw new ConfigError(
      'The cycle-consistency and identity losses need unpaired batches with `source` (domain A) and `x` (domain B), ' +
        'but this data set gives no source. Use an image-to-image data set (e.g. mnist-inverted).',
    );
  }
  const b = batch.x;
  const gAB = generator(ctx, names.generatorAB);
  const gBA = generator(ctx, names.generatorBA);
  let table = memo.get(batch);
  if (!table) memo.set(batch, (table = new Map()));
  const cache = table;
  const run = (g: Generator, input: tf.Tensor, expression: string): tf.Tensor => {
    const hit = cache.get(expression);
    // A test (or a caller outside the trainer) may reuse one batch object across tidies.
    if (hit && !hit.isDisposed) return hit;
    const z = g.prior.sample(input.shape[0], ctx.seed(`z:${expression}`));
    const out = g.apply({ z, source: input }, { training: true });
    cache.set(expression, out);
    return out;
  };
  const AB = names.generatorAB;
  const BA = names.generatorBA;
  const view: Translations = {
    a,
    b,
    get fakeB() {
      return run(gAB, a, `${AB}(a)`);
    },
    get fakeA() {
      return run(gBA, b, `${BA}(b)`);
    },
    get cycledA() {
      return run(gBA, view.fakeB, `${BA}(${AB}(a))`);
    },
    get cycledB() {
      return run(gAB, view.fakeA, `${AB}(${BA}(b))`);
    },
    get sameB() {
      return run(gAB, b, `${AB}(b)`);
    },
    get sameA() {
      return run(gBA, a, `${BA}(a)`);
    },
  };
  return view;
}

function generator(ctx: PhaseContext, name: string): Generator {
  const net = ctx.models[name] as Generator | undefined;
  if (!net || net.role !== 'generator') {
    throw new ConfigError(
      `The cycle-consistency loss looks for generator '${name}', but the game's ${net ? `'${name}' is not a generator` : 'networks are'} ` +
        `[${Object.keys(ctx.models).join(', ')}]. Set the options generatorAB / generatorBA to the game's generator names.`,
    );
  }
  return net;
}
