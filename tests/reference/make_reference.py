#!/usr/bin/python3
"""Generates the PyTorch reference values the C# tests compare against.

Run from the worktree root with Debian's system Python (torch 1.13 + numpy live there):
    /usr/bin/python3 tests/reference/make_reference.py

Everything is seeded and single-threaded so a rerun rewrites byte-identical files.
See tests/reference/README.md for what each file holds.
"""
import json
import math
import os
import struct
import zlib

import numpy as np
import torch
import torch.nn.functional as F

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

# One thread: float reductions must not depend on how work is split between threads.
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

# ---------------------------------------------------------------------------
# safetensors I/O (no safetensors package on the system Python)
# ---------------------------------------------------------------------------

_TORCH_TO_ST = {torch.float32: ("F32", "<f4"), torch.int64: ("I64", "<i8"), torch.uint8: ("U8", "u1")}
_ST_TO_NP = {"F32": "<f4", "I64": "<i8", "U8": "u1"}


def _as_array(t):
    if t.dtype not in _TORCH_TO_ST:
        raise ValueError(f"unsupported dtype {t.dtype}")
    st_dtype, np_dtype = _TORCH_TO_ST[t.dtype]
    # np.array(copy, order C) keeps 0-d tensors 0-d (np.ascontiguousarray would make them [1]).
    arr = np.array(t.detach().cpu().numpy(), dtype=np_dtype, order="C", copy=True)
    assert arr.shape == tuple(t.shape)
    return st_dtype, arr


