import { provide, type Plugin } from '@gantry/core';
import { infoganConvDiscriminator, infoganMlpDiscriminator } from './discriminator.js';
import { infoganConvGenerator, infoganMlpGenerator } from './generator.js';
import { CategoricalPurityMetric } from './purity-metric.js';

/**
 * Provides InfoGAN's networks (Chen et al. 2016, https://arxiv.org/abs/1606.03657) —
 * generator and discriminator `infogan-mlp` (fast on a CPU) and `infogan-conv` (the paper's
 * MNIST network) — and the metric `categorical-purity`. Use them with the
 * `mutual-information` regularizer of `@gantry/regularizer-mutual-information`.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'infogan-mlp', discriminator: 'infogan-mlp', objective: 'non-saturating',
 *     regularizers: ['mutual-information'], metrics: [{ name: 'categorical-purity', options: { every: 500 } }] },
 *   { plugins: [mnistPlugin, infoganArchPlugin, minimaxPlugin, mutualInformationPlugin] },
 * );
 * ```
 */
export const infoganArchPlugin: Plugin = {
  name: '@gantry/arch-infogan',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'generator',
      name: 'infogan-mlp',
      description: 'InfoGAN MLP generator on z = [62 noise, 10-way code, 2 continuous codes] (hidden [256, 512], BN, tanh)',
      create: (options, env) => infoganMlpGenerator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'infogan-mlp',
      description: "InfoGAN MLP discriminator + Q head on the shared trunk (hidden [512, 256], Q 128; heads qCategorical, qContinuousMean, qContinuousLogStd)",
      create: (options, env) => infoganMlpDiscriminator(options, env),
    });
    provide(container, {
      kind: 'generator',
      name: 'infogan-conv',
      description: "InfoGAN's MNIST generator (FC 1024 → FC 7·7·128 → upconv 64 → upconv 1, BN, tanh); 28 px",
      create: (options, env) => infoganConvGenerator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'infogan-conv',
      description: "InfoGAN's MNIST discriminator (conv 64 → conv 128 → FC 1024) + Q head (FC 128, BN); 28 px",
      create: (options, env) => infoganConvDiscriminator(options, env),
    });
    provide(container, {
      kind: 'metric',
      name: 'categorical-purity',
      description: 'Purity of an InfoGAN categorical code against a shipped classifier: Σ_c max_y n(c, y) / N (chance ≈ 0.1 on MNIST)',
      create: (options) => new CategoricalPurityMetric(options),
    });
  },
};
