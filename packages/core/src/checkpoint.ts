import { CheckpointError } from './errors.js';
import type { SavedArray } from './optimizer.js';
import type { Json } from './state.js';

/**
 * Everything a run needs to continue exactly where it stopped: the step, the seed
 * (all randomness is derived from seed and step), every network variable, every
 * optimizer slot and every stateful component's state.
 */
export interface TrainingState {
  readonly format: 1;
  readonly step: number;
  readonly seed: number;
  /** The plain-data spec that built the run, so tools can rebuild it. */
  readonly spec?: Json;
  readonly models: Readonly<Record<string, readonly SavedArray[]>>;
  readonly optimizers: Readonly<Record<string, readonly SavedArray[]>>;
  readonly components: Readonly<Record<string, Json>>;
  readonly createdAt: string;
}

/** Where checkpoints go: a folder on disk (`@gantry/core/node`), memory, or a browser store. */
export interface CheckpointStore {
  /** Persists a state atomically; returns where it went. */
  save(state: TrainingState): Promise<string>;
  /** The newest intact checkpoint, or undefined when there is none. */
  loadLatest(): Promise<TrainingState | undefined>;
}

/** Keeps checkpoints in memory (tests, browsers). */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly saved: Uint8Array[] = [];
  async save(state: TrainingState): Promise<string> {
    this.saved.push(encodeCheckpoint(state));
    return `memory:${this.saved.length - 1}`;
  }
  async loadLatest(): Promise<TrainingState | undefined> {
    const last = this.saved[this.saved.length - 1];
    return last ? decodeCheckpoint(last) : undefined;
  }
}

const MAGIC = [0x47, 0x41, 0x4e, 0x54, 0x52, 0x59, 0x43, 0x4b]; // "GANTRYCK"

interface ArrayEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

/**
 * Serialises a state to one buffer: magic, header length, CRC-32 of everything
 * after it, a JSON header and the raw little-endian arrays. The checksum makes a
 * truncated or corrupted file detectable on load.
 */
export function encodeCheckpoint(state: TrainingState): Uint8Array {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const table = (groups: Readonly<Record<string, readonly SavedArray[]>>) =>
    Object.fromEntries(
      Object.entries(groups).map(([key, arrays]) => [
        key,
        arrays.map((a): ArrayEntry => {
          const bytes = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength).slice();
          chunks.push(bytes);
          const entry = { name: a.name, shape: [...a.shape], dtype: a.dtype, offset, length: a.data.length };
          offset += bytes.byteLength;
          return entry;
        }),
      ]),
    );
  const header = {
    format: state.format,
    step: state.step,
    seed: state.seed,
    spec: state.spec ?? null,
    components: state.components,
    createdAt: state.createdAt,
    models: table(state.models),
    optimizers: table(state.optimizers),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - ((16 + headerBytes.length) % 4)) % 4;
  const out = new Uint8Array(16 + headerBytes.length + pad + offset);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 16);
  let at = 16 + headerBytes.length + pad;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  view.setUint32(12, crc32(out.subarray(16)), true);
  return out;
}

/** Parses and verifies a buffer written by {@link encodeCheckpoint}. */
export function decodeCheckpoint(bytes: Uint8Array, where = 'checkpoint'): TrainingState {
  if (bytes.length < 16 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new CheckpointError(`${where} is not a Gantry checkpoint (bad magic number or too short: ${bytes.length} bytes).`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (crc32(bytes.subarray(16)) !== view.getUint32(12, true)) {
    throw new CheckpointError(`${where} is corrupt or truncated (checksum mismatch, ${bytes.length} bytes).`);
  }
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength)));
  const base = 16 + headerLength + ((4 - ((16 + headerLength) % 4)) % 4);
  const arrays = (groups: Record<string, ArrayEntry[]>) =>
    Object.fromEntries(
      Object.entries(groups).map(([key, entries]) => [
        key,
        entries.map((e): SavedArray => {
          const slice = bytes.slice(base + e.offset, base + e.offset + e.length * 4);
          const data = e.dtype === 'int32' ? new Int32Array(slice.buffer) : new Float32Array(slice.buffer);
          return { name: e.name, shape: e.shape, dtype: e.dtype, data };
        }),
      ]),
    );
  return {
    format: header.format,
    step: header.step,
    seed: header.seed,
    spec: header.spec ?? undefined,
    components: header.components,
    createdAt: header.createdAt,
    models: arrays(header.models),
    optimizers: arrays(header.optimizers),
  };
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3 polynomial), as in zip and PNG. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
