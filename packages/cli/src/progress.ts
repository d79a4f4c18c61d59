import type { Callback, StepEvent } from '@gantry/core';

/**
 * A progress line on stderr: step, bar, losses, steps/s and ETA. On a terminal it
 * redraws one line; elsewhere (CI logs, pipes) it prints a line every `every` steps.
 */
export class ProgressBar implements Callback {
  private startStep = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly every = 25,
  ) {}

  onTrainStart(info: { startStep: number; totalSteps: number }): void {
    this.startStep = info.startStep;
  }

  onStepEnd(e: StepEvent): void {
    const tty = this.stream.isTTY === true;
    if (!tty && e.step % this.every !== 0 && e.step !== e.totalSteps && e.step !== this.startStep + 1) return;
    const fraction = e.totalSteps ? e.step / e.totalSteps : 1;
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}`;
    const losses = Object.entries(e.logs)
      .filter(([k]) => k.startsWith('loss/'))
      .map(([k, v]) => `${k.slice(5, 6).toUpperCase()} ${v.toFixed(3)}`)
      .join(' ');
    const eta = e.stepsPerSecond > 0 ? (e.totalSteps - e.step) / e.stepsPerSecond : 0;
    const line =
      `step ${String(e.step).padStart(String(e.totalSteps).length)}/${e.totalSteps} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%` +
      ` | ${losses} | ${e.stepsPerSecond.toFixed(2)} step/s | ETA ${formatDuration(eta)}`;
    this.stream.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
  }

  onTrainEnd(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

/** 754 → "12m34s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
