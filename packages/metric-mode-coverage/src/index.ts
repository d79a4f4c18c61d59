export { DEFAULT_MIN_SAMPLES, DEFAULT_THRESHOLD, modeCoverage } from './functional.js';
export type { ModeCoverageOptions, ModeCoverageResult } from './functional.js';
export { DEFAULT_EVERY, DEFAULT_SAMPLES, ModeCoverageMetric } from './mode-coverage-metric.js';
export type { Mixture, ModeCoverageMetricOptions } from './mode-coverage-metric.js';
export { modeCoveragePlugin } from './plugin.js';
