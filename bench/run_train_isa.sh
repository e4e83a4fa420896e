#!/usr/bin/env bash
# The training-step rows of bench/RESULTS.md at each vector width, AlignLab beside PyTorch 1.13 (Debian, OpenBLAS)
# and TorchSharp 0.107 (libtorch 2.10), measured back to back in one run. Every side is capped the same way:
#   avx512: each library's own choice on an AVX-512 machine;
#   avx2:   .NET's JIT without AVX-512 (DOTNET_EnableAVX512=0: AlignLab's kernels and TensorPrimitives both take their
#           256-bit paths), OpenBLAS's Haswell kernels, ATen's AVX2 kernels, MKL limited to AVX2
# so an AVX-512 machine also measures the code paths an AVX2-only CPU runs (same caches and clock, so it is a proxy
# for such a CPU, not a replacement). Usage: bench/run_train_isa.sh [threads] > raw.jsonl
# Needs: apt-get install python3-torch libopenblas0-pthread (without it numpy and torch fall back to the reference BLAS).
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
py=/usr/bin/python3
export OMP_WAIT_POLICY=PASSIVE
for isa in avx512 avx2; do
  if [[ $isa == avx2 ]]; then
    avx512=0 blas=Haswell; torch_env=(ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2)
  else
    avx512=1 blas=SkylakeX; torch_env=()
  fi
  for cfg in "4 128 4 128 512 16 20" "6 384 6 256 4096 8 5"; do
    set -- $cfg
    flags=(--layers $1 --dim $2 --heads $3 --ctx $4 --vocab $5 --batch $6 --steps $7 --threads $threads)
    DOTNET_EnableAVX512=$avx512 ./alignlab bench train "${flags[@]}" 2>/dev/null | sed "s/^{/{\"isa\":\"$isa\",/"
    env "${torch_env[@]}" OPENBLAS_CORETYPE=$blas OPENBLAS_NUM_THREADS=$threads $py bench/torch_train.py "${flags[@]}" | sed "s/^{/{\"isa\": \"$isa\", /"
    env "${torch_env[@]}" bench/torchsharp/run.sh "${flags[@]}" 2>/dev/null | sed "s/^{/{\"isa\":\"$isa\",/"
  done
done
