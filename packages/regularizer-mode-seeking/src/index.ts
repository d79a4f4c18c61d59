/**
 * `@gantry/regularizer-mode-seeking` — the mode-seeking regularizer of MSGAN (Mao et al.
 * 2019, https://arxiv.org/abs/1903.05628) for Gantry: it rewards the generator for
 * mapping two latent codes of the same condition to different images.
 *
 * @packageDocumentation
 */
export { modeSeekingPlugin } from './plugin.js';
export { ModeSeeking, RATIO_LOG_KEY } from './mode-seeking.js';
export type { ModeSeekingOptions } from './mode-seeking.js';
export { DEFAULT_EPSILON, modeSeekingLoss, modeSeekingRatio } from './functional.js';
