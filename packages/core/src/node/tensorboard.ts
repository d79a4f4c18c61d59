import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Callback, StepEvent } from '../callback.js';
import type { SampleGrid } from './sample-grid.js';

/*
 * TensorBoard reads "event files": a TFRecord stream of `Event` protocol buffers.
 * Both formats are small and fixed, so they are written here by hand — no
 * protobuf library and no native TensorFlow:
 *
 *   TFRecord:  uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)
 *   Event:     1 wall_time (double) · 2 step (int64) · 3 file_version (string) · 5 summary · 6 session_log
 *   Summary:   1 value (repeated): 1 tag (string) · 2 simple_value (float) · 4 image
 *   Image:     1 height · 2 width · 3 colorspace · 4 encoded_image_string (PNG bytes)
 *
 * (field numbers from tensorflow/core/util/event.proto and framework/summary.proto.)
 */

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as TFRecord uses. */
export function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC32C_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15 and add 0xA282EAD8 (mod 2³²). */
export function maskedCrc32c(bytes: Uint8Array): number {
  const c = crc32c(bytes);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One TFRecord around `data`. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** Minimal protocol-buffer writer: the wire types the Event messages need. */
class Proto {
  private readonly parts: number[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt(value);
    if (v < 0n) v += 1n << 64n; // int64 two's complement
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v) byte |= 0x80;
      this.parts.push(byte);
    } while (v);
  }

  int(field: number, value: number): this {
    this.varint((field << 3) | 0);
    this.varint(value);
    return this;
  }

  double(field: number, value: number): this {
    this.varint((field << 3) | 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.parts.push(...b);
    return this;
  }

  float(field: number, value: number): this {
    this.varint((field << 3) | 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.parts.push(...b);
    return this;
  }

  bytes(field: number, value: Uint8Array | string): this {
    const b = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    this.varint((field << 3) | 2);
    this.varint(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** An image for {@link TensorBoardLog.image}: PNG bytes and their size. */
export interface EncodedImage {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Writes a run's logged values (and, on request, images) as a TensorBoard event
 * file, `folder/events.out.tfevents.<seconds>.<host>`, readable by
 * `tensorboard --logdir <folder>`. Each process start writes a new file beginning
 * with a `SessionLog.START` at the resume step, which tells TensorBoard to drop
 * values a crashed run logged past its last checkpoint. Values that are not
 * finite are skipped (TensorBoard would plot them as gaps anyway).
 */
export class TensorBoardLog implements Callback {
  /** Path of the event file of this process. */
  readonly path: string;

  /**
   * @param folder where the event file goes (e.g. the run folder's `tensorboard/`).
   * @param options.samples a {@link SampleGrid} listed before this callback: each
   *   grid it writes is also logged as the image `samples`.
   */
  constructor(
    readonly folder: string,
    private readonly options: { readonly samples?: { readonly last?: EncodedImage & { readonly step: number } } } = {},
  ) {
    mkdirSync(folder, { recursive: true });
    const now = Date.now();
    this.path = join(folder, `events.out.tfevents.${Math.floor(now / 1000)}.${hostname()}.${process.pid}`);
    this.append(new Proto().double(1, now / 1000).bytes(3, 'brain.Event:2').finish());
  }

  onTrainStart(info: { startStep: number }): void {
    // SessionLog { status: START (1) } — TensorBoard purges later steps of earlier files.
    const sessionLog = new Proto().int(1, 1).finish();
    this.append(new Proto().double(1, Date.now() / 1000).int(2, info.startStep + 1).bytes(6, sessionLog).finish());
  }

  onStepEnd(event: StepEvent): void {
    this.scalars(event.step, event.logs);
    const last = this.options.samples?.last;
    if (last && last.step === event.step) this.image(event.step, 'samples', last);
  }

  /** Writes scalar values at `step` (tags as given, e.g. `loss/discriminator`). */
  scalars(step: number, values: Readonly<Record<string, number>>): void {
    const summary = new Proto();
    for (const [tag, value] of Object.entries(values)) {
      if (Number.isFinite(value)) summary.bytes(1, new Proto().bytes(1, tag).float(2, value).finish());
    }
    this.append(new Proto().double(1, Date.now() / 1000).int(2, step).bytes(5, summary.finish()).finish());
  }

  /** Writes a PNG image under `tag` at `step` (shown in TensorBoard's Images tab). */
  image(step: number, tag: string, image: EncodedImage): void {
    const img = new Proto().int(1, image.height).int(2, image.width).int(3, 3).bytes(4, image.png).finish();
    const value = new Proto().bytes(1, tag).bytes(4, img).finish();
    this.append(new Proto().double(1, Date.now() / 1000).int(2, step).bytes(5, new Proto().bytes(1, value).finish()).finish());
  }

  private append(event: Uint8Array): void {
    appendFileSync(this.path, tfRecord(event));
  }
}
