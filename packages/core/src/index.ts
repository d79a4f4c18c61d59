// tsyringe needs the Reflect metadata polyfill before it is first evaluated.
import 'reflect-metadata';

export type { Callback, StepEvent } from './callback.js';
export { decodeCheckpoint, encodeCheckpoint, crc32, MemoryCheckpointStore } from './checkpoint.js';
export type { CheckpointStore, TrainingState } from './checkpoint.js';
export { activeCollective, batchMoments, shardOf, withCollective } from './collective.js';
export type { Collective, Shard } from './collective.js';
export { buildComponent, createGan } from './compose.js';
export type { ComponentInput, ComponentRef, CreateGanOptions, Gan, GanSpec } from './compose.js';
export type { WeightConstraint } from './constraint.js';
export { adversarialContext, drawPerSample } from './context.js';
export type { AdversarialContext, PhaseContext } from './context.js';
export type { Batch, Dataset } from './data.js';
export {
  CheckpointError,
  ConfigError,
  GantryError,
  NonFiniteError,
  ShapeMismatchError,
  UnknownComponentError,
} from './errors.js';
export { adversarialGame, checkCompatible, shortId } from './game.js';
export type { AdversarialGameParts, Game, Phase } from './game.js';
export { encodePng, imageGrid, linePlot, scatterPlot, seriesColor } from './image.js';
export type { ScatterOptions, Series } from './image.js';
export { layersDiscriminator, layersGenerator } from './layers.js';
export type { LayersDiscriminatorOptions, LayersGeneratorOptions, LayersModelLike } from './layers.js';
export type { Metric, MetricInput } from './metric.js';
export type {
  ApplyOptions,
  Discriminator,
  DiscriminatorInput,
  DiscriminatorOutput,
  Generator,
  GeneratorInput,
  LatentPrior,
  Network,
} from './network.js';
export type { Objective } from './objective.js';
export {
  boolOption,
  checkEnum,
  checkKeys,
  checkNumber,
  checkNumberArray,
  describeNumber,
  enumOption,
  intOption,
  numberArrayOption,
  numberOption,
  optionError,
  show,
  stringOption,
} from './options.js';
export type { NumberArrayRule, NumberRule, OptionRecord } from './options.js';
export { Adam, createOptimizer, RMSProp, SGD } from './optimizer.js';
export type { Optimizer, OptimizerSpec, SavedArray } from './optimizer.js';
export { findProvider, provide, providers, registerPlugins, resolveAllInChain } from './plugin.js';
export type { BuildEnvironment, ComponentKind, ComponentKinds, ComponentProvider, Plugin, PluginUse } from './plugin.js';
export { normalPrior, uniformPrior } from './prior.js';
export { probeRun } from './probe.js';
export type { Regularizer } from './regularizer.js';
export { BatchSampler, deriveSeed, mulberry32, permutation } from './rng.js';
export type { Json, Stateful } from './state.js';
export { TOKENS } from './tokens.js';
export type { Token } from './tokens.js';
export { DEFAULT_TRAINER_OPTIONS, resolveTrainerOptions, Trainer } from './trainer.js';
export type { SampleCondition, TrainerOptions } from './trainer.js';
export { CORE_VERSION, satisfies } from './version.js';
// Re-exported so plugins need no tsyringe dependency of their own (one DI instance).
export { container as rootContainer, inject, injectable } from 'tsyringe';
export type { DependencyContainer } from 'tsyringe';
