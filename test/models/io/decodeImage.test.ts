import { describe, expect, test } from 'vitest';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { decodeImage } from '../../../src/models/io/decodeImage.js';
import { GRAY_4X3, GRAY_JPEG, jpegBytes, palettePngBytes, pngBytes, PROGRESSIVE_JPEG, smoothRgb, sofOffset } from './imageFiles.js';

const RGB = [10, 20, 30, 40, 50, 60, 70, 80, 90, 200, 210, 220, 1, 2, 3, 255, 254, 253];

function refusal(bytes: Uint8Array, name = 'x.png'): string {
  try {
    decodeImage(name, bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(LayerproofError);
    return (error as Error).message;
  }
  throw new Error('decodeImage did not refuse');
}

describe('decodeImage: PNG', () => {
  test('RGB 8-bit 3×2: its samples exactly, 3 channels, white 255', () => {
    const image = decodeImage('rgb.png', pngBytes(3, 2, RGB, 2));
    expect(image).toMatchObject({ width: 3, height: 2, channels: 3, maxValue: 255 });
    expect(Array.from(image.data)).toEqual(RGB);
  });

  test('RGBA: the alpha channel is dropped', () => {
    const rgba = RGB.flatMap((v, i) => (i % 3 === 2 ? [v, 17 * i] : [v]));
    const image = decodeImage('rgba.png', pngBytes(3, 2, rgba, 6));
    expect(image.channels).toBe(3);
    expect(Array.from(image.data)).toEqual(RGB);
  });

  test('grayscale and grayscale + alpha: one channel', () => {
    const gray = [0, 50, 100, 150, 200, 250];
    expect(Array.from(decodeImage('g.png', pngBytes(3, 2, gray, 0)).data)).toEqual(gray);
    const image = decodeImage('ga.png', pngBytes(3, 2, gray.flatMap((v) => [v, 128]), 4));
    expect(image.channels).toBe(1);
    expect(Array.from(image.data)).toEqual(gray);
  });

  test('16-bit grayscale keeps its 16 bits: white is 65,535', () => {
    const gray = [0, 1, 256, 40000, 65534, 65535];
    const image = decodeImage('g16.png', pngBytes(3, 2, gray, 0, 16));
    expect(image).toMatchObject({ channels: 1, maxValue: 65535 });
    expect(Array.from(image.data)).toEqual(gray);
  });

  test('palette: the palette colours, 3 channels', () => {
    const palette = [[255, 0, 0], [0, 128, 255], [7, 8, 9]] as const;
    const indices = [0, 1, 2, 2, 1, 0];
    const image = decodeImage('p.png', palettePngBytes(3, 2, indices, palette));
    expect(image).toMatchObject({ channels: 3, maxValue: 255 });
    expect(Array.from(image.data)).toEqual(indices.flatMap((i) => [...(palette[i] ?? [])]));
  });

  test('a truncated PNG names the file and says so', () => {
    const bytes = pngBytes(3, 2, RGB, 2);
    expect(refusal(bytes.subarray(0, bytes.length - 20), 'cut.png')).toMatch(/the image cut\.png is not a readable PNG .*truncated or corrupt/);
  });
});

describe('decodeImage: JPEG', () => {
  test('a baseline JPEG at quality 100 decodes to its RGB samples within 3 levels', () => {
    const rgb = smoothRgb(8, 8);
    const image = decodeImage('a.jpg', jpegBytes(8, 8, rgb));
    expect(image).toMatchObject({ width: 8, height: 8, channels: 3, maxValue: 255 });
    expect(Math.max(...Array.from(image.data, (v, i) => Math.abs(v - (rgb[i] ?? 0))))).toBeLessThanOrEqual(3);
  });

  test('negative control: the same check fails against the image flipped left to right', () => {
    const rgb = smoothRgb(8, 8);
    const image = decodeImage('a.jpg', jpegBytes(8, 8, rgb));
    const flipped = (i: number): number => {
      const p = Math.floor(i / 3);
      const x = p % 8;
      return rgb[3 * (p - x + 7 - x) + (i % 3)] ?? 0;
    };
    expect(Math.max(...Array.from(image.data, (v, i) => Math.abs(v - flipped(i))))).toBeGreaterThan(3);
  });

  test('a grayscale JPEG (1 component) is one channel, its samples within 2 levels', () => {
    const image = decodeImage('g.jpg', GRAY_JPEG);
    expect(image).toMatchObject({ width: 4, height: 3, channels: 1, maxValue: 255 });
    expect(Math.max(...Array.from(image.data, (v, i) => Math.abs(v - (GRAY_4X3[i] ?? NaN))))).toBeLessThanOrEqual(2);
  });

  test('a progressive JPEG decodes to its RGB samples within 3 levels', () => {
    const rgb = smoothRgb(8, 8);
    const image = decodeImage('p.jpg', PROGRESSIVE_JPEG);
    expect(image).toMatchObject({ width: 8, height: 8, channels: 3 });
    expect(Math.max(...Array.from(image.data, (v, i) => Math.abs(v - (rgb[i] ?? NaN))))).toBeLessThanOrEqual(3);
  });

  test('a CMYK JPEG (4 components) is refused by name, with how to convert it', () => {
    const bytes = Buffer.from(jpegBytes(4, 4, smoothRgb(4, 4)));
    bytes[sofOffset(bytes) + 9] = 4;
    expect(refusal(bytes, 'cmyk.jpg')).toMatch(/the image cmyk\.jpg is a CMYK .*4 colour components.*convert it to RGB/);
  });

  test('an arithmetic-coded JPEG is refused by name', () => {
    const bytes = Buffer.from(jpegBytes(4, 4, smoothRgb(4, 4)));
    bytes[sofOffset(bytes) + 1] = 0xc9;
    expect(refusal(bytes, 'arith.jpg')).toMatch(/arith\.jpg uses arithmetic coding \(JPEG marker SOF9\)/);
  });

  test('a truncated JPEG, baseline or progressive, names the file and the coding', () => {
    const bytes = Buffer.from(jpegBytes(8, 8, smoothRgb(8, 8)));
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.7));
    expect(refusal(cut, 'cut.jpg')).toMatch(/the image cut\.jpg could not be decoded as a JPEG .*truncated or corrupt/);
    const progressive = Buffer.from(cut);
    progressive[sofOffset(progressive) + 1] = 0xc2;
    expect(refusal(progressive, 'prog.jpg')).toMatch(/prog\.jpg could not be decoded as a progressive JPEG/);
  });

  test('a file that is neither: its first bytes, or that it is empty', () => {
    expect(refusal(Buffer.from('GIF89a....'), 'x.png')).toMatch(/x\.png is neither a PNG nor a JPEG \(its first bytes are 47 49 46 38 39 61/);
    expect(refusal(new Uint8Array(0), 'e.jpg')).toMatch(/e\.jpg is neither a PNG nor a JPEG \(it is empty\)/);
  });
});
