/**
 * `@gantry/regularizer-mutual-information` — InfoGAN (Chen et al. 2016,
 * https://arxiv.org/abs/1606.03657) for Gantry: the latent prior z = [noise, one-hot
 * categorical codes, continuous codes], traversal codes for figures, and the
 * variational mutual-information bound L_I as a regularizer that trains both Q and G.
 *
 * @packageDocumentation
 */
export { mutualInformationPlugin } from './plugin.js';
export { MI_PHASES, miLogKeys, MutualInformation } from './mutual-information.js';
export type { ContinuousStd, MutualInformationOptions } from './options.js';
export { Q_HEADS } from './heads.js';
export {
  categoricalAccuracy,
  categoricalCrossEntropy,
  gaussianNegativeLogLikelihood,
  HALF_LOG_2PI,
  mutualInformationTerms,
} from './functional.js';
export type { MutualInformationTerms, QOutputs } from './functional.js';
export {
  codeEntropy,
  DEFAULT_CATEGORICAL,
  DEFAULT_CONTINUOUS,
  DEFAULT_NOISE_DIMS,
  encodeLatent,
  infoGanPrior,
  isInfoGanPrior,
  layoutOffsets,
  NOISE_DISTRIBUTIONS,
  oneHotFloat,
  PRIOR_OPTION_KEYS,
  resolveLayout,
  sampleCategories,
  sampleNoise,
  splitLatent,
  withCategory,
} from './prior.js';
export type {
  InfoGanLayout,
  InfoGanPrior,
  InfoGanPriorOptions,
  LatentParts,
  LatentSplit,
  LayoutOffsets,
  NoiseDistribution,
} from './prior.js';
export { categoricalTraversal, continuousTraversal, linspace } from './traversal.js';
export type { CategoricalTraversalOptions, ContinuousTraversalOptions } from './traversal.js';
