import { provide, type Plugin } from '@gantry/core';
import { CycleConsistency } from './cycle-consistency.js';
import { IdentityMapping } from './identity-mapping.js';

/**
 * Provides the regularizers `cycle-consistency` (λ_cyc·(‖G_BA(G_AB(a)) − a‖₁ +
 * ‖G_AB(G_BA(b)) − b‖₁), λ = 10) and `identity-mapping` (λ_id·(‖G_AB(b) − b‖₁ +
 * ‖G_BA(a) − a‖₁), λ = 5) of CycleGAN (Zhu et al. 2017, https://arxiv.org/abs/1703.10593).
 * Options of both: `{ lambda?, generatorAB?, generatorBA?, phases? }`; unknown keys
 * throw a `ConfigError`. They need a game with two generators (the `cyclegan` and
 * `dualgan` games of `@gantry/arch-cyclegan` add them themselves).
 *
 * @example
 * ```ts
 * registerPlugins(container, [cycleConsistencyPlugin]);
 * const cycle = await buildComponent(container, 'regularizer', { name: 'cycle-consistency', options: { lambda: 10 } }, env);
 * ```
 */
export const cycleConsistencyPlugin: Plugin = {
  name: '@gantry/regularizer-cycle-consistency',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'regularizer',
      name: 'cycle-consistency',
      description: 'CycleGAN/DualGAN cycle loss: λ·(‖G_BA(G_AB(a)) − a‖₁ + ‖G_AB(G_BA(b)) − b‖₁), λ = 10 (Zhu et al. 2017).',
      create: (options) => new CycleConsistency(options),
    });
    provide(container, {
      kind: 'regularizer',
      name: 'identity-mapping',
      description: 'CycleGAN identity loss: λ·(‖G_AB(b) − b‖₁ + ‖G_BA(a) − a‖₁), λ = 5 = 0.5·λ_cyc (Zhu et al. 2017 §5.2).',
      create: (options) => new IdentityMapping(options),
    });
  },
};
