"""PyTorch CPU reference for `alignlab bench generate`: the same random GPT-2, greedy decoding with a KV cache kept
per layer (concatenated each step, as Hugging Face's GPT-2 does), timed the same way: the best of two runs that make
1 token (prefill + one step) and the best of two that make N, decode rate = batch·(N − 1) / (t_N − t_1). One JSON line.
Run with Debian's python3-torch: /usr/bin/python3 bench/torch_generate.py --layers 12 --dim 768 ..."""
import argparse, json, math, resource, time
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
for name, default in [("layers", 12), ("dim", 768), ("heads", 12), ("vocab", 50257), ("prompt", 64), ("new_tokens", 64), ("batch", 1), ("threads", 1)]:
    p.add_argument("--" + name.replace("_", "-"), dest=name, type=int, default=default)
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
    def forward(s, x, cache):
        B, T, C = x.shape
        q, k, v = s.c_attn(s.ln_1(x)).split(C, dim=2)
        q, k, v = [z.view(B, T, s.h, C // s.h).transpose(1, 2) for z in (q, k, v)]
        if cache is not None:
            k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // s.h)
        if T > 1:
            Tk = k.shape[2]
            mask = torch.ones(T, Tk, dtype=torch.bool).tril(Tk - T)
            att = att.masked_fill(~mask, float("-inf"))
        x = x + s.c_proj((att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, C))
        return x + s.mlp_proj(F.gelu(s.c_fc(s.ln_2(x)), approximate="tanh")), (k, v)

class GPT(nn.Module):
    def __init__(s):
        super().__init__()
        s.wte, s.wpe = nn.Embedding(a.vocab, a.dim), nn.Embedding(a.prompt + a.new_tokens, a.dim)
        s.h = nn.ModuleList([Block(a.dim, a.heads) for _ in range(a.layers)])
        s.ln_f = nn.LayerNorm(a.dim)
    def forward(s, idx, past):
        start = 0 if past is None else past[0][0].shape[2]
        x = s.wte(idx) + s.wpe(torch.arange(start, start + idx.shape[1]))
        new = []
        for i, b in enumerate(s.h):
            x, kv = b(x, None if past is None else past[i])
            new.append(kv)
        return s.ln_f(x[:, -1:]) @ s.wte.weight.t(), new

model = GPT().eval()
prompt = torch.randint(0, a.vocab, (a.batch, a.prompt))

def generate(n):
    t0 = time.perf_counter()
    with torch.no_grad():
        logits, past = model(prompt, None)
        for step in range(n):
            nxt = logits[:, -1].argmax(-1, keepdim=True)
            if step + 1 < n: logits, past = model(nxt, past)
    return (time.perf_counter() - t0) * 1000

generate(2)
first = min(generate(1), generate(1))
full = min(generate(a.new_tokens), generate(a.new_tokens))
print(json.dumps({"bench": "torch_generate", "torch": torch.__version__, **vars(a), "first_token_ms": round(first, 2),
                  "decode_tokens_per_s": round(a.batch * (a.new_tokens - 1) / ((full - first) / 1000), 1),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
