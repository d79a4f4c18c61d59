export type { Classifier } from './classifier.js';
export { CnnClassifier, cnnWeightSpecs, DEFAULT_CNN_ARCHITECTURE } from './cnn.js';
export type { CnnArchitecture, WeightSpec } from './cnn.js';
export { CNN_FORMAT, decodeClassifier, encodeClassifier } from './format.js';
export type { CnnModelFile } from './format.js';
export { DEFAULT_SPLITS, inceptionScore, meanStd } from './functional.js';
export type { SplitScore } from './functional.js';
export { DEFAULT_IS_SAMPLES, DEFAULT_METRIC_EVERY, InceptionScoreMetric } from './inception-score-metric.js';
export { evaluateGenerator, metricInputFor } from './metric-input.js';
export { checkChoice, checkClassifier, checkInteger, checkKeys, checkPositive, show } from './options.js';
export type { InceptionScoreOptions } from './options.js';
export { inceptionScorePlugin } from './plugin.js';
export {
  classifierMetadata,
  loadClassifier,
  PRETRAINED_CLASSIFIERS,
  releaseSharedClassifiers,
  sharedClassifier,
} from './pretrained.js';
export type { ClassifierMetadata, PretrainedClassifierName } from './pretrained.js';
export { classifierRows, DEFAULT_BATCH_SIZE, rescale, rowsInBatches, sampleRows } from './sampling.js';
export type { ClassifierOutput, SampleSource } from './sampling.js';
export { ClassAgreementMetric, conditionalClasses, DEFAULT_AGREEMENT_SAMPLES } from './class-agreement-metric.js';
export type { ClassAgreementOptions } from './class-agreement-metric.js';
export { ConditionalDiversityMetric, DEFAULT_SAMPLES_PER_CLASS, withinClassDiversity } from './conditional-diversity-metric.js';
export type { ConditionalDiversityOptions, Diversity } from './conditional-diversity-metric.js';
export { classAgreement, LABEL_ORDERS, meanPairwiseDistance, requestedLabels } from './conditional-functional.js';
export type { ClassAgreement, LabelOrder, PairDistance } from './conditional-functional.js';
export { conditionalMetricsPlugin } from './conditional-plugin.js';
