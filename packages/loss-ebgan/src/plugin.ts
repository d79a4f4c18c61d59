import { provide, type Plugin } from '@gantry/core';
import { EbganObjective } from './ebgan-objective.js';
import { PullingAwayRegularizer } from './pulling-away-regularizer.js';

/**
 * Provides the objective `ebgan` (`{ margin?: number > 0 }`, default 1) and the
 * generator-phase regularizer `pulling-away` (`{ weight?: number ≥ 0 }`, default 0.1)
 * of Zhao et al. 2017 (https://arxiv.org/abs/1609.03126). Both need an auto-encoder
 * discriminator returning `{ logits, reconstruction, features }`. Unknown keys throw
 * a `ConfigError`.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist', generator: 'dcgan', discriminator: myAutoEncoder,
 *     objective: { name: 'ebgan', options: { margin: 1 } },
 *     regularizers: [{ name: 'pulling-away', options: { weight: 0.1 } }] },
 *   { plugins: [mnistPlugin, dcganPlugin, ebganPlugin] },
 * );
 * ```
 */
export const ebganPlugin: Plugin = {
  name: '@gantry/loss-ebgan',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'objective',
      name: 'ebgan',
      description: 'EBGAN: auto-encoder energy D(x); D minimises E[D(x)] + E[max(0, m − D(G(z)))], G minimises E[D(G(z))] (Zhao et al. 2017).',
      create: (options) => new EbganObjective(options),
    });
    provide(container, {
      kind: 'regularizer',
      name: 'pulling-away',
      description: "EBGAN's pulling-away term on G: mean squared cosine similarity of the encoder embeddings of G(z) (weight 0.1).",
      create: (options) => new PullingAwayRegularizer(options),
    });
  },
};
