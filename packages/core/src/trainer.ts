import * as tf from '@tensorflow/tfjs-core';
import { inject, injectable } from 'tsyringe';
import type { Callback, StepEvent } from './callback.js';
import type { CheckpointStore, TrainingState } from './checkpoint.js';
import { shardOf, withCollective, type Collective, type Shard } from './collective.js';
import type { PhaseContext } from './context.js';
import type { Batch, Dataset } from './data.js';
import { CheckpointError, ConfigError, NonFiniteError } from './errors.js';
import type { Game } from './game.js';
import type { Metric, MetricInput } from './metric.js';
import { createOptimizer, type Optimizer, type OptimizerSpec, type SavedArray } from './optimizer.js';
import { BatchSampler, deriveSeed } from './rng.js';
import type { Json } from './state.js';
import { TOKENS } from './tokens.js';

/** What a conditional generator is given besides z: class labels and/or a source image. */
export interface SampleCondition {
  /** Class labels, int32 `[n]`. */
  readonly labels?: tf.Tensor;
  /** Source images `[n, h, w, c]`. */
  readonly source?: tf.Tensor;
}

/** How a run trains. Every field has a default (see {@link resolveTrainerOptions}). */
export interface TrainerOptions {
  /** Total number of steps (one step = every phase of the game once). */
  readonly steps: number;
  readonly batchSize: number;
  /** Seed of everything random: data order, latent codes, penalties' draws. */
  readonly seed: number;
  /** Optimizer per network name; `'*'` is the fallback for networks not named. */
  readonly optimizers: Readonly<Record<string, OptimizerSpec>>;
  /** On a NaN/Inf loss or gradient: stop with an error, or skip that update. */
  readonly onNonFinite: 'stop' | 'skip';
  /** Write a checkpoint every this many steps (0: only at the end). */
  readonly checkpointEvery: number;
  /** The plain-data spec of the run, stored in checkpoints. */
  readonly spec?: Json;
}

/** Defaults follow DCGAN (Radford et al. 2016): Adam(2e-4, β₁ = 0.5), batch 64. */
export const DEFAULT_TRAINER_OPTIONS: TrainerOptions = {
  steps: 1000,
  batchSize: 64,
  seed: 0,
  optimizers: { '*': { name: 'adam', learningRate: 2e-4, beta1: 0.5, beta2: 0.999 } },
  onNonFinite: 'stop',
  checkpointEvery: 0,
};

/** Fills defaults and validates; errors name the option and the value. */
export function resolveTrainerOptions(options: Partial<TrainerOptions> = {}): TrainerOptions {
  const o = {
    ...DEFAULT_TRAINER_OPTIONS,
    ...options,
    optimizers: { ...DEFAULT_TRAINER_OPTIONS.optimizers, ...options.optimizers },
  };
  const whole = (key: 'steps' | 'batchSize' | 'checkpointEvery' | 'seed', min: number) => {
    const v = o[key];
    if (!Number.isInteger(v) || v < min) throw new ConfigError(`${key} must be a whole number ≥ ${min}, got ${String(v)}.`);
  };
  whole('steps', 0);
  whole('batchSize', 1);
  whole('checkpointEvery', 0);
  whole('seed', 0);
  if (o.onNonFinite !== 'stop' && o.onNonFinite !== 'skip') {
    throw new ConfigError(`onNonFinite must be 'stop' or 'skip', got '${String(o.onNonFinite)}'.`);
  }
  return o;
}

/**
 * Runs a {@link Game}: for each step, each phase in order (repeated as it asks),
 * computes its loss under `tf.tidy` and a gradient tape, checks loss and gradients
 * are finite, and applies the update with the network's own optimizer. Data order,
 * latent codes and every other draw are functions of (seed, step), so the same
 * seed gives the same losses and a resumed run continues bit for bit.
 *
 * With a {@link Collective} (`TOKENS.Collective`, data-parallel training) each
 * replica takes its shard of every global batch (rows ⌊i·B/N⌋ … of the same
 * indices), draws latent codes for the global batch and keeps its rows, and before
 * every update sums the replicas' gradients, losses and logs weighted by their share
 * of the batch (nᵢ/B) — the same bits on every replica, so identical updates keep
 * the replicas' weights identical. Non-trainable state (batch-norm moving
 * statistics) is averaged over the replicas after every step.
 */