def _write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def write_safetensors(path, tensors):
    """tensors: dict name -> torch tensor. Tensors are packed row-major in sorted-name order."""
    header = {"__metadata__": {"format": "pt"}}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        st_dtype, arr = _as_array(tensors[name])
        raw = arr.tobytes(order="C")
        header[name] = {"dtype": st_dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * ((8 - len(header_bytes) % 8) % 8)
    _write_atomically(path, struct.pack("<Q", len(header_bytes)) + header_bytes + b"".join(chunks))


def read_safetensors(path):
    """Independent reader used to check every written file: returns dict name -> numpy array."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    assert n % 8 == 0, f"{path}: header length {n} not a multiple of 8"
    header = json.loads(data[8:8 + n].decode("utf-8"))
    buffer = data[8 + n:]
    result = {}
    spans = []
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = np.dtype(_ST_TO_NP[entry["dtype"]])
        count = int(np.prod(entry["shape"], dtype=np.int64))
        assert end - begin == count * dtype.itemsize, f"{path}:{name}: byte span does not match shape"
        result[name] = np.frombuffer(buffer[begin:end], dtype=dtype).reshape(entry["shape"])
        spans.append((begin, end))
    spans.sort()
    cursor = 0
    for begin, end in spans:
        assert begin == cursor, f"{path}: gap or overlap in data buffer at {begin}"
        cursor = end
    assert cursor == len(buffer), f"{path}: trailing bytes after last tensor"
    return result


def save_and_verify(path, tensors):
    for name, t in tensors.items():
        assert t.dtype != torch.float32 or bool(torch.isfinite(t).all()), f"{path}:{name}: non-finite value"
    write_safetensors(path, tensors)
    back = read_safetensors(path)
    assert set(back) == set(tensors), f"{path}: names differ after round trip"
    for name, t in tensors.items():
        _, expected = _as_array(t)
        got = back[name]
        assert got.dtype == expected.dtype and got.shape == tuple(t.shape), f"{path}:{name}: dtype/shape"
        assert got.tobytes() == expected.tobytes(), f"{path}:{name}: bytes differ after round trip"


def write_json(path, obj):
    text = json.dumps(obj, indent=2) + "\n"
    _write_atomically(path, text.encode("utf-8"))
    assert json.loads(open(path, encoding="utf-8").read()) == obj, f"{path}: JSON round trip"


def save_checkpoint(dir_name, config, params):
    """HF-style checkpoint directory: config.json + model.safetensors."""
    model_dir = os.path.join(OUT_DIR, dir_name)
    os.makedirs(model_dir, exist_ok=True)
    save_and_verify(os.path.join(model_dir, "model.safetensors"), params)
    write_json(os.path.join(model_dir, "config.json"), config)


def seed_for(name):
    # Seed from the case name so adding a case never changes the values of the others.
    return zlib.crc32(name.encode("utf-8"))


# ---------------------------------------------------------------------------
# Input generators (all draw from the global generator seeded per case)
# ---------------------------------------------------------------------------

def randn(*shape):
    return torch.randn(*shape)


def uniform(low, high, *shape):
    return low + (high - low) * torch.rand(*shape)


def away_from_zero(*shape):
    """Standard normal pushed at least 0.1 away from 0 (kink of abs/relu)."""
    x = torch.randn(*shape)
    return torch.sign(x) * (x.abs() + 0.1)


def away_from_clamp_bounds(bound, *shape):
    """Uniform in [-2*bound, 2*bound] with no value within 0.05 of +-bound."""
    x = uniform(-2 * bound, 2 * bound, *shape)
    near = (x.abs() - bound).abs() < 0.05
    return torch.where(near, x + 0.1 * torch.sign(x), x)


def positive(*shape):
    return uniform(0.5, 2.0, *shape)


def signed_denominator(*shape):
    sign = torch.where(torch.rand(*shape) < 0.5, -1.0, 1.0)
    return sign * uniform(0.5, 2.0, *shape)


def no_ties_along(axis, *shape):
    """Standard normal, redrawn until the top two values along `axis` differ by >= 0.05 everywhere."""
    while True:
        x = torch.randn(*shape)
        top2 = x.topk(2, dim=axis).values
        gap = top2.select(axis, 0) - top2.select(axis, 1)
        if bool((gap >= 0.05).all()):
            return x


def bool_mask(*shape):
    return (torch.rand(*shape) < 0.4).to(torch.uint8)


# ---------------------------------------------------------------------------
# Explicit formulas (torch 1.13 lacks rms_norm and SDPA; written out so the math is visible)
# ---------------------------------------------------------------------------

def rms_norm(x, weight, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def causal_keep(t):
    """[t,t] bool, True where key j <= query i."""
    return torch.ones(t, t, dtype=torch.bool).tril()


def attention_softmax(q, k, v, scale, causal, mask=None):
    scores = q @ k.transpose(-1, -2) * scale
    if mask is not None:
        scores = scores + mask
    if causal:
        scores = scores.masked_fill(~causal_keep(q.shape[-2]), float("-inf"))
    return torch.softmax(scores, dim=-1) @ v


def attention_gaussian(q, k, v, causal):
    d = q.shape[-1]
    sq_dist = (q.unsqueeze(-2) - k.unsqueeze(-3)).pow(2).sum(-1)
    w = torch.exp(-sq_dist / (2 * math.sqrt(d)))
    if causal:
        w = w.masked_fill(~causal_keep(q.shape[-2]), 0.0)
    return w @ v


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def rope(x, theta):
    """HF rotate-half RoPE at positions 0..T-1; x is [..., T, D]."""
    t, d = x.shape[-2], x.shape[-1]
    inv_freq = 1.0 / theta ** (torch.arange(0, d, 2, dtype=torch.float32) / d)
    angles = torch.arange(t, dtype=torch.float32)[:, None] * inv_freq[None, :]
    emb = torch.cat([angles, angles], dim=-1)
    return x * emb.cos() + rotate_half(x) * emb.sin()


def cross_entropy(logits, targets, ignore_index, label_smoothing):
    """Class axis last; mean over non-ignored positions of
    (1-ls) * -logp[target] + ls * mean_c(-logp[c])."""
    logp = torch.log_softmax(logits.reshape(-1, logits.shape[-1]), dim=-1)
    t = targets.reshape(-1)
    keep = t != ignore_index
    nll = -logp.gather(-1, t.clamp(min=0)[:, None]).squeeze(-1)
    smooth = -logp.mean(-1)
    per_pos = (1 - label_smoothing) * nll + label_smoothing * smooth
    loss = (per_pos * keep).sum() / keep.sum()
    builtin = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), t, ignore_index=ignore_index,
                              label_smoothing=label_smoothing)
    assert torch.allclose(loss, builtin, atol=1e-6), (loss, builtin)
    return loss


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


# ---------------------------------------------------------------------------
# A) op cases
# ---------------------------------------------------------------------------

SCALE8 = 1.0 / math.sqrt(8.0)


def op_cases():
    """Yields (name, op, attrs, make_inputs, grad_inputs, fn). make_inputs() returns an ordered dict of tensors;
    fn(*inputs.values()) gives the output. Integer/mask inputs are never differentiated."""
    unary = lambda name, op, gen, fn, attrs=None: (name, op, attrs or {}, lambda: {"x": gen()}, ["x"], fn)
    cases = [
        unary("neg", "neg", lambda: randn(3, 4), lambda x: -x),
        unary("exp", "exp", lambda: randn(3, 4), torch.exp),
        unary("log", "log", lambda: positive(3, 4), torch.log),
        unary("sqrt", "sqrt", lambda: positive(3, 4), torch.sqrt),
        unary("abs", "abs", lambda: away_from_zero(3, 4), torch.abs),
        unary("tanh", "tanh", lambda: randn(3, 4), torch.tanh),
        unary("sigmoid", "sigmoid", lambda: randn(3, 4), torch.sigmoid),
        unary("relu", "relu", lambda: away_from_zero(3, 4), torch.relu),
        unary("gelu", "gelu", lambda: randn(3, 4), lambda x: F.gelu(x)),
        unary("gelu_tanh", "gelu_tanh", lambda: randn(3, 4), lambda x: F.gelu(x, approximate="tanh")),
        unary("silu", "silu", lambda: randn(3, 4), F.silu),
        unary("pow_3", "pow", lambda: positive(3, 4), lambda x: x.pow(3.0), {"exponent": 3.0}),
        unary("pow_0_5", "pow", lambda: positive(3, 4), lambda x: x.pow(0.5), {"exponent": 0.5}),
        unary("clamp", "clamp", lambda: away_from_clamp_bounds(0.5, 3, 4), lambda x: x.clamp(-0.5, 0.5),
              {"min": -0.5, "max": 0.5}),

        ("add", "add", {}, lambda: {"a": randn(3, 4), "b": randn(4)}, ["a", "b"], lambda a, b: a + b),
        ("sub", "sub", {}, lambda: {"a": randn(2, 3, 4), "b": randn(3, 1)}, ["a", "b"], lambda a, b: a - b),
        ("mul", "mul", {}, lambda: {"a": randn(3, 4), "b": randn(3, 1)}, ["a", "b"], lambda a, b: a * b),
        ("div", "div", {}, lambda: {"a": randn(3, 4), "b": signed_denominator(4)}, ["a", "b"], lambda a, b: a / b),
        ("add_both_broadcast", "add", {}, lambda: {"a": randn(2, 1, 4), "b": randn(3, 1)}, ["a", "b"],
         lambda a, b: a + b),
        ("where", "where", {}, lambda: {"cond": bool_mask(3, 4), "a": randn(3, 4), "b": randn(4)}, ["a", "b"],
         lambda cond, a, b: torch.where(cond.bool(), a, b)),

        ("sum_axis1", "sum", {"axis": 1, "keepdim": False}, lambda: {"x": randn(3, 4, 5)}, ["x"],
         lambda x: x.sum(1)),
        ("mean_last_keepdim", "mean", {"axis": -1, "keepdim": True}, lambda: {"x": randn(3, 4, 5)}, ["x"],
         lambda x: x.mean(-1, keepdim=True)),
        ("max_axis1", "max", {"axis": 1, "keepdim": False}, lambda: {"x": no_ties_along(1, 3, 4, 5)}, ["x"],
         lambda x: x.max(1).values),
        ("logsumexp_last", "logsumexp", {"axis": -1, "keepdim": False}, lambda: {"x": randn(3, 4, 5)}, ["x"],
         lambda x: torch.logsumexp(x, -1)),
        ("var_last_biased", "var", {"axis": -1, "keepdim": False, "unbiased": False},
         lambda: {"x": randn(3, 4, 5)}, ["x"], lambda x: x.var(-1, unbiased=False)),
        ("var_axis0_unbiased_keepdim", "var", {"axis": 0, "keepdim": True, "unbiased": True},
         lambda: {"x": randn(3, 4, 5)}, ["x"], lambda x: x.var(0, unbiased=True, keepdim=True)),
        ("sum_all", "sum_all", {}, lambda: {"x": randn(3, 4, 5)}, ["x"], lambda x: x.sum()),
        ("mean_all", "mean_all", {}, lambda: {"x": randn(3, 4, 5)}, ["x"], lambda x: x.mean()),

        ("matmul_4d", "matmul", {}, lambda: {"a": randn(2, 3, 4, 5), "b": randn(2, 3, 5, 6)}, ["a", "b"],
         lambda a, b: a @ b),
        ("matmul_2d", "matmul", {}, lambda: {"a": randn(4, 5), "b": randn(5, 6)}, ["a", "b"], lambda a, b: a @ b),
        ("matmul_broadcast_b", "matmul", {}, lambda: {"a": randn(2, 4, 5), "b": randn(5, 6)}, ["a", "b"],
         lambda a, b: a @ b),
        ("matmul_bt", "matmul_bt", {}, lambda: {"a": randn(2, 4, 5), "b": randn(2, 6, 5)}, ["a", "b"],
         lambda a, b: a @ b.transpose(-1, -2)),
        ("matmul_at", "matmul_at", {}, lambda: {"a": randn(2, 5, 4), "b": randn(2, 5, 6)}, ["a", "b"],
         lambda a, b: a.transpose(-1, -2) @ b),

        ("softmax_last_large", "softmax", {"axis": -1}, lambda: {"x": large_logits()}, ["x"],
         lambda x: torch.softmax(x, -1)),
        ("log_softmax_last_large", "log_softmax", {"axis": -1}, lambda: {"x": large_logits()}, ["x"],
         lambda x: torch.log_softmax(x, -1)),
        ("softmax_axis0", "softmax", {"axis": 0}, lambda: {"x": randn(4, 5)}, ["x"], lambda x: torch.softmax(x, 0)),
        ("log_softmax_axis0", "log_softmax", {"axis": 0}, lambda: {"x": randn(4, 5)}, ["x"],
         lambda x: torch.log_softmax(x, 0)),

        ("cross_entropy", "cross_entropy", {"ignore_index": -100, "label_smoothing": 0.0},
         lambda: {"logits": randn(6, 11), "targets": targets_with_ignored((6,), 11, (2,))}, ["logits"],
         lambda logits, targets: cross_entropy(logits, targets, -100, 0.0)),
        ("cross_entropy_smoothing", "cross_entropy", {"ignore_index": -100, "label_smoothing": 0.1},
         lambda: {"logits": randn(6, 11), "targets": targets_with_ignored((6,), 11, (4,))}, ["logits"],
         lambda logits, targets: cross_entropy(logits, targets, -100, 0.1)),
        ("cross_entropy_3d", "cross_entropy", {"ignore_index": -100, "label_smoothing": 0.0},
         lambda: {"logits": randn(2, 3, 11), "targets": targets_with_ignored((2, 3), 11, (1, 0))}, ["logits"],
         lambda logits, targets: cross_entropy(logits, targets, -100, 0.0)),

        ("layer_norm", "layer_norm", {"eps": 1e-5},
         lambda: {"x": randn(4, 16), "weight": 1 + 0.1 * randn(16), "bias": 0.1 * randn(16)},
         ["x", "weight", "bias"], lambda x, weight, bias: F.layer_norm(x, (16,), weight, bias, 1e-5)),
        ("rms_norm", "rms_norm", {"eps": 1e-6}, lambda: {"x": randn(4, 16), "weight": 1 + 0.1 * randn(16)},
         ["x", "weight"], lambda x, weight: rms_norm(x, weight, 1e-6)),
        ("embedding", "embedding", {}, lambda: {"weight": randn(10, 8), "ids": torch.randint(0, 10, (3, 4))},
         ["weight"], lambda weight, ids: F.embedding(ids, weight)),

        ("concat", "concat", {"axis": 1}, lambda: {"a": randn(2, 3, 4), "b": randn(2, 2, 4)}, ["a", "b"],
         lambda a, b: torch.cat([a, b], 1)),
        ("stack", "stack", {"axis": 1}, lambda: {"a": randn(3, 4), "b": randn(3, 4)}, ["a", "b"],
         lambda a, b: torch.stack([a, b], 1)),
        ("index_select", "index_select", {"axis": 0},
         lambda: {"x": randn(5, 3), "index": torch.tensor([3, 0, 3, 4], dtype=torch.int64)}, ["x"],
         lambda x, index: x.index_select(0, index)),
        ("gather", "gather", {"axis": -1}, lambda: {"x": randn(3, 5), "index": gather_index()}, ["x"],
         lambda x, index: x.gather(-1, index)),
        ("masked_fill", "masked_fill", {"value": -1.5}, lambda: {"x": randn(3, 4), "mask": bool_mask(3, 4)}, ["x"],
         lambda x, mask: x.masked_fill(mask.bool(), -1.5)),
        ("transpose", "transpose", {"dim0": 1, "dim1": 2}, lambda: {"x": randn(2, 3, 4)}, ["x"],
         lambda x: x.transpose(1, 2)),
        ("reshape", "reshape", {"shape": [4, 6]}, lambda: {"x": randn(2, 3, 4)}, ["x"], lambda x: x.reshape(4, 6)),
        ("slice", "slice", {"axis": 1, "start": 1, "end": 3}, lambda: {"x": randn(2, 4, 3)}, ["x"],
         lambda x: x[:, 1:3]),
        ("split", "split", {"axis": 1, "sizes": [1, 3]}, lambda: {"x": randn(2, 4, 3)}, ["x"],
         lambda x: torch.split(x, [1, 3], dim=1)[1]),

        ("attention_softmax_causal", "attention_softmax", {"causal": True, "scale": SCALE8},
         lambda: qkv(), ["q", "k", "v"], lambda q, k, v: attention_softmax(q, k, v, SCALE8, True)),
        ("attention_softmax_mask", "attention_softmax", {"causal": False, "scale": SCALE8},
         lambda: dict(qkv(), mask=additive_mask(5)), ["q", "k", "v"],
         lambda q, k, v, mask: attention_softmax(q, k, v, SCALE8, False, mask)),
        ("attention_gaussian_causal", "attention_gaussian", {"causal": True}, lambda: qkv(), ["q", "k", "v"],
         lambda q, k, v: attention_gaussian(q, k, v, True)),
        ("attention_gaussian", "attention_gaussian", {"causal": False}, lambda: qkv(), ["q", "k", "v"],
         lambda q, k, v: attention_gaussian(q, k, v, False)),
        ("rope", "rope", {"theta": 10000.0}, lambda: {"x": randn(2, 2, 6, 8)}, ["x"], lambda x: rope(x, 10000.0)),
        ("mse", "mse", {}, lambda: {"a": randn(3, 4), "b": randn(3, 4)}, ["a", "b"],
         lambda a, b: (a - b).pow(2).mean()),

        ("add_scalar", "add_scalar", {"value": 0.5}, lambda: {"x": randn(3, 4)}, ["x"], lambda x: x + 0.5),
        ("clone", "clone", {}, lambda: {"x": randn(3, 4)}, ["x"], lambda x: x.clone()),
        ("expand", "expand", {"shape": [2, 3, 4]}, lambda: {"x": randn(3, 1)}, ["x"], lambda x: x.expand(2, 3, 4)),
        ("linear", "linear", {}, lambda: {"x": randn(2, 3, 4), "weight": randn(5, 4), "bias": randn(5)},
         ["x", "weight", "bias"], lambda x, weight, bias: F.linear(x, weight, bias)),
        ("conv1d", "conv1d", {}, lambda: {"x": randn(3, 4), "weight": randn(4, 5), "bias": randn(5)},
         ["x", "weight", "bias"], lambda x, weight, bias: x @ weight + bias),
        # 185 elements: full vectors and a tail on every SIMD width (11*16 + 9, 23*8 + 1), inputs out to |x| ~ 10.
        unary("silu_vector_and_tail", "silu", lambda: 3 * randn(5, 37), F.silu),
        unary("gelu_vector_and_tail", "gelu", lambda: 3 * randn(5, 37), lambda x: F.gelu(x)),
        unary("gelu_tanh_vector_and_tail", "gelu_tanh", lambda: 3 * randn(5, 37), lambda x: F.gelu(x, approximate="tanh")),
        unary("fake_quant_asymmetric_4bit", "fake_quant", lambda: randn(3, 16),
              lambda x: fake_quant(x, 4, False, 0.95, 16), {"bits": 4, "symmetric": False, "clip": 0.95, "group": 0}),
        unary("fake_quant_symmetric_3bit_groups", "fake_quant", lambda: randn(2, 8),
              lambda x: fake_quant(x, 3, True, 1.0, 4), {"bits": 3, "symmetric": True, "clip": 1.0, "group": 4}),
        unary("hadamard", "hadamard", lambda: randn(3, 8), lambda x: x @ sylvester_hadamard(8) / math.sqrt(8)),

        ("conv2d_padded", "conv2d", {"stride": 1, "padding": 1},
         lambda: {"x": randn(5, 3, 7, 6), "weight": randn(4, 3, 3, 3), "bias": randn(4)}, ["x", "weight", "bias"],
         lambda x, weight, bias: F.conv2d(x, weight, bias, stride=1, padding=1)),
        ("conv2d_strided_no_bias", "conv2d", {"stride": 2, "padding": 1},
         lambda: {"x": randn(2, 2, 8, 7), "weight": randn(3, 2, 3, 3)}, ["x", "weight"],
         lambda x, weight: F.conv2d(x, weight, None, stride=2, padding=1)),
        ("conv2d_pointwise", "conv2d", {"stride": 1, "padding": 0},
         lambda: {"x": randn(2, 5, 4, 4), "weight": randn(6, 5, 1, 1), "bias": randn(6)}, ["x", "weight", "bias"],
         lambda x, weight, bias: F.conv2d(x, weight, bias)),
        ("conv2d_4x4_stride2", "conv2d", {"stride": 2, "padding": 1},
         lambda: {"x": randn(2, 3, 8, 8), "weight": randn(4, 3, 4, 4), "bias": randn(4)}, ["x", "weight", "bias"],
         lambda x, weight, bias: F.conv2d(x, weight, bias, stride=2, padding=1)),
        ("group_norm", "group_norm", {"groups": 3, "eps": 1e-5},
         lambda: {"x": randn(2, 6, 4, 5), "weight": 1 + 0.1 * randn(6), "bias": 0.1 * randn(6)}, ["x", "weight", "bias"],
         lambda x, weight, bias: F.group_norm(x, 3, weight, bias, 1e-5)),
        ("group_norm_one_group_rank3", "group_norm", {"groups": 1, "eps": 1e-5},
         lambda: {"x": 2 + 3 * randn(3, 4, 7), "weight": 1 + 0.1 * randn(4), "bias": 0.1 * randn(4)}, ["x", "weight", "bias"],
         lambda x, weight, bias: F.group_norm(x, 1, weight, bias, 1e-5)),
        ("upsample_nearest", "upsample_nearest", {"scale": 2}, lambda: {"x": randn(2, 3, 3, 4)}, ["x"],
         lambda x: F.interpolate(x, scale_factor=2, mode="nearest")),
        ("avg_pool2d", "avg_pool2d", {"kernel": 2}, lambda: {"x": randn(2, 3, 4, 6)}, ["x"], lambda x: F.avg_pool2d(x, 2)),
        # A constant of the timesteps (no gradient cases): t covers 0, fractions and the top of a 1000-step schedule.
        ("timestep_embedding", "timestep_embedding", {"dim": 16, "max_period": 10000.0},
         lambda: {"t": torch.tensor([0.0, 1.0, 2.5, 17.0, 99.0, 999.0])}, [],
         lambda t: timestep_embedding(t, 16, 10000.0)),
    ]
    return cases


def timestep_embedding(t, dim, max_period):
    """Cosines first, then sines, at frequencies max_period^(-k/half) (guided-diffusion / Stable Diffusion UNet)."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


def fake_quant(x, bits, symmetric, clip, group):
    """Min-max fake quantization along the last axis in groups, with the straight-through backward x + (q - x).detach()."""
    g = x.reshape(-1, group)
    if symmetric:
        scale = clip * g.abs().amax(-1, keepdim=True) / (2 ** (bits - 1) - 1)
        q = torch.clamp(torch.round(g / scale), -(2 ** (bits - 1)), 2 ** (bits - 1) - 1) * scale
    else:
        lo = torch.clamp(clip * g.amin(-1, keepdim=True), max=0.0)
        hi = torch.clamp(clip * g.amax(-1, keepdim=True), min=0.0)
        scale = (hi - lo) / (2 ** bits - 1)
        zero = torch.round(-lo / scale)
        q = scale * (torch.clamp(torch.round(g / scale) + zero, 0, 2 ** bits - 1) - zero)
    q = q.reshape(x.shape)
    return x + (q - x).detach()


def sylvester_hadamard(n):
    h = torch.ones(1, 1)
    while h.shape[0] < n:
        h = torch.cat([torch.cat([h, h], 1), torch.cat([h, -h], 1)], 0)
    return h


def large_logits():
    """Row 1 sits around 1000 so a softmax without max subtraction overflows."""
    x = randn(3, 7) * 3
    x[1] += 1000.0
    return x


def targets_with_ignored(shape, classes, ignored_at):
    t = torch.randint(0, classes, shape)
    t[ignored_at] = -100
    return t


def gather_index():
    index = torch.randint(0, 5, (3, 2))
    index[0, 1] = index[0, 0]  # a repeated index so the backward must accumulate
    return index


def qkv():
    return {"q": randn(2, 2, 5, 8), "k": randn(2, 2, 5, 8), "v": randn(2, 2, 5, 8)}


def additive_mask(t):
    mask = 0.1 * randn(t, t)
    blocked = torch.rand(t, t) < 0.3
    blocked.fill_diagonal_(False)  # every query keeps at least one key
    return mask.masked_fill(blocked, -1e9)


def make_ops():
    tensors = {}
    meta = []
    names = set()
    for name, op, attrs, make_inputs, grad_inputs, fn in op_cases():
        assert name not in names and "/" not in name, name
        names.add(name)
        torch.manual_seed(seed_for(name))
        inputs = make_inputs()
        for n in grad_inputs:
            assert inputs[n].dtype == torch.float32, f"{name}/{n} is differentiated but not float"
            inputs[n].requires_grad_(True)
        out = fn(*inputs.values())
        for n, t in inputs.items():
            tensors[f"{name}/{n}"] = t.detach()
        tensors[f"{name}/out"] = out.detach()
        if not grad_inputs:  # a constant of its inputs (timestep embedding): output only
            meta.append({"name": name, "op": op, "attrs": attrs, "inputs": list(inputs), "grad_inputs": []})
            continue
        grad_out = torch.randn(out.shape)
        grads = torch.autograd.grad(out, [inputs[n] for n in grad_inputs], grad_outputs=grad_out)
        tensors[f"{name}/grad_out"] = grad_out
        for n, g in zip(grad_inputs, grads):
            tensors[f"{name}/grad/{n}"] = g
        meta.append({"name": name, "op": op, "attrs": attrs, "inputs": list(inputs), "grad_inputs": grad_inputs})
    save_and_verify(os.path.join(OUT_DIR, "ops.safetensors"), tensors)
    write_json(os.path.join(OUT_DIR, "ops.json"), {"cases": meta})
    return len(meta)


# ---------------------------------------------------------------------------
# B) GPT-2 tiny
# ---------------------------------------------------------------------------

GPT2_CONFIG = {
    "model_type": "gpt2",
    "architectures": ["GPT2LMHeadModel"],
    "n_layer": 2,
    "n_embd": 64,
    "n_head": 4,
    "vocab_size": 97,
    "n_positions": 32,
    "n_ctx": 32,
    "layer_norm_epsilon": 1e-5,
    "activation_function": "gelu_new",
    "resid_pdrop": 0.0,
    "embd_pdrop": 0.0,
    "attn_pdrop": 0.0,
    "summary_first_dropout": 0.0,
}


def init_gpt2(cfg):
    torch.manual_seed(seed_for("gpt2_tiny/init"))
    d, v, p, n_layer = cfg["n_embd"], cfg["vocab_size"], cfg["n_positions"], cfg["n_layer"]
    proj_std = 0.02 / math.sqrt(2 * n_layer)
    normal = lambda std, *shape: torch.randn(*shape) * std
    params = {"wte.weight": normal(0.02, v, d), "wpe.weight": normal(0.02, p, d)}
    for i in range(n_layer):
        h = f"h.{i}."
        params[h + "ln_1.weight"] = 1 + normal(0.1, d)
        params[h + "ln_1.bias"] = normal(0.1, d)
        params[h + "attn.c_attn.weight"] = normal(0.02, d, 3 * d)
        params[h + "attn.c_attn.bias"] = normal(0.02, 3 * d)
        params[h + "attn.c_proj.weight"] = normal(proj_std, d, d)
        params[h + "attn.c_proj.bias"] = normal(0.02, d)
        params[h + "ln_2.weight"] = 1 + normal(0.1, d)
        params[h + "ln_2.bias"] = normal(0.1, d)
        params[h + "mlp.c_fc.weight"] = normal(0.02, d, 4 * d)
        params[h + "mlp.c_fc.bias"] = normal(0.02, 4 * d)
        params[h + "mlp.c_proj.weight"] = normal(proj_std, 4 * d, d)
        params[h + "mlp.c_proj.bias"] = normal(0.02, d)
    params["ln_f.weight"] = 1 + normal(0.1, d)
    params["ln_f.bias"] = normal(0.1, d)
    return params


def gpt2_forward(params, cfg, ids):
    """nanoGPT-style pre-LN GPT-2; Conv1D weights are [in, out]; LM head tied to wte."""
    b, t = ids.shape
    d, n_head, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    hd = d // n_head
    keep = causal_keep(t)
    x = params["wte.weight"][ids] + params["wpe.weight"][:t]
    for i in range(cfg["n_layer"]):
        h = f"h.{i}."
        a = F.layer_norm(x, (d,), params[h + "ln_1.weight"], params[h + "ln_1.bias"], eps)
        qkv_ = a @ params[h + "attn.c_attn.weight"] + params[h + "attn.c_attn.bias"]
        q, k, v = (z.reshape(b, t, n_head, hd).transpose(1, 2) for z in qkv_.split(d, dim=-1))
        scores = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(hd))
        scores = scores.masked_fill(~keep, float("-inf"))
        y = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + y @ params[h + "attn.c_proj.weight"] + params[h + "attn.c_proj.bias"]
        m = F.layer_norm(x, (d,), params[h + "ln_2.weight"], params[h + "ln_2.bias"], eps)
        m = gelu_tanh(m @ params[h + "mlp.c_fc.weight"] + params[h + "mlp.c_fc.bias"])
        x = x + m @ params[h + "mlp.c_proj.weight"] + params[h + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (d,), params["ln_f.weight"], params["ln_f.bias"], eps)
    return x @ params["wte.weight"].t()


