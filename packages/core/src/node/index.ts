/**
 * Node-only parts of core: files for checkpoints, metrics and sample grids.
 * Import from `@gantry/core/node`.
 */
export { FileCheckpointStore, loadCheckpointFile, writeFileAtomic } from './file-checkpoint-store.js';
export { MetricsLog, readMetricsLog } from './metrics-log.js';
export { SampleGrid } from './sample-grid.js';
export type { SampleGridOptions } from './sample-grid.js';
export { RunReport } from './run-report.js';
export { crc32c, maskedCrc32c, TensorBoardLog, tfRecord } from './tensorboard.js';
export type { EncodedImage } from './tensorboard.js';
