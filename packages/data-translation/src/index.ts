export { TranslationDataset } from './dataset.js';
export type { Domain, TranslationParts } from './dataset.js';
export { edgeMap } from './edges.js';
export { loadMnistEdges, loadMnistFashion, loadMnistInverted } from './load.js';
export { background, render } from './look.js';
export type { Look } from './look.js';
export { resolveTranslationOptions } from './options.js';
export type { ResolvedTranslationOptions, TranslationOptions, UnpairedOptions } from './options.js';
export { translationDataPlugin } from './plugin.js';
