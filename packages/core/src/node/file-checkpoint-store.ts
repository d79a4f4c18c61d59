import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointStore, type TrainingState } from '../checkpoint.js';
import { CheckpointError } from '../errors.js';

const PATTERN = /^ckpt-(\d{9})\.gantry$/;

/**
 * Checkpoints as files `ckpt-<step>.gantry` in a folder. A write goes to a
 * temporary file that is fsynced and then renamed over the final name (rename is
 * atomic on POSIX file systems), and the folder is fsynced: a crash at any moment
 * leaves either the old set of checkpoints or the new one, never a half-written
 * file under a checkpoint's name. The newest `keep` checkpoints are kept.
 */
export class FileCheckpointStore implements CheckpointStore {
  /** Checkpoints skipped by {@link loadLatest} because they failed verification. */
  readonly skipped: string[] = [];

  constructor(
    readonly folder: string,
    readonly keep = 3,
  ) {
    mkdirSync(folder, { recursive: true });
    // Leftovers of writes interrupted by a crash are never valid checkpoints.
    for (const f of readdirSync(folder)) if (f.includes('.tmp-')) rmSync(join(folder, f), { force: true });
  }

  async save(state: TrainingState): Promise<string> {
    const name = `ckpt-${String(state.step).padStart(9, '0')}.gantry`;
    const final = join(this.folder, name);
    writeFileAtomic(final, encodeCheckpoint(state));
    const all = this.list();
    for (const old of all.slice(0, Math.max(0, all.length - this.keep))) rmSync(join(this.folder, old), { force: true });
    return final;
  }

  async loadLatest(): Promise<TrainingState | undefined> {
    for (const name of this.list().reverse()) {
      try {
        return loadCheckpointFile(join(this.folder, name));
      } catch (error) {
        if (!(error instanceof CheckpointError)) throw error;
        this.skipped.push(`${name}: ${error.message}`);
      }
    }
    return undefined;
  }

  /** Checkpoint file names, oldest first. */
  list(): string[] {
    return readdirSync(this.folder).filter((f) => PATTERN.test(f)).sort();
  }
}

/** Reads and verifies one checkpoint file; errors say which file and what is wrong. */
export function loadCheckpointFile(path: string): TrainingState {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CheckpointError(`Checkpoint not found: ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), `Checkpoint ${path}`);
}

/** Writes a file so that readers see the old content or the new, never a mix. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let written = 0;
    while (written < bytes.byteLength) written += writeSync(fd, bytes, written, bytes.byteLength - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dir = openSync(join(path, '..'), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
