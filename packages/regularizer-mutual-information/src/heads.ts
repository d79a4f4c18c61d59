/**
 * Names of the Q network's outputs in `DiscriminatorOutput.heads`. An InfoGAN
 * discriminator shares its trunk with Q (Chen et al. 2016, https://arxiv.org/abs/1606.03657,
 * §6: "Q and D share all convolutional layers"), so one forward pass on G(z) gives both
 * D's logits and Q's outputs, and the mutual-information regularizer reads Q from
 * `ctx.dFake.heads`:
 *
 * - `qCategorical`: `[N, ΣKᵢ]` logits of every categorical code, concatenated in the
 *   latent layout's order (code 1's K₁ logits first);
 * - `qContinuousMean`: `[N, m]` the mean μ of each continuous code;
 * - `qContinuousLogStd`: `[N, m]` log σ of each continuous code (read only with
 *   `continuousStd: 'learned'`).
 *
 * Any discriminator that returns these heads works with the regularizer.
 */
export const Q_HEADS = Object.freeze({
  categorical: 'qCategorical',
  mean: 'qContinuousMean',
  logStd: 'qContinuousLogStd',
} as const);
