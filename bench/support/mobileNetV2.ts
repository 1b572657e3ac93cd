import { tf } from '../../src/tfjs/tf.js';

type Symbolic = tf.SymbolicTensor;

/** (expansion t, output channels c, repeats n, first stride s) of MobileNetV2's 17 inverted-residual blocks. */
const BLOCKS: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

// Keras's MobileNetV2: convolutions without bias (BN follows), BN ε = 10⁻³.
const bn = (name: string): tf.layers.Layer => tf.layers.batchNormalization({ axis: -1, epsilon: 1e-3, momentum: 0.999, name });
const relu6 = (name: string): tf.layers.Layer => tf.layers.reLU({ maxValue: 6, name });
const conv1x1 = (filters: number, name: string): tf.layers.Layer => tf.layers.conv2d({ filters, kernelSize: 1, padding: 'same', useBias: false, name });

function apply(layer: tf.layers.Layer, x: Symbolic): Symbolic {
  return layer.apply(x) as Symbolic;
}

/**
 * MobileNetV2 (width 1.0) as a functional tf.layers model, shaped as Keras builds it: stem conv
 * 3×3/2 + BN + ReLU6, 17 inverted-residual blocks (1×1 expansion + BN + ReLU6, 3×3 depthwise +
 * BN + ReLU6, 1×1 projection + BN, a residual add where the stride is 1 and the channels match;
 * the first block has no expansion), 1×1 conv 1280 + BN + ReLU6, global average pooling and a
 * softmax dense layer. Depthwise convolutions of stride 2 use 'same' padding (Keras pads
 * explicitly with ZeroPadding2D; the operator is the same up to where the extra zero goes).
 * Weights are tfjs's default initialisers: call `randomizeWeights` for random BN statistics.
 */
export function mobileNetV2(options: { readonly inputSize?: number; readonly classes?: number } = {}): tf.LayersModel {
  const size = options.inputSize ?? 224;
  const input = tf.input({ shape: [size, size, 3], name: 'input' });
  let x = apply(tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'Conv1' }), input);
  x = apply(relu6('Conv1_relu'), apply(bn('bn_Conv1'), x));
  let channels = 32;
  let block = 0;
  for (const [t, c, n, s] of BLOCKS) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const prefix = block === 0 ? 'expanded_conv_' : `block_${block}_`;
      const shortcut = x;
      let h = x;
      if (t !== 1) {
        h = apply(conv1x1(channels * t, `${prefix}expand`), h);
        h = apply(relu6(`${prefix}expand_relu`), apply(bn(`${prefix}expand_BN`), h));
      }
      h = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false, name: `${prefix}depthwise` }), h);
      h = apply(relu6(`${prefix}depthwise_relu`), apply(bn(`${prefix}depthwise_BN`), h));
      h = apply(bn(`${prefix}project_BN`), apply(conv1x1(c, `${prefix}project`), h));
      x = stride === 1 && channels === c ? (tf.layers.add({ name: `${prefix}add` }).apply([shortcut, h]) as Symbolic) : h;
      channels = c;
      block++;
    }
  }
  x = apply(relu6('out_relu'), apply(bn('Conv_1_bn'), apply(conv1x1(1280, 'Conv_1'), x)));
  x = apply(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }), x);
  const output = apply(tf.layers.dense({ units: options.classes ?? 1000, activation: 'softmax', name: 'predictions' }), x);
  return tf.model({ inputs: input, outputs: output, name: 'mobilenetv2_1.00' });
}
