export { MnistDataset } from './dataset.js';
export { parseFashionClassFile } from './fashion-json.js';
export { parseIdx, readIdxFile } from './idx.js';
export type { IdxArray } from './idx.js';
export { FASHION_MNIST_CLASSES, loadFashionMnist, loadMnist } from './load.js';
export { resolveMnistOptions } from './options.js';
export type { MnistOptions, ResolvedMnistOptions } from './options.js';
export { mnistPlugin } from './plugin.js';
export {
  clearDataCache,
  defaultFashionDir,
  defaultMnistDir,
  FASHION_TEST_PER_CLASS,
  FASHION_TRAIN_PER_CLASS,
  fashionRaw,
  IMAGE_SIZE,
  mnistRaw,
  NUM_CLASSES,
  PIXELS,
} from './sources.js';
export type { RawImages, Split } from './sources.js';
