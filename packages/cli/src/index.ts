export { main } from './main.js';
export { DEFAULT_SPEC, parseRef, parseTrainArgs } from './config.js';
export type { RunConfig } from './config.js';
export { BUILTIN_PLUGINS, BUILTIN_PLUGINS_MODULE, loadPlugins } from './plugins.js';
export { formatDuration, ProgressBar } from './progress.js';
export { configFileSchema, describeIssues } from './schema.js';
export type { ConfigFile } from './schema.js';
