import * as tf from '@tensorflow/tfjs-core';
import type { PhaseContext, Regularizer } from '@gantry/core';
import { meanAbsoluteError } from './functional.js';
import { readTranslationLossOptions, type TranslationLossOptions } from './options.js';
import { translations, type TranslatorNames } from './translations.js';

/** CycleGAN's cycle weight λ = 10 (Zhu et al. 2017, §4 / §7.1). */
export const DEFAULT_CYCLE_LAMBDA = 10;

/** Log keys of {@link CycleConsistency}: each direction's round-trip error and their mean. */
export const CYCLE_LOG_KEYS = {
  /** mae(G_BA(G_AB(a)), a). */
  a: 'cycle/a',
  /** mae(G_AB(G_BA(b)), b). */
  b: 'cycle/b',
  /** (cycle/a + cycle/b) / 2: the mean absolute round-trip error per pixel. */
  error: 'cycle/error',
} as const;

/**
 * The cycle-consistency loss of CycleGAN (Zhu et al. 2017,
 * https://arxiv.org/abs/1703.10593, eq. 2) as a regularizer on the generators' phase:
 *
 *   λ_cyc · ( ‖G_BA(G_AB(a)) − a‖₁ + ‖G_AB(G_BA(b)) − b‖₁ ),
 *
 * with a = `batch.source` (domain A), b = `batch.x` (domain B), ‖·‖₁ the per-element
 * mean ({@link meanAbsoluteError}) and λ_cyc = 10 by default. Its gradient reaches
 * both generators through each round trip. The generators are found by name in
 * `ctx.models` (options `generatorAB`, `generatorBA`), so the term works in any game
 * that has two translators.
 *
 * DualGAN's reconstruction loss (Yi et al. 2017, https://arxiv.org/abs/1704.02510,
 * eq. 3, λ_U‖u − G_B(G_A(u))‖ + λ_V‖v − G_A(G_B(v))‖) is the same term with
 * λ_U = λ_V = λ; the paper sets λ in [100, 1000].
 *
 * Every evaluation logs {@link CYCLE_LOG_KEYS}: `cycle/a`, `cycle/b` and their mean
 * `cycle/error`, the round-trip error to watch fall.
 */
export class CycleConsistency implements Regularizer {
  static readonly id = '@gantry/regularizer-cycle-consistency>CycleConsistency';
  readonly id = CycleConsistency.id;
  /** λ_cyc. */
  readonly weight: number;
  readonly phases: readonly string[];
  readonly names: TranslatorNames;

  /** @param options `lambda` ≥ 0 (default 10), `generatorAB`, `generatorBA`, `phases` (default `['generators']`). */
  constructor(options: TranslationLossOptions = {}) {
    const o = readTranslationLossOptions("regularizer 'cycle-consistency'", options, DEFAULT_CYCLE_LAMBDA);
    this.weight = o.weight;
    this.phases = o.phases;
    this.names = o.names;
  }

  /** ‖G_BA(G_AB(a)) − a‖₁ + ‖G_AB(G_BA(b)) − b‖₁ (unweighted); logs cycle/a, cycle/b, cycle/error. */
  penalty(ctx: PhaseContext): tf.Scalar {
    const t = translations(ctx, this.names);
    const errorA = meanAbsoluteError(t.cycledA, t.a);
    const errorB = meanAbsoluteError(t.cycledB, t.b);
    ctx.log(CYCLE_LOG_KEYS.a, errorA);
    ctx.log(CYCLE_LOG_KEYS.b, errorB);
    ctx.log(CYCLE_LOG_KEYS.error, tf.mul(tf.add(errorA, errorB), 0.5));
    return tf.add(errorA, errorB);
  }
}
