import { readFileSync } from 'node:fs';
import { ConfigError } from '@gantry/core';

/** An IDX array of unsigned bytes: its dimensions and its data (row-major). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** IDX type code of unsigned bytes (the only type MNIST uses). */
const UBYTE = 0x08;

/**
 * Parses an IDX file (LeCun's MNIST format): a big-endian header of
 * `0x00 0x00 <type> <ndims>`, then `ndims` uint32 sizes, then the data.
 * Only unsigned bytes (type `0x08`) are accepted.
 *
 * @param bytes - The whole file.
 * @param path - Shown in errors.
 * @param expectedDims - When given, the header must declare exactly this many
 *   dimensions, and each non-`undefined` entry must match.
 * @throws ConfigError naming `path` when the magic number is wrong, the type is
 *   not ubyte, the dimensions differ, or the file is truncated.
 */
export function parseIdx(
  bytes: Uint8Array,
  path: string,
  expectedDims?: ReadonlyArray<number | undefined>,
): IdxArray {
  if (bytes.length < 4) throw truncated(path, 4, bytes.length);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ConfigError(
      `${path} is not an IDX file: its magic number starts with 0x${hex(bytes[0])}${hex(bytes[1])}, expected 0x0000 ` +
        '(is it still gzip-compressed? decompress it first).',
    );
  }
  if (bytes[2] !== UBYTE) {
    throw new ConfigError(`${path} holds IDX type 0x${hex(bytes[2])}; only unsigned bytes (0x08) are supported.`);
  }
  const ndims = bytes[3];
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) throw truncated(path, headerLength, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  if (expectedDims) {
    const ok = expectedDims.length === ndims && expectedDims.every((e, d) => e === undefined || e === dims[d]);
    if (!ok) {
      const want = expectedDims.map((e) => (e === undefined ? 'n' : String(e))).join(' × ');
      throw new ConfigError(`${path} has dimensions ${dims.join(' × ')}, expected ${want}.`);
    }
  }
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length < headerLength + count) throw truncated(path, headerLength + count, bytes.length);
  return { dims, data: bytes.subarray(headerLength, headerLength + count) };
}

/**
 * Reads and parses an IDX file.
 *
 * @param what - What the file is, for the not-found message (e.g. `'MNIST data'`).
 * @param hint - How to get the file, appended to the not-found message.
 */
export function readIdxFile(
  path: string,
  expectedDims: ReadonlyArray<number | undefined> | undefined,
  what: string,
  hint: string,
): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfigError(`${what} not found at ${path}: ${hint}`);
    throw new ConfigError(`Could not read ${what} at ${path}: ${(error as Error).message}`);
  }
  return parseIdx(bytes, path, expectedDims);
}

function truncated(path: string, expected: number, actual: number): ConfigError {
  return new ConfigError(
    `${path} is truncated: it has ${actual} bytes, but its header needs at least ${expected}. Reinstall the package that ships it.`,
  );
}

function hex(byte: number | undefined): string {
  return (byte ?? 0).toString(16).padStart(2, '0');
}
