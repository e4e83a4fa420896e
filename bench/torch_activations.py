"""PyTorch peer of the element-wise activation kernels: forward and backward of SiLU, exact GELU and GELU-tanh on a
[2048, 1376] float32 tensor (a Llama MLP hidden activation), median and minimum of 30 runs after 2 warm-ups.
Run with Debian's python3-torch: /usr/bin/python3 bench/torch_activations.py --threads 1"""
import argparse, statistics, time
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--runs", type=int, default=30)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
x0 = torch.randn(2048, 1376)
g = torch.randn(2048, 1376)
ops = {"silu": torch.nn.functional.silu,
       "gelu (exact, erf)": lambda t: torch.nn.functional.gelu(t),
       "gelu_tanh": lambda t: torch.nn.functional.gelu(t, approximate="tanh")}

def timed(fn):
    times = []
    for i in range(args.runs + 2):
        t0 = time.perf_counter(); fn(); t1 = time.perf_counter()
        if i >= 2: times.append((t1 - t0) * 1e3)
    return statistics.median(times), min(times)

for name, op in ops.items():
    fwd = timed(lambda: op(x0))
    x = x0.clone().requires_grad_(True)
    def backward():
        y = op(x)
        y.backward(g)
        x.grad = None
    bwd_total = timed(backward)
    print(f"{name}\tthreads={args.threads}\tforward {fwd[0]:.2f} ms ({fwd[1]:.2f})\tforward+backward {bwd_total[0]:.2f} ms ({bwd_total[1]:.2f})")