@injectable()
export class Trainer {
  /** Completed steps. */
  step = 0;
  private readonly optimizers: Record<string, Optimizer> = {};
  private readonly sampler: BatchSampler;
  private readonly batchesPerStep: number;
  /** Per batch slot of a step: whether its phase drew its batch last step (for prefetch hints). */
  private readonly drawnSlots: boolean[];
  private stopRequested = false;
  private lastLogs: Record<string, number> = {};

  constructor(
    @inject(TOKENS.Game) readonly game: Game,
    @inject(TOKENS.Dataset) readonly dataset: Dataset,
    @inject(TOKENS.TrainerOptions) readonly options: TrainerOptions,
    @inject(TOKENS.Callbacks) private readonly callbacks: Callback[],
    @inject(TOKENS.Metrics) private readonly metrics: Metric[],
    @inject(TOKENS.CheckpointStore) private readonly store: CheckpointStore | null,
    @inject(TOKENS.Collective) readonly collective: Collective | null,
  ) {
    if (collective && collective.size > 1 && options.batchSize < collective.size) {
      throw new ConfigError(`batchSize ${options.batchSize} cannot be split over ${collective.size} data-parallel replicas: use a batch of at least ${collective.size}.`);
    }
    for (const phase of game.phases) {
      for (const name of phase.updates) {
        if (!game.models[name]) throw new ConfigError(`Phase '${phase.name}' updates '${name}', which is not a network of the game.`);
        this.optimizers[name] ??= createOptimizer(options.optimizers[name] ?? options.optimizers['*']);
      }
    }
    this.sampler = new BatchSampler(dataset.size, options.batchSize, deriveSeed(options.seed, 'data'));
    this.batchesPerStep = game.phases.reduce((n, p) => n + p.repeat, 0);
    this.drawnSlots = new Array<boolean>(this.batchesPerStep).fill(true);
  }

  /** Asks a running {@link fit} to stop after the current step (and checkpoint). */
  requestStop(): void {
    this.stopRequested = true;
  }

  /** The logs of the last completed step. */
  get logs(): Readonly<Record<string, number>> {
    return this.lastLogs;
  }

  /**
   * Trains until `options.steps` steps are complete (or {@link requestStop}).
   * Checkpoints every `checkpointEvery` steps and at the end; on a non-finite
   * loss with `onNonFinite: 'stop'` it throws and writes nothing, so the last
   * good checkpoint stays the newest.
   */
  async fit(): Promise<{ step: number; reason: 'completed' | 'stopped' }> {
    this.stopRequested = false;
    const total = this.options.steps;
    await this.each((c) => c.onTrainStart?.({ startStep: this.step, totalSteps: total, trainer: this }));
    const started = performance.now();
    const recent: number[] = [];
    try {
      let yielded = performance.now();
      while (this.step < total && !this.stopRequested) {
        // A step is synchronous; let the event loop run now and then, so signals (Ctrl-C, SIGTERM),
        // timers and a browser's rendering get through and can call requestStop.
        if (performance.now() - yielded > 50) {
          await yieldToEventLoop();
          yielded = performance.now();
          if (this.stopRequested) break;
        }
        const logs = this.trainStep();
        for (const m of this.metrics) {
          Object.assign(logs, m.fromStep?.(logs));
          if (m.evaluate && m.every > 0 && this.step % m.every === 0) Object.assign(logs, await m.evaluate(this.metricInput()));
        }
        const now = performance.now();
        recent.push(now);
        if (recent.length > 20) recent.shift();
        const stepsPerSecond = recent.length > 1 ? ((recent.length - 1) * 1000) / (now - recent[0]) : 1000 / (now - started);
        const event: StepEvent = { step: this.step, totalSteps: total, logs, elapsedMs: now - started, stepsPerSecond, trainer: this };
        await this.each((c) => c.onStepEnd?.(event));
        if (this.options.checkpointEvery > 0 && this.step % this.options.checkpointEvery === 0 && this.step < total) {
          await this.checkpoint();
        }
      }
      await this.checkpoint();
    } catch (error) {
      await this.each((c) => c.onTrainEnd?.({ step: this.step, reason: 'error', error }));
      throw error;
    }
    const reason = this.step >= total ? 'completed' : 'stopped';
    await this.each((c) => c.onTrainEnd?.({ step: this.step, reason }));
    return { step: this.step, reason };
  }

