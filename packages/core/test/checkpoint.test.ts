import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError, crc32, decodeCheckpoint, encodeCheckpoint, type TrainingState } from '@gantry/core';
import { FileCheckpointStore, loadCheckpointFile } from '@gantry/core/node';

const state = (step: number): TrainingState => ({
  format: 1,
  step,
  seed: 3,
  spec: { objective: 'hinge' },
  models: { generator: [{ name: '0:w', shape: [2, 2], dtype: 'float32', data: Float32Array.of(1, 2, 3, 4.5) }] },
  optimizers: { generator: [{ name: 'iterations', shape: [], dtype: 'int32', data: Int32Array.of(step) }] },
  components: { k: { k: 0.25 } },
  createdAt: '2026-11-25T00:00:00.000Z',
});

describe('checkpoint format', () => {
  it('CRC-32 of "123456789" is the standard check value 0xCBF43926', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips every field', () => {
    const back = decodeCheckpoint(encodeCheckpoint(state(7)));
    expect(back.step).toBe(7);
    expect(back.spec).toEqual({ objective: 'hinge' });
    expect(Array.from(back.models.generator[0].data)).toEqual([1, 2, 3, 4.5]);
    expect(back.optimizers.generator[0].data).toBeInstanceOf(Int32Array);
    expect(back.components).toEqual({ k: { k: 0.25 } });
  });

  it('detects truncation and corruption', () => {
    const bytes = encodeCheckpoint(state(7));
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 3))).toThrow(/corrupt or truncated/);
    const flipped = bytes.slice();
    flipped[flipped.length - 1] ^= 1;
    expect(() => decodeCheckpoint(flipped)).toThrow(CheckpointError);
    expect(() => decodeCheckpoint(new TextEncoder().encode('{"not":"a checkpoint"}'))).toThrow(/not a Gantry checkpoint/);
  });
});

describe('FileCheckpointStore', () => {
  it('keeps the newest N, loads the newest, and falls back past a corrupt one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-ckpt-'));
    const store = new FileCheckpointStore(dir, 2);
    for (const s of [1, 2, 3]) await store.save(state(s));
    expect(store.list()).toEqual(['ckpt-000000002.gantry', 'ckpt-000000003.gantry']);
    expect((await store.loadLatest())?.step).toBe(3);
    const newest = join(dir, 'ckpt-000000003.gantry');
    writeFileSync(newest, readFileSync(newest).subarray(0, 40));
    const again = new FileCheckpointStore(dir, 2);
    expect((await again.loadLatest())?.step).toBe(2);
    expect(again.skipped[0]).toMatch(/ckpt-000000003.gantry: .*corrupt or truncated/);
  });

  it('removes temporary files left by an interrupted write and never lists them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-ckpt-'));
    writeFileSync(join(dir, 'ckpt-000000009.gantry.tmp-123'), 'half');
    const store = new FileCheckpointStore(dir);
    expect(readdirSync(dir)).toEqual([]);
    expect(store.list()).toEqual([]);
  });

  it('names a missing file', () => {
    expect(() => loadCheckpointFile('/nonexistent/ckpt.gantry')).toThrow(/Checkpoint not found: \/nonexistent\/ckpt.gantry/);
  });
});
