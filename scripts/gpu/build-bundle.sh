#!/usr/bin/env bash
# Prepares .gpu/ (git-ignored) for a run of the training benchmark on a lent GPU machine:
# one esbuild bundle of bench/train.bench.ts (Dawn's native module left outside it), a trimmed
# node_modules/webgpu beside it (package.json, index.js, the linux-x64 dawn.node), Node 20 and the
# Vulkan/GL loader packages from ../shared/gpu. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${LAYERPROOF_GPU_SHARED:-../shared/gpu}
mkdir -p .gpu/node_modules/webgpu/dist/linux-x64
npx esbuild scripts/gpu/trainBenchEntry.ts --bundle --platform=node --format=esm --target=node20 --minify \
  --outfile=.gpu/train-bench.mjs --log-level=warning \
  --external:webgpu --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu --external:@tensorflow/tfjs-backend-wasm \
  --banner:js="import{createRequire as __lpRequire}from'module';const require=__lpRequire(import.meta.url);"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js .gpu/node_modules/webgpu/
cp node_modules/webgpu/dist/linux-x64/dawn.node .gpu/node_modules/webgpu/dist/linux-x64/
cp "$shared"/*.deb .gpu/
cp "$shared"/node.xz .gpu/
cp scripts/gpu/run-train-bench.sh .gpu/
du -sh .gpu