  /** Runs one full step of the game synchronously and returns its logs. */
  trainStep(): Record<string, number> {
    const c = this.collective && this.collective.size > 1 ? this.collective : undefined;
    c?.beginStep?.(this.step);
    return withCollective(c, () => this.runStep(c));
  }

  private runStep(c: Collective | undefined): Record<string, number> {
    const logs: Record<string, number> = {};
    let slot = 0;
    const step = this.step;
    const shard = c ? shardOf(c.rank, c.size, this.options.batchSize) : undefined;
    const indicesOf = (batchIndex: number) => {
      const all = this.sampler.indices(batchIndex);
      return shard ? all.subarray(shard.start, shard.end) : all;
    };
    for (const phase of this.game.phases) {
      const variables = phase.updates.flatMap((name) => this.game.models[name].trainableVariables);
      for (let repeat = 0; repeat < phase.repeat; repeat++) {
        const batchIndex = step * this.batchesPerStep + slot;
        const slotOfStep = slot++;
        if (this.dataset.prefetch) {
          // Up to one step ahead, so that a prefetching data set has a whole step to build each
          // batch; only batches of slots that drew theirs last step (every step runs the same phases).
          for (let ahead = 1; ahead <= this.batchesPerStep; ahead++) {
            if (this.drawnSlots[(slotOfStep + ahead) % this.batchesPerStep]) this.dataset.prefetch(indicesOf(batchIndex + ahead));
          }
        }
        let drew = false;
        const logged: Array<[string, tf.Scalar]> = [];
        const values = tf.tidy(() => {
          let batch: Batch | undefined;
          const seed = (purpose: string) => deriveSeed(this.options.seed, step, phase.name, repeat, purpose);
          const ctx: PhaseContext = {
            step,
            phase: phase.name,
            repeat,
            get batch() {
              return (batch ??= drawBatch());
            },
            models: this.game.models,
            // Each replica its own stream (per-sample draws independent across shards); shared ones via perSample.
            seed: shard ? (purpose) => deriveSeed(this.options.seed, step, phase.name, repeat, purpose, 'shard', shard.index, shard.count) : seed,
            log: (name, value) => void logged.push([name, tf.keep(value)]),
            ...(shard ? { shard } : {}),
            perSample: <T extends tf.Tensor>(purpose: string, draw: (n: number, seed: number) => T): T =>
              shard ? rowsOf(draw(shard.size, seed(purpose)), shard) : draw(ctx.batch.x.shape[0], seed(purpose)),
          };
          const drawBatch = () => {
            drew = true;
            return this.dataset.batch(indicesOf(batchIndex));
          };
          const { value, grads } = tf.variableGrads(() => phase.loss(ctx), variables as tf.Variable[]);
          let gradients = variables.map((v) => grads[v.name] as tf.Tensor | undefined);
          let read: ArrayLike<number>;
          if (c && shard) {
            // Loss, logs and gradients summed over the replicas, each weighted by its share of the batch.
            const share = (shard.end - shard.start) / shard.size;
            const present = [tf.stack([value, ...logged.map(([, v]) => v)]), ...gradients.filter((g): g is tf.Tensor => g !== undefined)];
            let summed: tf.Tensor[];
            if (c.allReduceTensors) {
              summed = c.allReduceTensors(present, share);
            } else {
              const flat = c.allReduce(present.map((g) => tf.mul(g, share).dataSync() as Float32Array));
              let offset = 0;
              summed = present.map((g) => tf.tensor(flat.subarray(offset, (offset += g.size)), g.shape, 'float32'));
            }
            const head = summed.shift()!.dataSync() as Float32Array;
            let k = 0;
            gradients = gradients.map((g) => (g ? summed[k++] : undefined));
            // x·0 is NaN exactly when x is NaN or ±Inf; the sums are the same bits on every replica.
            let check: tf.Tensor = tf.scalar(head.reduce((a, v) => a + v * 0, 0));
            for (const g of summed) check = tf.add(check, tf.sum(tf.mul(g, 0)));
            read = [head[0], check.dataSync()[0], ...head.subarray(1)];
          } else {
            // x·0 is NaN exactly when x is NaN or ±Inf: one cheap reduction checks them all.
            let check: tf.Tensor = tf.mul(value, 0);
            for (const g of gradients) if (g) check = tf.add(check, tf.sum(tf.mul(g, 0)));
            read = tf.stack([value, check, ...logged.map(([, v]) => v)]).dataSync();
          }
          const finite = Number.isFinite(read[1]);
          if (finite) {
            let offset = 0;
            for (const name of phase.updates) {
              const own = this.game.models[name].trainableVariables;
              this.optimizers[name].update(own, gradients.slice(offset, offset + own.length));
              offset += own.length;
            }
          }
          return Array.from(read);
        });
        for (const [, v] of logged) v.dispose();
        this.drawnSlots[slotOfStep] = drew;
        if (!Number.isFinite(values[1])) {
          const quantity = Number.isFinite(values[0]) ? 'gradient' : 'loss';
          if (this.options.onNonFinite === 'stop') {
            throw new NonFiniteError(step, phase.name, `${quantity} of phase '${phase.name}'`, values[0], phase.sources);
          }
          logs[`skipped/${phase.name}`] = (logs[`skipped/${phase.name}`] ?? 0) + 1;
        }
        logs[`loss/${phase.name}`] = values[0];
        logged.forEach(([name], i) => (logs[name] = values[i + 2]));
        if (Number.isFinite(values[1])) {
          for (const name of phase.updates) for (const k of this.game.constraints[name] ?? []) k.apply(this.game.models[name]);
        }
      }
    }
    if (c) this.averageState(c);
    this.game.afterStep(logs);
    this.step = step + 1;
    this.lastLogs = logs;
    return logs;
  }

