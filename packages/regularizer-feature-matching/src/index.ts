/**
 * `@gantry/regularizer-feature-matching` — pix2pixHD's discriminator feature-matching
 * loss (Wang et al. 2018, https://arxiv.org/abs/1711.11585).
 *
 * @packageDocumentation
 */
export { FeatureMatching } from './feature-matching.js';
export type { FeatureMatchingOptions } from './feature-matching.js';
export { featureMatchingLoss, stopGradient } from './functional.js';
export { featureMatchingPlugin } from './plugin.js';
