import * as tf from '@tensorflow/tfjs-core';
import {
  checkEnum,
  checkKeys,
  ConfigError,
  enumOption,
  numberOption,
  optionError,
  ShapeMismatchError,
  type AdversarialContext,
  type Regularizer,
} from '@gantry/core';
import { categoricalAccuracy, mutualInformationTerms } from './functional.js';
import { Q_HEADS } from './heads.js';
import type { ContinuousStd, MutualInformationOptions } from './options.js';
import { codeEntropy, isInfoGanPrior, type InfoGanLayout } from './prior.js';

/** The phases λ·L_I may be added to: D's (which trains Q) and G's (Chen et al. 2016, https://arxiv.org/abs/1606.03657, eq. 6: min over G and Q). */
export const MI_PHASES = ['discriminator', 'generator'] as const;

/**
 * Keys of the values the InfoGAN regularizer (Chen et al. 2016, https://arxiv.org/abs/1606.03657) logs in each phase it runs in (besides the
 * unweighted L_I the game logs as `<phase>/MutualInformation`):
 *
 * - `<phase>/mi_categorical`: Σᵢ CEᵢ, the categorical part of L_I (nats);
 * - `<phase>/mi_continuous`: the Gaussian NLL of the continuous codes (nats);
 * - `<phase>/mi_accuracy`: how often argmax Q recovers the categorical code (chance 1/K);
 * - `<phase>/mi_bound`: H(c) − L_I, the variational lower bound on I(c; G(z, c)) in nats
 *   (at most H(c) = Σ log Kᵢ + m·log 2).
 */
export function miLogKeys(phase: string): { categorical: string; continuous: string; accuracy: string; bound: string } {
  return {
    categorical: `${phase}/mi_categorical`,
    continuous: `${phase}/mi_continuous`,
    accuracy: `${phase}/mi_accuracy`,
    bound: `${phase}/mi_bound`,
  };
}

/**
 * InfoGAN's variational mutual-information term (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657, §5, eq. 5–6) as a regularizer:
 *
 *   L_I(G, Q) = 𝔼_{z, c}[−log Q(c | G(z, c))]
 *             = Σᵢ CE(cᵢ, softmax Q_cat,ᵢ(G(z)))  +  λ_cont · Σⱼ NLL(cⱼ; N(μⱼ, σⱼ²)),
 *
 * minimised with weight λ by D (which holds Q) and by G:
 * min_{G,Q} max_D V(D, G) − λ·L_I(G, Q) in the paper's sign convention, where
 * I(c; G(z, c)) ≥ H(c) − L_I (Lemma 5.1). Categorical codes use a softmax Q; continuous
 * codes a factored Gaussian with σ = 1 by default (the authors' MNIST code) or a learned σ.
 *
 * It reads the codes from `ctx.z` (laid out by the generator's InfoGAN prior, see
 * `infoGanPrior`) and Q's outputs from `ctx.dFake.heads` (names in {@link Q_HEADS}): D's
 * forward pass on G(z) is shared with the objective's, as in the paper, where Q adds one
 * dense layer to D. **Nothing is detached.** In the discriminator phase the gradient of
 * L_I reaches Q's head and D's shared trunk; in the generator phase it reaches G through
 * G(z) — the term that makes the codes meaningful. (torchgan's `MutualInformationPenalty`
 * is computed on detached samples, so G never receives it.)
 *
 * Defaults: λ = 1, λ_cont = 1, σ fixed, phases `['discriminator', 'generator']` — the
 * authors' MNIST run (`info_reg_coeff=1.0`, `fix_std=True`).
 */
export class MutualInformation implements Regularizer {
  static readonly id = '@gantry/regularizer-mutual-information>MutualInformation';
  readonly id = MutualInformation.id;
  readonly phases: readonly string[];
  /** λ. */
  readonly weight: number;
  /** λ_cont / λ, the relative weight of the continuous codes. */
  readonly continuousWeight: number;
  readonly continuousStd: ContinuousStd;

  /**
   * @param options `lambda` ≥ 0 (default 1), `continuousWeight` ≥ 0 (default 1),
   *   `continuousStd` (`'fixed'` default, or `'learned'`), `phases` (default both).
   */
  constructor(options: MutualInformationOptions = {}) {
    const component = "regularizer 'mutual-information'";
    const o = checkKeys(component, options, ['lambda', 'continuousWeight', 'continuousStd', 'phases']);
    this.weight = numberOption(component, o, 'lambda', 1, { min: 0 });
    this.continuousWeight = numberOption(component, o, 'continuousWeight', 1, { min: 0 });
    this.continuousStd = enumOption<ContinuousStd>(component, o, 'continuousStd', ['fixed', 'learned'], 'fixed');
    const phases = o.phases ?? MI_PHASES;
    if (!Array.isArray(phases) || phases.length === 0 || new Set(phases).size !== phases.length) {
      throw optionError(component, 'phases', "a non-empty list of distinct phases out of 'discriminator', 'generator'", phases);
    }
    this.phases = Object.freeze(phases.map((p) => checkEnum(component, 'phases', p, MI_PHASES)));
  }

  /** The unweighted L_I on this phase's G(z) (see the class description). */
  penalty(ctx: AdversarialContext): tf.Scalar {
    const layout = layoutOf(ctx);
    return tf.tidy(() => {
      const z = ctx.z;
      const heads = ctx.dFake.heads ?? {};
      const q = { categorical: heads[Q_HEADS.categorical], mean: heads[Q_HEADS.mean], logStd: heads[Q_HEADS.logStd] };
      let terms;
      try {
        terms = mutualInformationTerms(layout, z, q, this.continuousStd === 'learned');
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        const name = ctx.discriminator?.name ?? 'discriminator';
        throw new ShapeMismatchError(
          `${error.message} Regularizer 'mutual-information' reads Q from discriminator '${name}''s heads ` +
            `(${Object.values(Q_HEADS).join(', ')}; it returned: ${Object.keys(heads).join(', ') || 'none'}): ` +
            `use an InfoGAN discriminator (e.g. 'infogan-mlp') built with the same codes as the generator.`,
        );
      }
      const total = tf.add(terms.categorical, tf.mul(terms.continuous, this.continuousWeight)) as tf.Scalar;
      const keys = miLogKeys(ctx.phase);
      const h = codeEntropy(layout);
      // Test contexts may carry no logger; the trainer's always has one.
      if (typeof ctx.log === 'function') {
        ctx.log(keys.categorical, terms.categorical);
        ctx.log(keys.continuous, terms.continuous);
        ctx.log(keys.bound, tf.sub(h.categorical + h.continuous, tf.add(terms.categorical, terms.continuous)) as tf.Scalar);
        if (q.categorical) ctx.log(keys.accuracy, categoricalAccuracy(layout, z, q.categorical));
      }
      return total;
    });
  }
}

function layoutOf(ctx: AdversarialContext): InfoGanLayout {
  const prior = ctx.generator?.prior;
  if (!isInfoGanPrior(prior)) {
    throw new ConfigError(
      `Regularizer 'mutual-information' needs a generator whose latent prior is an InfoGAN prior ` +
        `(noise + categorical + continuous codes), but generator '${ctx.generator?.name ?? '?'}' has a plain prior of shape ` +
        `[${prior?.shape.join(', ') ?? '?'}]. Use an InfoGAN generator (e.g. 'infogan-mlp'), or build yours with infoGanPrior().`,
    );
  }
  return prior.layout;
}
