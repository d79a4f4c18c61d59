import type { Trainer } from './trainer.js';

/** What a callback learns after each step. */
export interface StepEvent {
  /** The step that just finished (1-based count of completed steps). */
  readonly step: number;
  readonly totalSteps: number;
  /** Losses and logged values of the step, e.g. `{ 'loss/discriminator': 0.7 }`. */
  readonly logs: Readonly<Record<string, number>>;
  /** Wall time since the run (or the resume) started. */
  readonly elapsedMs: number;
  /** Steps per second over the recent window. */
  readonly stepsPerSecond: number;
  /** The running trainer (to draw samples, read state). */
  readonly trainer: Trainer;
}

/** Hooks into a training run. Every hook is optional and may be async. */
export interface Callback {
  onTrainStart?(info: { readonly startStep: number; readonly totalSteps: number; readonly trainer: Trainer }): void | Promise<void>;
  onStepEnd?(event: StepEvent): void | Promise<void>;
  onCheckpoint?(info: { readonly step: number; readonly location: string }): void | Promise<void>;
  onTrainEnd?(info: { readonly step: number; readonly reason: 'completed' | 'stopped' | 'error'; readonly error?: unknown }): void | Promise<void>;
}
