export { AUTO_ORDER, BackendUnavailableError, selectBackend } from './select-backend.js';
export type { BackendChoice, BackendSelection, SelectBackendOptions } from './select-backend.js';
