/**
 * The CIFAR-10 binary format: each record is one label byte followed by 3,072 pixel bytes,
 * the red, green and blue 32×32 planes in turn (row-major within a plane).
 */
export const CIFAR_IMAGE_SIZE = 32;
export const CIFAR_CHANNELS = 3;
/** Pixels of one image, all channels: 32·32·3. */
export const CIFAR_PIXELS = CIFAR_IMAGE_SIZE * CIFAR_IMAGE_SIZE * CIFAR_CHANNELS;
/** Bytes of one record: the label byte and the pixels. */
export const CIFAR_RECORD_BYTES = 1 + CIFAR_PIXELS;
export const CIFAR_CLASSES = 10;
/** Training files of the official archive, in order. */
export const CIFAR_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] as const;
export const CIFAR_TEST_FILE = 'test_batch.bin';
export const CIFAR_META_FILE = 'batches.meta.txt';
/** The class names of `batches.meta.txt`, used when a directory has no such file. */
export const CIFAR_CLASS_NAMES: readonly string[] = [
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
];

/**
 * Images in memory: `pixels` holds `count` images as bytes in NHWC order (element (h, w, c)
 * of image i at `i·3072 + (h·32 + w)·3 + c`), the layout TensorFlow.js takes.
 */
export interface CifarImages {
  readonly count: number;
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}
