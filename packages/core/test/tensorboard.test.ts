import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c, TensorBoardLog } from '@gantry/core/node';

const dir = mkdtempSync(join(tmpdir(), 'gantry-tb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A protobuf reader written for this test: field number → list of raw values. */
function decode(bytes: Uint8Array): Map<number, Array<number | bigint | Uint8Array>> {
  const out = new Map<number, Array<number | bigint | Uint8Array>>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  const varint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[i++];
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return v;
    }
  };
  while (i < bytes.length) {
    const key = Number(varint());
    const field = key >> 3;
    let value: number | bigint | Uint8Array;
    switch (key & 7) {
      case 0:
        value = varint();
        break;
      case 1:
        value = view.getFloat64(i, true);
        i += 8;
        break;
      case 5:
        value = view.getFloat32(i, true);
        i += 4;
        break;
      case 2: {
        const n = Number(varint());
        value = bytes.subarray(i, i + n);
        i += n;
        break;
      }
      default:
        throw new Error(`wire type ${key & 7}`);
    }
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

function records(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < file.length) {
    const n = Number(view.getBigUint64(at, true));
    expect(view.getUint32(at + 8, true)).toBe(maskedCrc32c(file.subarray(at, at + 8)));
    const data = file.subarray(at + 12, at + 12 + n);
    expect(view.getUint32(at + 12 + n, true)).toBe(maskedCrc32c(data));
    out.push(data);
    at += 16 + n;
  }
  return out;
}

describe('TensorBoard event files', () => {
  it('computes CRC-32C: the standard check value of "123456789" is 0xE3069283', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    // RFC 3720 B.4: 32 bytes of zeros → 0x8A9136AA.
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });

  it('writes a version record, a session start, scalars and an image, each record CRC-checked', () => {
    const log = new TensorBoardLog(join(dir, 'run'), {
      samples: { last: { step: 2, png: Uint8Array.from([137, 80, 78, 71]), width: 3, height: 2 } },
    });
    log.onTrainStart({ startStep: 0 });
    log.onStepEnd({ step: 1, totalSteps: 2, logs: { 'loss/discriminator': 1.25, bad: Number.NaN }, elapsedMs: 0, stepsPerSecond: 1, trainer: undefined as never });
    log.onStepEnd({ step: 2, totalSteps: 2, logs: { 'loss/discriminator': -0.5 }, elapsedMs: 0, stepsPerSecond: 1, trainer: undefined as never });
    const files = readdirSync(join(dir, 'run'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^events\.out\.tfevents\.\d+\./);
    const events = records(new Uint8Array(readFileSync(log.path))).map(decode);
    expect(events).toHaveLength(5);
    expect(new TextDecoder().decode(events[0].get(3)![0] as Uint8Array)).toBe('brain.Event:2');
    // SessionLog START (status 1) at step 1.
    expect(events[1].get(2)![0]).toBe(1n);
    expect(decode(events[1].get(6)![0] as Uint8Array).get(1)![0]).toBe(1n);
    const scalar = (e: Map<number, unknown[]>) => {
      const values = decode(e.get(5)![0] as Uint8Array).get(1)!.map((v) => decode(v as Uint8Array));
      return values.map((v) => [new TextDecoder().decode(v.get(1)![0] as Uint8Array), v.get(2)![0]]);
    };
    expect(events[2].get(2)![0]).toBe(1n);
    expect(scalar(events[2])).toEqual([['loss/discriminator', 1.25]]); // NaN skipped
    expect(scalar(events[3])).toEqual([['loss/discriminator', -0.5]]);
    const value = decode(decode(events[4].get(5)![0] as Uint8Array).get(1)![0] as Uint8Array);
    expect(new TextDecoder().decode(value.get(1)![0] as Uint8Array)).toBe('samples');
    const image = decode(value.get(4)![0] as Uint8Array);
    expect([image.get(1)![0], image.get(2)![0], image.get(3)![0]]).toEqual([2n, 3n, 3n]);
    expect(Array.from(image.get(4)![0] as Uint8Array)).toEqual([137, 80, 78, 71]);
  });

  // TensorBoard's own reader, when a Python with the `tensorboard` package is named.
  it.skipIf(!process.env.GANTRY_TENSORBOARD_PYTHON)('is read by TensorBoard itself (EventAccumulator)', () => {
    const log = new TensorBoardLog(join(dir, 'tb'));
    log.onTrainStart({ startStep: 0 });
    for (let step = 1; step <= 3; step++) log.scalars(step, { 'loss/generator': step / 4 });
    const script = [
      'import sys',
      'from tensorboard.backend.event_processing import event_accumulator as ea',
      'a = ea.EventAccumulator(sys.argv[1]); a.Reload()',
      "print([(e.step, round(e.value, 4)) for e in a.Scalars('loss/generator')])",
    ].join('\n');
    const run = spawnSync(process.env.GANTRY_TENSORBOARD_PYTHON!, ['-c', script, join(dir, 'tb')], { encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(run.stdout.trim()).toBe('[(1, 0.25), (2, 0.5), (3, 0.75)]');
  });
});
