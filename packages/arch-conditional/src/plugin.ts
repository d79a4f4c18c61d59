import { provide, type Plugin } from '@gantry/core';
import { cganDcganDiscriminator } from './conv-discriminator.js';
import { cganDcganGenerator } from './conv-generator.js';
import { cganMlpDiscriminator } from './mlp-discriminator.js';
import { cganMlpGenerator } from './mlp-generator.js';

/**
 * Provides the class-conditional (cGAN, Mirza & Osindero 2014, https://arxiv.org/abs/1411.1784)
 * generators and discriminators `cgan-mlp` (any sample shape; fast on a CPU) and
 * `cgan-dcgan` (28 × 28 images). Both discriminators take `projection: true` for the
 * projection discriminator (Miyato & Koyama 2018, https://arxiv.org/abs/1802.05637).
 * The number of classes follows the data set, which must have labels.
 *
 * @example
 * ```ts
 * createGan({ data: 'mnist', generator: 'cgan-mlp', discriminator: 'cgan-mlp', objective: 'non-saturating' },
 *           { plugins: [mnistPlugin, conditionalArchPlugin, minimaxPlugin] });
 * ```
 */
export const conditionalArchPlugin: Plugin = {
  name: '@gantry/arch-conditional',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'generator',
      name: 'cgan-mlp',
      description: 'Conditional MLP generator G(z, y): [z ; E[y]] → 256 → 512 → sample, BN, LeakyReLU, tanh (cGAN)',
      create: (options, env) => cganMlpGenerator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'cgan-mlp',
      description: 'Conditional MLP discriminator D(x, y): [x ; E[y]] → 512 → 256 → logit; projection: true for ψ(φ) + ⟨E[y], φ⟩',
      create: (options, env) => cganMlpDiscriminator(options, env),
    });
    provide(container, {
      kind: 'generator',
      name: 'cgan-dcgan',
      description: 'Conditional DCGAN-like generator for 28×28 images: [z ; E[y]] → 7×7 → 14×14 → 28×28 (cGAN)',
      create: (options, env) => cganDcganGenerator(options, env),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'cgan-dcgan',
      description: 'Conditional DCGAN-like discriminator for 28×28 images: label planes on the input, or projection: true',
      create: (options, env) => cganDcganDiscriminator(options, env),
    });
  },
};
