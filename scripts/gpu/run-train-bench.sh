#!/usr/bin/env bash
# Runs on the lent GPU machine, from the repository root, with .gpu/ carried (see build-bundle.sh):
# unpacks the Vulkan loader and Node, points Vulkan at the NVIDIA driver, then runs the training
# benchmark on webgpu (stock vs layerproof at batch 2048 then 256, every gradient lowering,
# layerproof without each dispatch-cost change, loops without per-step sync, kernel profiles).
# Results stream into $OUT as they come; give the device call ~420 s (BENCH_TIMEOUT 300, PROFILE_SECONDS 60).
set -uo pipefail
for f in .gpu/*.deb; do dpkg -x "$f" /; done
ldconfig
xz -dc .gpu/node.xz > /tmp/node && chmod +x /tmp/node
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
out=${OUT:-/tmp/out}
mkdir -p "$out"
{ nvidia-smi -L; /tmp/node --version; lscpu | grep -E 'Model name|^CPU\(s\)|MHz'; } > "$out/machine.txt" 2>&1
cd .gpu
timeout "${BENCH_TIMEOUT:-300}" /tmp/node train-bench.mjs --backends webgpu --sweep --profile --steps 10 "$@" 2> "$out/stderr.txt" | tee "$out/train.jsonl"
echo "exit ${PIPESTATUS[0]}"
# Then a CPU profile of layerproof's default at batch 2048 alone (30 timed steps): where a step's
# CPU time goes, if the target is still missed. PROFILE_SECONDS=0 skips it.
if [ "${PROFILE_SECONDS:-60}" -gt 0 ]; then
  timeout "${PROFILE_SECONDS:-60}" /tmp/node --cpu-prof --cpu-prof-dir="$out" --cpu-prof-name=layerproof-2048.cpuprofile \
    train-bench.mjs --backends webgpu --variants layerproof --batch 2048 --gpu-batch 0 --steps 30 2>> "$out/stderr.txt" | tee "$out/profile-run.jsonl"
fi