def lm_loss(logits, targets):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))


ADAMW = {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.01, "steps": 10}


def make_gpt2():
    cfg = GPT2_CONFIG
    params = init_gpt2(cfg)
    save_checkpoint("gpt2_tiny", cfg, params)

    torch.manual_seed(seed_for("gpt2_tiny/batch"))
    seq = torch.randint(0, cfg["vocab_size"], (2, cfg["n_positions"] + 1))
    input_ids, targets = seq[:, :-1].contiguous(), seq[:, 1:].contiguous()

    live = {n: p.clone().requires_grad_(True) for n, p in params.items()}
    logits = gpt2_forward(live, cfg, input_ids)
    loss = lm_loss(logits, targets)
    grads = torch.autograd.grad(loss, list(live.values()))
    step = {"input_ids": input_ids, "targets": targets, "logits": logits.detach(), "loss": loss.detach()}
    for n, g in zip(live, grads):
        step["grad/" + n] = g

    opt = torch.optim.AdamW(list(live.values()), lr=ADAMW["lr"], betas=tuple(ADAMW["betas"]), eps=ADAMW["eps"],
                            weight_decay=ADAMW["weight_decay"], foreach=False)
    losses = []
    for _ in range(ADAMW["steps"]):
        opt.zero_grad(set_to_none=True)
        loss_k = lm_loss(gpt2_forward(live, cfg, input_ids), targets)
        losses.append(loss_k.item())
        loss_k.backward()
        opt.step()
    assert losses[0] == loss.item(), "first AdamW loss must equal the stored loss"
    assert losses[-1] < losses[0], "AdamW on one batch should reduce the loss"
    step["adamw_losses"] = torch.tensor(losses, dtype=torch.float32)
    for n, p in live.items():
        step["after_adamw/" + n] = p.detach()
    save_and_verify(os.path.join(OUT_DIR, "gpt2_tiny_step.safetensors"), step)
    write_json(os.path.join(OUT_DIR, "gpt2_tiny_step.json"), {
        "optimizer": "AdamW (torch.optim.AdamW, torch 1.13, single-tensor path)",
        **ADAMW,
        "amsgrad": False,
        "param_groups": "one group: weight decay on ALL parameters (incl. biases, LayerNorm, embeddings)",
        "grad_clipping": None,
        "update": ("per step t=1..: p *= 1 - lr*wd; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; "
                   "p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)"),
        "loss": "mean cross entropy over all 2x32 positions (no ignored targets)",
        "adamw_losses": "adamw_losses[k] is the loss evaluated before step k+1 (adamw_losses[0] == loss)",
        "batch": "input_ids = s[:, :32], targets = s[:, 1:] of a random int64 [2,33] sequence s in [0,97)",
    })

    prompt, cont, margin = greedy_with_margin(lambda ids: gpt2_forward(params, cfg, ids), cfg["vocab_size"],
                                              "gpt2_tiny/greedy")
    save_and_verify(os.path.join(OUT_DIR, "gpt2_tiny_ref_greedy.safetensors"),
                    {"greedy_prompt": prompt, "greedy_continuation": cont})
    return losses, margin


