/**
 * `@gantry/arch-cyclegan` — CycleGAN (Zhu et al. 2017) and DualGAN (Yi et al. 2017)
 * for Gantry: a ResNet-block translator with instance norm, a PatchGAN discriminator
 * and the four-network, two-phase games.
 *
 * @packageDocumentation
 */
export { INSTANCE_NORM_EPSILON, instanceNorm, paddedConv, reflectionPad } from './functional.js';
export { INIT_STD, Parameters } from './params.js';
export { checkImageShape } from './shape.js';
export { CYCLEGAN_PRIOR, RESNET_GENERATOR_DEFAULTS, ResnetGenerator } from './generator.js';
export type { ResnetGeneratorOptions } from './generator.js';
export { PATCH_DISCRIMINATOR_DEFAULTS, PatchDiscriminator } from './discriminator.js';
export type { PatchDiscriminatorOptions } from './discriminator.js';
export { directionContext } from './direction.js';
export type { Direction, DirectionParts } from './direction.js';
export { CYCLE_NETWORKS, CYCLE_PHASES, cycleGame } from './game.js';
export type { CycleGameParts } from './game.js';
export { buildCycleGame, CYCLEGAN_DEFAULTS, DUALGAN_CLIP, DUALGAN_DEFAULTS, named } from './presets.js';
export type { CycleGamePreset, CycleGanGameOptions } from './presets.js';
export { cycleganPlugin } from './plugin.js';
