import { ConfigError, type Plugin, provide, show } from '@gantry/core';
import { isDivergence, type Divergence } from './divergence.js';
import { FGanObjective } from './fgan-objective.js';
import { provideDivergence, registeredDivergences } from './registry.js';

/** Options of {@link fganPlugin} (given as `[fganPlugin, { divergences: [...] }]`). */
export interface FGanPluginOptions {
  /** User divergences (from `defineDivergence`) that configs may then name. */
  readonly divergences?: readonly Divergence[];
}

/**
 * Provides the objective `f-gan` (Nowozin et al. 2016, https://arxiv.org/abs/1606.00709).
 * Objective options: `divergence` (name, default `'gan'`), `generatorLoss`
 * (`'alternative'` default, or `'saddle'`). Plugin options: `divergences`, user
 * divergences to register (any plugin can also call `provideDivergence`).
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'ring', generator: 'mlp', discriminator: 'mlp',
 *     objective: { name: 'f-gan', options: { divergence: 'reverse-kl' } } },
 *   { plugins: [toyDataPlugin, mlpPlugin, fganPlugin] },
 * );
 * ```
 */
export const fganPlugin: Plugin<FGanPluginOptions> = {
  name: '@gantry/loss-fgan',
  core: '^0.1.0',
  register(container, options) {
    const divergences = options?.divergences ?? [];
    if (!Array.isArray(divergences) || !divergences.every(isDivergence)) {
      throw new ConfigError(
        `Option 'divergences' of plugin '@gantry/loss-fgan' must be an array of divergences made by defineDivergence, got ${show(divergences)}.`,
      );
    }
    for (const d of divergences) provideDivergence(container, d);
    provide(container, {
      kind: 'objective',
      name: 'f-gan',
      description: 'f-GAN: variational f-divergence minimisation, divergence by name (Nowozin et al. 2016).',
      create: (opts, env) => new FGanObjective(opts, registeredDivergences(env.container)),
    });
  },
};
