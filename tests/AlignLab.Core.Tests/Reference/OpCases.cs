using System.Text.Json;
using AlignLab.Core.IO;

namespace AlignLab.Core.Tests.Reference;

/// <summary>Maps a reference case (op name + attributes, as written by make_reference.py) to the engine call.</summary>
internal static class OpCases
{
    public static Tensor Run(string op, JsonElement attrs, Dictionary<string, Tensor> f, Dictionary<string, IntTensor> ints, SafeTensorsFile file, string name)
    {
        float Attr(string key) => attrs.GetProperty(key).GetSingle();
        int IntAttr(string key) => attrs.GetProperty(key).GetInt32();
        bool BoolAttr(string key) => attrs.GetProperty(key).GetBoolean();
        bool Keep() => attrs.TryGetProperty("keepdim", out var k) && k.GetBoolean();
        BoolTensor Mask(string input) => file.ReadMask($"{name}/{input}");
        return op switch
        {
            "neg" => f["x"].Neg(),
            "exp" => f["x"].Exp(),
            "log" => f["x"].Log(),
            "sqrt" => f["x"].Sqrt(),
            "abs" => f["x"].Abs(),
            "tanh" => f["x"].Tanh(),
            "sigmoid" => f["x"].Sigmoid(),
            "relu" => f["x"].Relu(),
            "gelu" => f["x"].Gelu(),
            "gelu_tanh" => f["x"].GeluTanh(),
            "silu" => f["x"].Silu(),
            "pow" => f["x"].Pow(Attr("exponent")),
            "clamp" => f["x"].Clamp(Attr("min"), Attr("max")),
            "add" => f["a"] + f["b"],
            "sub" => f["a"] - f["b"],
            "mul" => f["a"] * f["b"],
            "div" => f["a"] / f["b"],
            "where" => Tensor.Where(Mask("cond"), f["a"], f["b"]),
            "sum" => f["x"].Sum(IntAttr("axis"), Keep()),
            "mean" => f["x"].Mean(IntAttr("axis"), Keep()),
            "max" => f["x"].Max(IntAttr("axis"), Keep()),
            "logsumexp" => f["x"].LogSumExp(IntAttr("axis"), Keep()),
            "var" => f["x"].Var(IntAttr("axis"), Keep(), BoolAttr("unbiased")),
            "sum_all" => f["x"].Sum(),
            "mean_all" => f["x"].Mean(),
            "matmul" => f["a"].MatMul(f["b"]),
            "matmul_bt" => f["a"].MatMul(f["b"].T()),
            "matmul_at" => f["a"].T().MatMul(f["b"]),
            "softmax" => f["x"].Softmax(IntAttr("axis")),
            "log_softmax" => f["x"].LogSoftmax(IntAttr("axis")),
            "cross_entropy" => F.CrossEntropy(f["logits"], ints["targets"], IntAttr("ignore_index"), Attr("label_smoothing")),
            "layer_norm" => F.LayerNorm(f["x"], f["weight"], f["bias"], Attr("eps")),
            "rms_norm" => F.RmsNorm(f["x"], f["weight"], Attr("eps")),
            "embedding" => F.Embedding(f["weight"], ints["ids"]),
            "concat" => Tensor.Concat([f["a"], f["b"]], IntAttr("axis")),
            "stack" => Tensor.Stack([f["a"], f["b"]], IntAttr("axis")),
            "index_select" => f["x"].IndexSelect(IntAttr("axis"), ints["index"]),
            "gather" => f["x"].Gather(IntAttr("axis"), ints["index"]),
            "masked_fill" => f["x"].MaskedFill(Mask("mask"), Attr("value")),
            "transpose" => f["x"].Transpose(IntAttr("dim0"), IntAttr("dim1")),
            "reshape" => f["x"].Reshape(attrs.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray()),
            "slice" => f["x"].Slice(IntAttr("axis"), IntAttr("start"), IntAttr("end")),
            "split" => f["x"].Split(IntAttr("axis"), attrs.GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32()).ToArray())[1],
            "attention_softmax" => F.ScaledDotProductAttention(f["q"], f["k"], f["v"], BoolAttr("causal"),
                f.TryGetValue("mask", out var m) ? m.Detach() : null, Attr("scale")),
            "attention_gaussian" => F.GaussianAttention(f["q"], f["k"], f["v"], BoolAttr("causal")),
            "rope" => F.Rope(f["x"], Attr("theta")),
            "mse" => F.Mse(f["a"], f["b"]),
            "add_scalar" => f["x"] + Attr("value"),
            "clone" => f["x"].Clone(),
            "expand" => f["x"].Expand(attrs.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray()),
            "linear" => F.Linear(f["x"], f["weight"], f["bias"]),
            "conv1d" => F.Conv1D(f["x"], f["weight"], f["bias"]),
            "fake_quant" => f["x"].FakeQuantize(IntAttr("bits"), BoolAttr("symmetric"), Attr("clip"), IntAttr("group")),
            "hadamard" => f["x"].Hadamard(),
            "conv2d" => F.Conv2d(f["x"], f["weight"], f.GetValueOrDefault("bias"), IntAttr("stride"), IntAttr("padding")),
            "group_norm" => F.GroupNorm(f["x"], IntAttr("groups"), f["weight"], f["bias"], Attr("eps")),
            "upsample_nearest" => F.UpsampleNearest(f["x"], IntAttr("scale")),
            "avg_pool2d" => F.AvgPool2d(f["x"], IntAttr("kernel")),
            "timestep_embedding" => F.TimestepEmbedding(f["t"].Detach().AsSpan(), IntAttr("dim"), Attr("max_period")),
            _ => throw new NotSupportedException($"reference op '{op}' has no engine mapping"),
        };
    }
}
