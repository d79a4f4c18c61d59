/**
 * `@gantry/regularizer-l1` — pix2pix's L1 reconstruction term λ·𝔼|x − G(source)|
 * (Isola et al. 2017, https://arxiv.org/abs/1611.07004).
 *
 * @packageDocumentation
 */
export { meanAbsoluteError } from './functional.js';
export { L1Reconstruction } from './l1-reconstruction.js';
export type { L1Options } from './l1-reconstruction.js';
export { l1Plugin } from './plugin.js';
