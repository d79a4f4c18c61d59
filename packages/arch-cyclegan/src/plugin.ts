import { provide, type Plugin } from '@gantry/core';
import { PatchDiscriminator } from './discriminator.js';
import { ResnetGenerator } from './generator.js';
import { buildCycleGame, CYCLEGAN_DEFAULTS, DUALGAN_DEFAULTS } from './presets.js';

/**
 * Provides, all named for CycleGAN (Zhu et al. 2017, https://arxiv.org/abs/1703.10593):
 *
 * - generator `cyclegan`: the ResNet translator {@link ResnetGenerator}
 *   (`{ width?, blocks?, dropout?, reflect?, sourceChannels?, name? }`);
 * - discriminator `cyclegan`: the PatchGAN {@link PatchDiscriminator} (`{ width?, layers?, slope?, name? }`);
 * - game `cyclegan`: G_AB, G_BA, D_A, D_B with a least-squares adversarial loss, λ_cyc = 10,
 *   λ_id = 5 ({@link buildCycleGame}, options {@link CycleGanGameOptions});
 * - game `dualgan`: the DualGAN preset (Yi et al. 2017, https://arxiv.org/abs/1704.02510):
 *   Wasserstein + weight clipping, n_critic = 2, λ = 100, dropout 0.5 in G. Train it with
 *   RMSProp (`--optimizer rmsprop --lr 5e-5`).
 *
 * The games build their objective (and constraints) by name from the registered
 * plugins: register `@gantry/loss-least-squares` for `cyclegan` and
 * `@gantry/loss-wasserstein` for `dualgan` (the CLI registers both). Unknown option
 * keys and bad values throw a `ConfigError`.
 *
 * @example
 * ```ts
 * const gan = await createGan(
 *   { data: 'mnist-inverted', game: { name: 'cyclegan', options: { lambda: 10 } }, training: { steps: 300, batchSize: 16 } },
 *   { plugins: [translationDataPlugin, cycleganPlugin, leastSquaresPlugin] },
 * );
 * await gan.fit();
 * ```
 */
export const cycleganPlugin: Plugin = {
  name: '@gantry/arch-cyclegan',
  core: '^0.1.0',
  register(container) {
    provide(container, {
      kind: 'generator',
      name: 'cyclegan',
      description: 'CycleGAN ResNet translator: c7s1-k, d2k, d4k, R4k×n, u2k, uk, c7s1 tanh, instance norm (k = 16, n = 3).',
      create: (options, env) => new ResnetGenerator(env.sampleShape ?? [], options, env.seed),
    });
    provide(container, {
      kind: 'discriminator',
      name: 'cyclegan',
      description: 'PatchGAN: a map of patch scores, 4×4 convs, instance norm, leaky ReLU (k = 16, 2 stride-2 layers).',
      create: (options, env) => new PatchDiscriminator(env.sampleShape ?? [], options, env.seed),
    });
    provide(container, {
      kind: 'game',
      name: 'cyclegan',
      description: 'CycleGAN: G_AB, G_BA, D_A, D_B; least squares + λ_cyc = 10 cycle + 0.5·λ_cyc identity (Zhu et al. 2017).',
      create: (options, env) => buildCycleGame(options, env, CYCLEGAN_DEFAULTS),
    });
    provide(container, {
      kind: 'game',
      name: 'dualgan',
      description: 'DualGAN: Wasserstein + clipping (c = 0.01), n_critic = 2, λ = 100 reconstruction, dropout G (Yi et al. 2017); use RMSProp.',
      create: (options, env) => buildCycleGame(options, env, DUALGAN_DEFAULTS),
    });
  },
};
