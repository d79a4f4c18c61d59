/**
 * Injection tokens. They live only in core so that every plugin — ours or a
 * stranger's — registers against the same keys. `Symbol.for` keeps them equal even
 * if two copies of this module are ever loaded.
 */
export const TOKENS = {
  /** Catalogue entries ({@link ComponentProvider}) contributed by plugins. Multi-valued. */
  Provider: Symbol.for('@gantry/core/Provider'),
  /** The names of plugins registered in a container. Multi-valued. */
  PluginName: Symbol.for('@gantry/core/PluginName'),
  /** The {@link Game} a run trains. */
  Game: Symbol.for('@gantry/core/Game'),
  /** The real-data {@link Dataset} of a run. */
  Dataset: Symbol.for('@gantry/core/Dataset'),
  /** The resolved {@link TrainerOptions} of a run. */
  TrainerOptions: Symbol.for('@gantry/core/TrainerOptions'),
  /** The array of {@link Callback}s of a run (always registered, possibly empty). */
  Callbacks: Symbol.for('@gantry/core/Callbacks'),
  /** The array of {@link Metric}s of a run (always registered, possibly empty). */
  Metrics: Symbol.for('@gantry/core/Metrics'),
  /** The {@link CheckpointStore} of a run, if it writes checkpoints. */
  CheckpointStore: Symbol.for('@gantry/core/CheckpointStore'),
  /**
   * The {@link Collective} of a data-parallel run (this replica's view of the group),
   * or null for ordinary single-replica training.
   */
  Collective: Symbol.for('@gantry/core/Collective'),
} as const;

/** One of the {@link TOKENS}. */
export type Token = (typeof TOKENS)[keyof typeof TOKENS];
