import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, ShapeMismatchError } from '@gantry/core';

/**
 * Default margin m = 1 for energies that are per-element mean squared errors.
 * For data in [−1, 1] such an energy lies in [0, 4]; a fake sample the auto-encoder
 * cannot reconstruct typically costs 0.1–1, so m = 1 lets D push fake energies up
 * to a reachable level and then stop (the hinge is flat beyond m). The paper's
 * margins (see the README) are on its own energy scale.
 */
export const DEFAULT_MARGIN = 1;

/** Default weight of the pulling-away term, λ_PT = 0.1, the paper's (Zhao et al. 2017). */
export const DEFAULT_PT_WEIGHT = 0.1;

/**
 * The energy of EBGAN's auto-encoder discriminator (Zhao et al. 2017,
 * https://arxiv.org/abs/1609.03126), per sample, shape `[n]`:
 *
 * D(x) = ‖Dec(Enc(x)) − x‖² / d,
 *
 * the mean squared reconstruction error over the d elements of a sample (mean, not
 * sum, so margins do not depend on the image size). `reconstruction` must have
 * the shape of `x`.
 */
export function reconstructionEnergy(x: tf.Tensor, reconstruction: tf.Tensor): tf.Tensor1D {
  if (x.shape.length !== reconstruction.shape.length || x.shape.some((v, i) => v !== reconstruction.shape[i])) {
    throw new ShapeMismatchError(
      `EBGAN's energy compares a sample with its reconstruction, so they must have one shape; got samples ` +
        `[${x.shape.join(', ')}] and reconstruction [${reconstruction.shape.join(', ')}].`,
    );
  }
  return tf.tidy(() => tf.mean(tf.reshape(tf.squaredDifference(reconstruction, x), [x.shape[0], -1]), 1) as tf.Tensor1D);
}

/**
 * EBGAN's discriminator loss (Zhao et al. 2017, https://arxiv.org/abs/1609.03126 eq. 1)
 * from per-sample energies:
 *
 * L_D = 𝔼_x[D(x)] + 𝔼_z[max(0, m − D(G(z)))].
 *
 * D lowers the energy of real samples and raises that of fakes, but only up to the
 * margin m: fakes with energy ≥ m contribute nothing. Gradient 1/n_real w.r.t. each
 * real energy, −1/n_fake w.r.t. each fake energy below m, 0 above.
 */
export function ebganDiscriminatorLoss(realEnergy: tf.Tensor, fakeEnergy: tf.Tensor, margin = DEFAULT_MARGIN): tf.Scalar {
  const m = checkNumber('ebganDiscriminatorLoss', 'margin', margin, { above: 0 });
  return tf.tidy(() => tf.add(tf.mean(realEnergy), tf.mean(tf.relu(tf.sub(m, fakeEnergy)))));
}

/**
 * EBGAN's generator loss (Zhao et al. 2017, https://arxiv.org/abs/1609.03126 eq. 2):
 * L_G = 𝔼_z[D(G(z))], the energy of generated samples. Gradient 1/n.
 */
export function ebganGeneratorLoss(fakeEnergy: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(fakeEnergy));
}

/**
 * The pulling-away term (Zhao et al. 2017, https://arxiv.org/abs/1609.03126, the repelling regularizer)
 * on a batch of N embeddings S (shape `[N, ...]`, flattened per sample):
 *
 * f_PT(S) = 1/(N(N − 1)) · Σ_i Σ_{j≠i} (S_iᵀS_j / (‖S_i‖·‖S_j‖))²,
 *
 * the mean squared cosine similarity of distinct pairs. Minimised by G, it pushes
 * its samples' embeddings towards orthogonality — a repeller against mode collapse.
 * Norms are floored at 1e-12 so an all-zero embedding gives 0, not NaN. A batch of
 * one sample has no pairs: the term is 0.
 */
export function pullingAwayTerm(embeddings: tf.Tensor): tf.Scalar {
  const n = embeddings.shape[0];
  if (n < 2) return tf.scalar(0);
  return tf.tidy(() => {
    const s = tf.reshape(embeddings, [n, -1]) as tf.Tensor2D;
    const norms = tf.maximum(tf.norm(s, 'euclidean', 1, true), 1e-12);
    const unit = tf.div(s, norms) as tf.Tensor2D;
    const cosine = tf.matMul(unit, unit, false, true);
    const offDiagonal = tf.sub(1, tf.eye(n));
    return tf.div(tf.sum(tf.mul(tf.square(cosine), offDiagonal)), n * (n - 1));
  });
}
