"""numpy + OpenBLAS reference for `alignlab bench gemm`: best time of repeated float32 A@B. One JSON line.
Run: OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=T /usr/bin/python3 bench/numpy_gemm.py --m M --n N --k K"""
import argparse, json, os, time
import numpy as np

p = argparse.ArgumentParser()
for name in ("m", "n", "k"):
    p.add_argument("--" + name, type=int, default=1024)
p.add_argument("--trans-b", action="store_true")
a = p.parse_args()
rng = np.random.default_rng(1)
A = rng.uniform(-1, 1, (a.m, a.k)).astype(np.float32)
B = rng.uniform(-1, 1, (a.n, a.k) if a.trans_b else (a.k, a.n)).astype(np.float32)
f = (lambda: A @ B.T) if a.trans_b else (lambda: A @ B)
for _ in range(3): f()
best, total, reps = 1e9, 0.0, 0
while total < 1.0 or reps < 3:
    t = time.perf_counter(); f(); t = time.perf_counter() - t
    best, total, reps = min(best, t), total + t, reps + 1
print(json.dumps({"bench": "numpy_gemm", "m": a.m, "n": a.n, "k": a.k, "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")),
                  "coretype": os.environ.get("OPENBLAS_CORETYPE", "auto"), "seconds": best, "gflops": round(2 * a.m * a.n * a.k / best / 1e9, 1)}))
