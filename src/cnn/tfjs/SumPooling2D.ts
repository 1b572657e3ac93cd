import { tf } from '../../tfjs/tf.js';

export interface SumPooling2DArgs {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'valid' | 'same';
  readonly name?: string;
}

/**
 * Sum pooling as a TensorFlow.js layer (tfjs has none): a depthwise convolution with an
 * all-ones kernel, which adds the cells under each window and adds nothing for padding.
 */
export class SumPooling2D extends tf.layers.Layer {
  static readonly className = 'SumPooling2D';
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'valid' | 'same';

  constructor(args: SumPooling2DArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    this.poolSize = args.poolSize;
    this.strides = args.strides;
    this.padding = args.padding;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    const [batch, h, w, c] = inputShape as [number | null, number, number, number];
    const out = (size: number, k: number, s: number): number =>
      this.padding === 'same' ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
    return [batch, out(h, this.poolSize[0], this.strides[0]), out(w, this.poolSize[1], this.strides[1]), c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const channels = x.shape[3];
      const ones = tf.ones<tf.Rank.R4>([this.poolSize[0], this.poolSize[1], channels, 1]);
      return tf.depthwiseConv2d(x, ones, this.strides, this.padding);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}

tf.serialization.registerClass(SumPooling2D);