def greedy_decode(forward, prompt, new_tokens):
    ids = prompt.clone()
    margins = []
    for _ in range(new_tokens):
        logits = forward(ids[None, :])[0, -1]
        top2 = logits.topk(2).values
        margins.append((top2[0] - top2[1]).item())
        ids = torch.cat([ids, logits.argmax().reshape(1)])
    return ids[len(prompt):], min(margins)


def greedy_with_margin(forward, vocab, name, min_margin=1e-3):
    """Argmax decoding of 20 tokens from a random 5-token prompt, full recompute each step.
    Redraws the prompt until every step's top-1/top-2 logit gap is >= min_margin, so float32 rounding
    differences in another implementation cannot flip an argmax, and until the continuation is not one
    repeated token (a freshly initialised tied-embedding model mostly echoes its last token, which would
    not exercise the position/context dependence of the decode loop)."""
    torch.manual_seed(seed_for(name))
    with torch.no_grad():
        while True:
            prompt = torch.randint(0, vocab, (5,))
            cont, margin = greedy_decode(forward, prompt, 20)
            if margin >= min_margin and len(set(cont.tolist())) >= 2:
                return prompt, cont, margin


# ---------------------------------------------------------------------------
# C) Llama tiny
# ---------------------------------------------------------------------------

LLAMA_CONFIG = {
    "model_type": "llama",
    "architectures": ["LlamaForCausalLM"],
    "hidden_size": 64,
    "intermediate_size": 176,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "rms_norm_eps": 1e-5,
    "rope_theta": 10000.0,
    "max_position_embeddings": 64,
    "vocab_size": 97,
    "tie_word_embeddings": False,
    "hidden_act": "silu",
    "attention_bias": False,
}


