// Writes PNG and JPEG files for the image-reading tests.
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG, type ColorType } from 'pngjs';

/** A PNG of `colorType` (0 gray, 2 RGB, 4 gray + alpha, 6 RGBA) from samples in that layout, 8 or 16 bits. */
export function pngBytes(width: number, height: number, samples: readonly number[], colorType: ColorType, bitDepth: 8 | 16 = 8): Buffer {
  const data = bitDepth === 16 ? Buffer.from(new Uint16Array(samples).buffer) : Buffer.from(samples);
  const image = { width, height, data } as unknown as PNG;
  return PNG.sync.write(image, { colorType, inputColorType: colorType, bitDepth, inputHasAlpha: colorType >= 4 });
}

function chunk(type: string, body: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.byteLength);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/** An 8-bit palette PNG (colour type 3), which pngjs cannot write: `indices` into `palette` ([r, g, b] each). */
export function palettePngBytes(width: number, height: number, indices: readonly number[], palette: readonly (readonly [number, number, number])[]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) rows.push(0, ...indices.slice(y * width, (y + 1) * width));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', Buffer.from(palette.flat())),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** A baseline JPEG (jpeg-js encoder, YCbCr) of RGB samples. */
export function jpegBytes(width: number, height: number, rgb: readonly number[], quality = 100): Buffer {
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    rgba.set([rgb[3 * p] ?? 0, rgb[3 * p + 1] ?? 0, rgb[3 * p + 2] ?? 0, 255], 4 * p);
  }
  return jpeg.encode({ width, height, data: rgba }, quality).data;
}

/** Offset of the first SOFn marker of a JPEG (0xFF 0xC0…0xCF but DHT, JPG, DAC). */
export function sofOffset(bytes: Uint8Array): number {
  for (let i = 2; i + 1 < bytes.length; i++) {
    const m = bytes[i + 1] ?? 0;
    if (bytes[i] === 0xff && m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) return i;
  }
  throw new Error('no SOF marker');
}

export function writeFile(path: string, bytes: Uint8Array): string {
  writeFileSync(path, bytes);
  return path;
}

/** A smooth RGB test pattern of w×h (JPEG keeps smooth images close to exact). */
export function smoothRgb(width: number, height: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out.push(40 + 20 * x, 60 + 15 * y, 100 + 5 * (x + y));
  }
  return out;
}

/**
 * JPEGs the jpeg-js encoder cannot write, made once with Pillow 12 at quality 100: a 4×3
 * grayscale one (1 component) of GRAY_4X3, and a progressive 8×8 RGB one of smoothRgb(8, 8).
 */
export const GRAY_4X3 = [0, 40, 80, 120, 160, 200, 240, 255, 30, 60, 90, 120];
export const GRAY_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAADAAQBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/APDP2HP2l/iBafs5eCrW08Ifs32lvAkkcUNp+x3+yRbRhRbWZyywfBGMO5zgySbpCoVS5VFA/9k=',
  'base64',
);
export const PROGRESSIVE_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/2wBDAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wgARCAAIAAgDAREAAhEBAxEB/8QAFAABAAAAAAAAAAAAAAAAAAAABv/EABUBAQEAAAAAAAAAAAAAAAAAAAQG/9oADAMBAAIQAxAAAAERXC//xAAWEAADAAAAAAAAAAAAAAAAAAAABQb/2gAIAQEAAQUCRSp//8QAGxEAAAcBAAAAAAAAAAAAAAAAAAYHIzRCUnH/2gAIAQMBAT8BSg+xnsW4P//EABgRAAIDAAAAAAAAAAAAAAAAAAAEBSIx/9oACAECAQE/AWJbbH//xAAYEAACAwAAAAAAAAAAAAAAAAAAAiNBUf/aAAgBAQAGPwJI8o//xAAWEAADAAAAAAAAAAAAAAAAAAAAwfD/2gAIAQEAAT8htUf/2gAMAwEAAgADAAAAEP8A/8QAGxEAAAcBAAAAAAAAAAAAAAAAAAERQVGhsfD/2gAIAQMBAT8Q6TSRRuP/xAAaEQABBQEAAAAAAAAAAAAAAAABABFRgaHR/9oACAECAQE/EKUS/RgX/8QAGxAAAgEFAAAAAAAAAAAAAAAAAREAMUFx4fD/2gAIAQEAAT8Qfe0Yc6Ez/9k=',
  'base64',
);
