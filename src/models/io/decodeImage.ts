import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { LayerproofError } from '../../core/LayerproofError.js';

const op = 'readModelInputs';

/** An image's pixels as stored: `channels` values per pixel, row-major (h, w, c), in [0, maxValue]. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** 1 for grayscale images, 3 for colour ones (alpha is dropped). */
  readonly channels: 1 | 3;
  readonly data: Uint8Array | Uint16Array;
  /** The white level: 255 for 8-bit images, 65,535 for 16-bit PNGs, 2ᵈ − 1 for d-bit grayscale. */
  readonly maxValue: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function fail(path: string, what: string, cause?: unknown): LayerproofError {
  return new LayerproofError(`Error in ${op}: the image ${path} ${what}.`, { op, argument: 'images', value: path, cause });
}

/** Keeps `channels` of the RGBA values pngjs returns. */
function dropChannels(rgba: ArrayLike<number>, pixels: number, channels: 1 | 3, out: Uint8Array | Uint16Array): Uint8Array | Uint16Array {
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++) out[p * channels + c] = rgba[4 * p + c] ?? 0;
  }
  return out;
}

function decodePng(path: string, bytes: Uint8Array): DecodedImage {
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    // skipRescale keeps 16-bit samples (and low-depth grayscale) at their own scale; palettes still expand to 8-bit RGBA.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
  } catch (error) {
    throw fail(path, `is not a readable PNG (${(error as Error).message}); the file is truncated or corrupt`, error);
  }
  const { width, height, depth } = png;
  // @types/pngjs leaves out palette images (3), which pngjs does read.
  const colorType: number = png.colorType;
  // PNG colour types: 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA; bit 2 set means colour.
  const channels: 1 | 3 = (colorType & 2) === 0 ? 1 : 3;
  const palette = colorType === 3;
  const maxValue = palette ? 255 : 2 ** depth - 1;
  const pixels = width * height;
  const out = !palette && depth === 16 ? new Uint16Array(pixels * channels) : new Uint8Array(pixels * channels);
  return { width, height, channels, data: dropChannels(png.data, pixels, channels, out), maxValue };
}

interface JpegFrame {
  readonly components: number;
  readonly precision: number;
  readonly marker: number;
}

/** The first frame header (SOFn) of a JPEG: how many colour components, which coding process. */
function jpegFrame(bytes: Uint8Array): JpegFrame | undefined {
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1] ?? 0;
    if (marker === 0xff) { i += 1; continue; }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { marker, precision: bytes[i + 4] ?? 0, components: bytes[i + 9] ?? 0 };
    i += 2 + length;
  }
  return undefined;
}

function decodeJpeg(path: string, bytes: Uint8Array): DecodedImage {
  const frame = jpegFrame(bytes);
  if (frame !== undefined) {
    if (frame.components === 4) {
      throw fail(path, 'is a CMYK (or YCCK) JPEG, with 4 colour components; convert it to RGB first (e.g. `magick in.jpg -colorspace sRGB out.jpg`)');
    }
    if (frame.marker >= 0xc9 || frame.marker === 0xc3 || frame.marker === 0xc7) {
      throw fail(path, `uses ${frame.marker >= 0xc9 ? 'arithmetic coding' : 'lossless coding'} (JPEG marker SOF${frame.marker - 0xc0}), which the decoder does not read; re-save it as an ordinary (Huffman-coded) JPEG`);
    }
    if (frame.precision !== 8) {
      throw fail(path, `has ${frame.precision}-bit samples; only 8-bit JPEGs are read (re-save it as an 8-bit JPEG or a 16-bit PNG)`);
    }
  }
  const progressive = frame !== undefined && (frame.marker === 0xc2 || frame.marker === 0xc6);
  let image: { width: number; height: number; data: Uint8Array };
  try {
    image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
  } catch (error) {
    throw fail(path, `could not be decoded as a ${progressive ? 'progressive ' : ''}JPEG (${(error as Error).message}); the file is truncated or corrupt`, error);
  }
  const pixels = image.width * image.height;
  if (frame?.components === 1) {
    // jpeg-js repeats a grayscale image's one channel three times.
    const gray = new Uint8Array(pixels);
    for (let p = 0; p < pixels; p++) gray[p] = image.data[3 * p] ?? 0;
    return { width: image.width, height: image.height, channels: 1, data: gray, maxValue: 255 };
  }
  return { width: image.width, height: image.height, channels: 3, data: image.data, maxValue: 255 };
}

/**
 * Decodes a PNG (pngjs: grayscale, RGB, palette, with or without alpha, 1 to 16 bits) or a JPEG
 * (jpeg-js: baseline or progressive, grayscale or YCbCr) from its bytes, recognised by their
 * signature. Alpha is dropped; CMYK, arithmetic-coded and 12-bit JPEGs are refused by name.
 */
export function decodeImage(path: string, bytes: Uint8Array): DecodedImage {
  if (startsWith(bytes, PNG_SIGNATURE)) return decodePng(path, bytes);
  if (startsWith(bytes, [0xff, 0xd8])) return decodeJpeg(path, bytes);
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw fail(path, `is neither a PNG nor a JPEG (${bytes.length === 0 ? 'it is empty' : `its first bytes are ${head}`}); the file is corrupt or has the wrong extension`);
}