def init_llama(cfg):
    torch.manual_seed(seed_for("llama_tiny/init"))
    d, ff, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    hd = d // cfg["num_attention_heads"]
    kv = cfg["num_key_value_heads"] * hd
    normal = lambda *shape: torch.randn(*shape) * 0.02
    params = {"model.embed_tokens.weight": normal(v, d)}
    for i in range(cfg["num_hidden_layers"]):
        l = f"model.layers.{i}."
        params[l + "input_layernorm.weight"] = 1 + 0.1 * torch.randn(d)
        params[l + "self_attn.q_proj.weight"] = normal(d, d)
        params[l + "self_attn.k_proj.weight"] = normal(kv, d)
        params[l + "self_attn.v_proj.weight"] = normal(kv, d)
        params[l + "self_attn.o_proj.weight"] = normal(d, d)
        params[l + "post_attention_layernorm.weight"] = 1 + 0.1 * torch.randn(d)
        params[l + "mlp.gate_proj.weight"] = normal(ff, d)
        params[l + "mlp.up_proj.weight"] = normal(ff, d)
        params[l + "mlp.down_proj.weight"] = normal(d, ff)
    params["model.norm.weight"] = 1 + 0.1 * torch.randn(d)
    params["lm_head.weight"] = normal(v, d)
    return params