  /**
   * Averages the networks' non-trainable float variables (batch-norm moving statistics)
   * over the replicas, so that they stay identical even when each replica normalises
   * with its own shard's statistics. Values already equal stay equal (for N = 2, exactly).
   */
  private averageState(c: Collective): void {
    const state: tf.Variable[] = [];
    for (const name of Object.keys(this.game.models).sort()) {
      const net = this.game.models[name];
      const trainable = new Set(net.trainableVariables);
      for (const v of net.variables) if (!trainable.has(v) && v.dtype === 'float32') state.push(v);
    }
    if (state.length === 0) return;
    tf.tidy(() => {
      if (c.allReduceTensors) {
        c.allReduceTensors(state, 1 / c.size).forEach((mean, i) => state[i].assign(mean));
        return;
      }
      const sum = c.allReduce(state.map((v) => tf.mul(v, 1 / c.size).dataSync() as Float32Array));
      let offset = 0;
      for (const v of state) {
        v.assign(tf.tensor(sum.subarray(offset, offset + v.size), v.shape, 'float32'));
        offset += v.size;
      }
    });
  }

  /**
   * Generates `n` samples in inference mode from codes fixed by `seed`. A
   * conditional generator without a given `condition` gets {@link Trainer.condition}'s.
   */
  sample(n: number, seed: number, condition?: SampleCondition): tf.Tensor {
    const g = this.game.sampler;
    return tf.tidy(() => {
      const c = condition ?? this.condition(n, seed);
      return g.apply({ z: g.prior.sample(n, seed), ...c }, { training: false });
    });
  }

  /**
   * The default condition of `n` samples for the sampling generator: for a
   * class-conditional one, labels in equal consecutive blocks (n = 100 with 10
   * classes gives row i of a 10×10 grid class i); for an image-to-image one, the
   * sources of `n` data samples chosen by `seed`; otherwise nothing. The caller
   * owns the tensors.
   */
  condition(n: number, seed: number): SampleCondition {
    const g = this.game.sampler;
    const out: { labels?: tf.Tensor; source?: tf.Tensor } = {};
    if (g.numClasses) {
      const k = g.numClasses;
      const per = Math.max(1, Math.ceil(n / k));
      out.labels = tf.tensor1d(Array.from({ length: n }, (_, i) => Math.min(k - 1, Math.floor(i / per))), 'int32');
    }
    if (g.sourceShape) {
      const batch = this.dataset.batch(new BatchSampler(this.dataset.size, n, seed).indices(0));
      if (!batch.source) {
        throw new ConfigError(`Generator '${g.name}' translates source images, but data set '${this.dataset.name}' provides none.`);
      }
      out.source = batch.source;
      for (const t of [batch.x, batch.labels]) if (t && t !== batch.source) t.dispose();
    }
    return out;
  }

