#!/usr/bin/env bash
# Builds and runs the TorchSharp peer of `alignlab bench train`, passing its flags through, e.g.
#   bench/torchsharp/run.sh --layers 6 --dim 384 --heads 6 --ctx 256 --vocab 4096 --batch 8 --steps 5 --threads 2
# TorchSharp 0.107's native library wants GLIBCXX_3.4.32 (GCC 13); where the system libstdc++ is older (Debian 12),
# a copy of it in the build output gets that requirement marked weak and a one-symbol shim is preloaded
# (see weaken_glibcxx.py and glibcxx_shim.cpp). The NuGet cache and the system are left untouched.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/bin"
dotnet build "$here/TorchSharpTrain.csproj" -c Release -o "$out" -nologo -v q >&2
native="$out/runtimes/linux-x64/native/libLibTorchSharp.so"
preload=""
if ! strings "$(g++ -print-file-name=libstdc++.so.6 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/libstdc++.so.6)" | grep -q GLIBCXX_3.4.32; then
  python3 "$here/weaken_glibcxx.py" "$native" >&2
  g++ -O2 -shared -fPIC -o "$out/libglibcxx_shim.so" "$here/glibcxx_shim.cpp" -Wl,--version-script="$here/glibcxx_shim.map"
  preload="$out/libglibcxx_shim.so"
fi
# PASSIVE: libgomp's threads sleep between parallel regions instead of spinning, which matters on a shared machine.
OMP_WAIT_POLICY=PASSIVE LD_PRELOAD="$preload" exec dotnet "$out/torchsharp_train.dll" "$@"