def llama_forward(params, cfg, ids):
    """HF Llama: RMSNorm pre-norm, rotate-half RoPE, GQA (query head h uses kv head h // group), SwiGLU."""
    b, t = ids.shape
    d, n_head, n_kv, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"], \
        cfg["rms_norm_eps"]
    hd = d // n_head
    group = n_head // n_kv
    keep = causal_keep(t)
    x = params["model.embed_tokens.weight"][ids]
    for i in range(cfg["num_hidden_layers"]):
        l = f"model.layers.{i}."
        a = rms_norm(x, params[l + "input_layernorm.weight"], eps)
        q = (a @ params[l + "self_attn.q_proj.weight"].t()).reshape(b, t, n_head, hd).transpose(1, 2)
        k = (a @ params[l + "self_attn.k_proj.weight"].t()).reshape(b, t, n_kv, hd).transpose(1, 2)
        v = (a @ params[l + "self_attn.v_proj.weight"].t()).reshape(b, t, n_kv, hd).transpose(1, 2)
        q, k = rope(q, cfg["rope_theta"]), rope(k, cfg["rope_theta"])
        k, v = k.repeat_interleave(group, dim=1), v.repeat_interleave(group, dim=1)
        scores = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(hd))
        scores = scores.masked_fill(~keep, float("-inf"))
        y = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + y @ params[l + "self_attn.o_proj.weight"].t()
        m = rms_norm(x, params[l + "post_attention_layernorm.weight"], eps)
        m = F.silu(m @ params[l + "mlp.gate_proj.weight"].t()) * (m @ params[l + "mlp.up_proj.weight"].t())
        x = x + m @ params[l + "mlp.down_proj.weight"].t()
    x = rms_norm(x, params["model.norm.weight"], eps)
    return x @ params["lm_head.weight"].t()


def make_llama():
    cfg = LLAMA_CONFIG
    params = init_llama(cfg)
    save_checkpoint("llama_tiny", cfg, params)

    torch.manual_seed(seed_for("llama_tiny/input"))
    input_ids = torch.randint(0, cfg["vocab_size"], (2, 12))
    with torch.no_grad():
        logits = llama_forward(params, cfg, input_ids)
    prompt, cont, margin = greedy_with_margin(lambda ids: llama_forward(params, cfg, ids), cfg["vocab_size"],
                                              "llama_tiny/greedy")
    save_and_verify(os.path.join(OUT_DIR, "llama_tiny_ref.safetensors"), {
        "input_ids": input_ids, "logits": logits, "greedy_prompt": prompt, "greedy_continuation": cont})
    return margin


def main():
    n_cases = make_ops()
    losses, gpt2_margin = make_gpt2()
    llama_margin = make_llama()
    print(f"ops: {n_cases} cases")
    print("gpt2_tiny adamw losses: " + " ".join(f"{x:.5f}" for x in losses))
    print(f"greedy min top-1/top-2 logit gap: gpt2_tiny {gpt2_margin:.2e}, llama_tiny {llama_margin:.2e}")


if __name__ == "__main__":
    main()
