export {
  cubicPolynomialKernel,
  DEFAULT_KID_SUBSET_SIZE,
  DEFAULT_KID_SUBSETS,
  featureMoments,
  fid,
  frechetDistance,
  kid,
  polynomialMmd2,
} from './functional.js';
export type { GaussianMoments, KidOptions } from './functional.js';
export { matMul, meanAndCovariance, sqrtmSymmetric, symmetricEigen, trace, traceSqrtProduct } from './linalg.js';
export type { SymmetricEigen } from './linalg.js';
export { DEFAULT_FID_SAMPLES, FidMetric } from './fid-metric.js';
export { DEFAULT_KID_SAMPLES, KidMetric } from './kid-metric.js';
export type { FidOptions, KidMetricOptions } from './options.js';
export { fidPlugin } from './plugin.js';
