/** A JSON value (what plugin state is saved as in checkpoints). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A component with state beyond its tensors' variables (BEGAN's k_t, a metric's
 * history). The trainer saves `getState()` in checkpoints under the component's id
 * and hands it back with `setState` on resume.
 */
export interface Stateful {
  getState(): Json;
  setState(state: Json): void;
}
