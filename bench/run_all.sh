#!/usr/bin/env bash
# Runs every figure of bench/RESULTS.md, AlignLab and its reference side by side in one run.
# Needs: apt-get install python3-torch python3-numpy libopenblas0-pthread (and g++ for the TorchSharp peer's shim)
set -euo pipefail
cd "$(dirname "$0")/.."
py=/usr/bin/python3
export OPENBLAS_CORETYPE=SkylakeX   # Debian's OpenBLAS 0.3.21 mis-detects Zen 5 as Haswell (AVX2 only)
for s in 256 512 1024 2048; do
  for t in 1 2; do
    ./alignlab bench gemm --m $s --n $s --k $s --threads $t
    OPENBLAS_NUM_THREADS=$t $py bench/numpy_gemm.py --m $s --n $s --k $s
  done
done
for shape in "256 2304 768" "256 3072 768" "256 768 3072" "256 4096 384" "1 2304 768"; do
  set -- $shape
  ./alignlab bench gemm --m $1 --n $2 --k $3 --threads 2 --trans-b
  OPENBLAS_NUM_THREADS=2 $py bench/numpy_gemm.py --m $1 --n $2 --k $3 --trans-b
done
for cfg in "4 128 4 128 512 16 20" "6 384 6 256 4096 8 5"; do
  set -- $cfg
  ./alignlab bench train --layers $1 --dim $2 --heads $3 --ctx $4 --vocab $5 --batch $6 --steps $7 --threads 2
  OPENBLAS_NUM_THREADS=2 $py bench/torch_train.py --layers $1 --dim $2 --heads $3 --ctx $4 --vocab $5 --batch $6 --steps $7 --threads 2
  bench/torchsharp/run.sh --layers $1 --dim $2 --heads $3 --ctx $4 --vocab $5 --batch $6 --steps $7 --threads 2
done
for t in 1 2; do
  ./alignlab bench generate --layers 12 --dim 768 --heads 12 --vocab 50257 --prompt 64 --new-tokens 64 --threads $t
  OPENBLAS_NUM_THREADS=$t $py bench/torch_generate.py --layers 12 --dim 768 --heads 12 --vocab 50257 --prompt 64 --new-tokens 64 --threads $t
done
