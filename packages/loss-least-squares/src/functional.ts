import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, ConfigError, show } from '@gantry/core';

/**
 * The a–b–c coding of LSGAN (Mao et al. 2017, https://arxiv.org/abs/1611.04076 eq. 2):
 * D regresses fake samples to `a` and real samples to `b`; G wants D to output `c`
 * on its samples.
 */
export interface LeastSquaresCoding {
  /** D's target for fake samples. */
  readonly a: number;
  /** D's target for real samples (must differ from `a`). */
  readonly b: number;
  /** The value G wants D to believe for fake samples. */
  readonly c: number;
}

/**
 * (a, b, c) = (0, 1, 1): the 0–1 coding the paper uses in its experiments
 * (Mao et al. 2017, https://arxiv.org/abs/1611.04076), "making G generate
 * samples as real as possible". The paper's other choice, (−1, 1, 0), satisfies
 * b − c = 1 and b − a = 2, under which minimising L_G minimises the Pearson χ²
 * divergence between p_data + p_g and 2·p_g (as the paper shows); both perform alike.
 */
export const DEFAULT_CODING: LeastSquaresCoding = { a: 0, b: 1, c: 1 };

/**
 * LSGAN's discriminator loss (Mao et al. 2017, https://arxiv.org/abs/1611.04076 eq. 2)
 * on D's raw outputs (the `logits`: a linear last layer, no sigmoid):
 *
 * L_D = ½·𝔼_x[(D(x) − b)²] + ½·𝔼_z[(D(G(z)) − a)²].
 *
 * For a fixed G the optimum is D*(x) = (b·p_data(x) + a·p_g(x)) / (p_data(x) + p_g(x)).
 * Gradient: (D(x_i) − b)/n_real and (D(G(z_i)) − a)/n_fake. Each expectation is a
 * mean over every element of its own batch (score maps work).
 */
export function leastSquaresDiscriminatorLoss(
  realScores: tf.Tensor,
  fakeScores: tf.Tensor,
  coding: Pick<LeastSquaresCoding, 'a' | 'b'> = DEFAULT_CODING,
): tf.Scalar {
  const { a, b } = checkCoding({ a: coding.a ?? DEFAULT_CODING.a, b: coding.b ?? DEFAULT_CODING.b, c: DEFAULT_CODING.c });
  return tf.tidy(() =>
    tf.mul(tf.add(tf.mean(tf.square(tf.sub(realScores, b))), tf.mean(tf.square(tf.sub(fakeScores, a)))), 0.5),
  );
}

/**
 * LSGAN's generator loss (Mao et al. 2017, https://arxiv.org/abs/1611.04076 eq. 2):
 *
 * L_G = ½·𝔼_z[(D(G(z)) − c)²].
 *
 * Gradient (D(G(z_i)) − c)/n: it grows with the distance to the target, so samples
 * on the right side of the decision boundary but far from the data are still pulled
 * in (the paper's argument against the saturating sigmoid loss).
 */
export function leastSquaresGeneratorLoss(fakeScores: tf.Tensor, c: number = DEFAULT_CODING.c): tf.Scalar {
  const target = checkNumber('leastSquaresGeneratorLoss', 'c', c);
  return tf.tidy(() => tf.mul(tf.mean(tf.square(tf.sub(fakeScores, target))), 0.5));
}

/**
 * Throws a {@link ConfigError} unless a, b, c are finite and a ≠ b.
 *
 * @param component how error messages name the caller, e.g. `"objective 'least-squares'"`.
 */
export function checkCoding(coding: LeastSquaresCoding, component = 'checkCoding'): LeastSquaresCoding {
  const a = checkNumber(component, 'a', coding.a);
  const b = checkNumber(component, 'b', coding.b);
  const c = checkNumber(component, 'c', coding.c);
  if (a === b) {
    throw new ConfigError(
      `Options 'a' (fake target) and 'b' (real target) of ${component} must differ, got a = b = ${show(a)}: D could not tell real from fake.`,
    );
  }
  return { a, b, c };
}
