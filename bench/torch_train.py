"""PyTorch CPU reference for `alignlab bench train`: the same GPT-2 step (forward, cross-entropy, backward,
AdamW lr 1e-3, wd 0.01) on random tokens, 2 warm-up steps, then the mean of the timed steps. One JSON line.
Run with Debian's python3-torch: /usr/bin/python3 bench/torch_train.py --layers 4 --dim 128 ..."""
import argparse, json, math, resource, time
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
for name, default in [("layers", 4), ("dim", 128), ("heads", 4), ("ctx", 128), ("vocab", 512), ("batch", 16), ("steps", 10), ("threads", 1)]:
    p.add_argument("--" + name, type=int, default=default)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)

class Block(nn.Module):
    def __init__(s, d, h):
        super().__init__()
        s.h = h
        s.ln_1, s.ln_2 = nn.LayerNorm(d), nn.LayerNorm(d)
        s.c_attn, s.c_proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        s.c_fc, s.mlp_proj = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        s.register_buffer("mask", torch.tril(torch.ones(a.ctx, a.ctx, dtype=torch.bool)))
    def forward(s, x):
        B, T, C = x.shape
        q, k, v = s.c_attn(s.ln_1(x)).split(C, dim=2)
        q, k, v = [z.view(B, T, s.h, C // s.h).transpose(1, 2) for z in (q, k, v)]
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // s.h)
        att = att.masked_fill(~s.mask[:T, :T], float("-inf")).softmax(-1)
        x = x + s.c_proj((att @ v).transpose(1, 2).reshape(B, T, C))
        return x + s.mlp_proj(F.gelu(s.c_fc(s.ln_2(x)), approximate="tanh"))

class GPT(nn.Module):
    def __init__(s):
        super().__init__()
        s.wte, s.wpe = nn.Embedding(a.vocab, a.dim), nn.Embedding(a.ctx, a.dim)
        s.h = nn.ModuleList([Block(a.dim, a.heads) for _ in range(a.layers)])
        s.ln_f = nn.LayerNorm(a.dim)
    def forward(s, idx):
        x = s.wte(idx) + s.wpe(torch.arange(idx.shape[1]))
        for b in s.h: x = b(x)
        return s.ln_f(x) @ s.wte.weight.t()

model = GPT()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
idx = torch.randint(0, a.vocab, (a.batch, a.ctx))
tgt = torch.randint(0, a.vocab, (a.batch, a.ctx))
losses = []
for step in range(a.steps + 2):
    if step == 2: t0 = time.perf_counter()
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(idx).view(-1, a.vocab), tgt.view(-1))
    loss.backward()
    opt.step()
    losses.append(loss.item())
dt = (time.perf_counter() - t0) / a.steps
print(json.dumps({"bench": "torch_train", "torch": torch.__version__, **vars(a), "step_ms": round(dt * 1000, 2),
                  "tokens_per_s": round(a.batch * a.ctx / dt), "first_loss": losses[0], "last_loss": losses[-1],
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