  /** A snapshot of everything needed to resume (reads all variables). */
  async state(): Promise<TrainingState> {
    const models: Record<string, SavedArray[]> = {};
    for (const [name, net] of Object.entries(this.game.models)) {
      models[name] = net.variables.map((v, i) => ({
        name: `${i}:${v.name}`,
        shape: v.shape,
        dtype: v.dtype === 'int32' ? 'int32' : 'float32',
        data: v.dataSync() as Float32Array | Int32Array,
      }));
    }
    const optimizers = Object.fromEntries(Object.entries(this.optimizers).map(([k, o]) => [k, o.getState()]));
    const components = Object.fromEntries(Object.entries(this.game.stateful).map(([k, s]) => [k, s.getState()]));
    return {
      format: 1,
      step: this.step,
      seed: this.options.seed,
      ...(this.options.spec !== undefined ? { spec: this.options.spec } : {}),
      models,
      optimizers,
      components,
      createdAt: new Date().toISOString(),
    };
  }

  /** Restores a snapshot; throws a {@link CheckpointError} if it does not fit this game. */
  restore(state: TrainingState): void {
    if (state.seed !== this.options.seed) {
      throw new CheckpointError(`The checkpoint was written with seed ${state.seed}, but this run uses seed ${this.options.seed}.`);
    }
    for (const [name, net] of Object.entries(this.game.models)) {
      const saved = state.models[name];
      if (!saved) throw new CheckpointError(`The checkpoint has no weights for network '${name}' (it has: ${Object.keys(state.models).join(', ')}).`);
      if (saved.length !== net.variables.length) {
        throw new CheckpointError(
          `The checkpoint's '${name}' has ${saved.length} variables, this network has ${net.variables.length}: it was written by another architecture.`,
        );
      }
      net.variables.forEach((v, i) => {
        const s = saved[i];
        if (s.shape.length !== v.shape.length || s.shape.some((d, k) => d !== v.shape[k])) {
          throw new CheckpointError(
            `Variable ${i} of '${name}' (${v.name}) has shape [${v.shape}], the checkpoint's has [${s.shape}]: it was written by another architecture.`,
          );
        }
      });
      net.variables.forEach((v, i) => v.assign(tf.tensor(saved[i].data, v.shape, v.dtype)));
    }
    for (const [name, o] of Object.entries(this.optimizers)) if (state.optimizers[name]) o.setState(state.optimizers[name]);
    for (const [id, s] of Object.entries(this.game.stateful)) if (id in state.components) s.setState(state.components[id]);
    this.step = state.step;
  }

  /** Restores the newest checkpoint of the store, if any; returns the step resumed at. */
  async resume(): Promise<number> {
    const state = await this.store?.loadLatest();
    if (state) this.restore(state);
    return this.step;
  }

  /** Writes a checkpoint now (no-op without a store). */
  async checkpoint(): Promise<string | undefined> {
    if (!this.store) return undefined;
    const location = await this.store.save(await this.state());
    await this.each((c) => c.onCheckpoint?.({ step: this.step, location }));
    return location;
  }

  /** Evaluates metrics on the current generator now (what `gantry eval` runs). */
  async evaluate(metrics: readonly Metric[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const m of metrics) if (m.evaluate) Object.assign(out, await m.evaluate(this.metricInput()));
    return out;
  }

  /** Frees the optimizers' slots. Networks and data belong to the caller. */
  dispose(): void {
    for (const o of Object.values(this.optimizers)) o.dispose();
  }

  private metricInput(): MetricInput {
    return {
      generator: this.game.sampler,
      dataset: this.dataset,
      step: this.step,
      generate: (n, seed, condition) => this.sample(n, seed, condition),
      real: (n, seed) => tf.tidy(() => this.dataset.batch(new BatchSampler(this.dataset.size, n, seed).indices(0)).x),
    };
  }

  private async each(hook: (c: Callback) => void | Promise<void>): Promise<void> {
    for (const c of this.callbacks) await hook(c);
  }
}

/** Rows `shard.start` … `shard.end − 1` (first axis) of a tensor drawn for the global batch. */
function rowsOf<T extends tf.Tensor>(all: T, shard: Shard): T {
  return tf.slice(all, [shard.start, ...all.shape.slice(1).map(() => 0)], [shard.end - shard.start, ...all.shape.slice(1).map(() => -1)]) as T;
}

/** Resolves after pending I/O and timer callbacks have run (setImmediate in Node, a 0 ms timeout elsewhere). */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
