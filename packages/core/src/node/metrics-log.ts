import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Callback, StepEvent } from '../callback.js';
import { writeFileAtomic } from './file-checkpoint-store.js';

/**
 * Appends one JSON line per step (`{"step":1,"loss/discriminator":1.38,...}`) to
 * a file. On (re)start it drops lines past the step the run resumes from, so a run
 * that crashed after its last checkpoint does not log those steps twice.
 */
export class MetricsLog implements Callback {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  onTrainStart(info: { startStep: number }): void {
    if (!existsSync(this.path)) return;
    const kept = readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((line) => {
        if (!line.trim()) return false;
        try {
          return (JSON.parse(line) as { step: number }).step <= info.startStep;
        } catch {
          return false; // a line cut short by a crash
        }
      });
    writeFileAtomic(this.path, kept.map((l) => `${l}\n`).join(''));
  }

  onStepEnd(event: StepEvent): void {
    const line = { step: event.step, time: Math.round(event.elapsedMs), ...event.logs };
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }
}

/** Reads a metrics log written by {@link MetricsLog}. */
export function readMetricsLog(path: string): Array<Record<string, number>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, number>);
}
