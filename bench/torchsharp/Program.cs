// TorchSharp (libtorch 2.10, CPU) reference for `alignlab bench train`: the same GPT-2 step as bench/torch_train.py
// (forward, cross-entropy, backward, AdamW lr 1e-3, wd 0.01, on random tokens; 2 warm-up steps, then the mean of the
// timed steps), so a .NET user sees AlignLab beside the modern libtorch. One JSON line.
using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

var a = BenchArgs.Parse(args);
torch.set_num_threads(a.Threads);
torch.manual_seed(1);

var model = new Gpt(a);
var opt = torch.optim.AdamW(model.parameters(), lr: 1e-3, weight_decay: 0.01);
var idx = torch.randint(0, a.Vocab, [a.Batch, a.Ctx]);
var tgt = torch.randint(0, a.Vocab, [a.Batch, a.Ctx]);
var losses = new List<float>();
var clock = new Stopwatch();
for (int step = 0; step < a.Steps + 2; step++)
{
    if (step == 2) clock.Start();
    using var scope = torch.NewDisposeScope();
    opt.zero_grad();
    var loss = F.cross_entropy(model.forward(idx).view(-1, a.Vocab), tgt.view(-1));
    loss.backward();
    opt.step();
    losses.Add(loss.item<float>());
}
double stepSeconds = clock.Elapsed.TotalSeconds / a.Steps;
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["bench"] = "torchsharp_train", ["torchsharp"] = typeof(torch).Assembly.GetName().Version!.ToString(),
    ["layers"] = a.Layers, ["dim"] = a.Dim, ["heads"] = a.Heads, ["ctx"] = a.Ctx, ["vocab"] = a.Vocab, ["batch"] = a.Batch,
    ["steps"] = a.Steps, ["threads"] = a.Threads, ["step_ms"] = Math.Round(stepSeconds * 1000, 2),
    ["tokens_per_s"] = Math.Round(a.Batch * a.Ctx / stepSeconds), ["first_loss"] = losses[0], ["last_loss"] = losses[^1],
    ["peak_working_set_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 >> 20,
}));

internal sealed record BenchArgs(int Layers, int Dim, int Heads, int Ctx, int Vocab, int Batch, int Steps, int Threads)
{
    public static BenchArgs Parse(string[] args)
    {
        var v = new Dictionary<string, int> { ["layers"] = 4, ["dim"] = 128, ["heads"] = 4, ["ctx"] = 128, ["vocab"] = 512, ["batch"] = 16, ["steps"] = 10, ["threads"] = 1 };
        for (int i = 0; i < args.Length; i += 2)
        {
            string name = args[i].TrimStart('-');
            if (!v.ContainsKey(name) || i + 1 >= args.Length || !int.TryParse(args[i + 1], out int value))
                throw new ArgumentException($"usage: --{string.Join(" N --", v.Keys)} N (got '{args[i]}')");
            v[name] = value;
        }
        return new(v["layers"], v["dim"], v["heads"], v["ctx"], v["vocab"], v["batch"], v["steps"], v["threads"]);
    }
}

internal sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly int _heads;
    private readonly nn.Module<Tensor, Tensor> ln_1, ln_2, c_attn, c_proj, c_fc, mlp_proj;
    private readonly Tensor mask;

    public Block(int dim, int heads, int ctx) : base("block")
    {
        _heads = heads;
        ln_1 = nn.LayerNorm(dim); ln_2 = nn.LayerNorm(dim);
        c_attn = nn.Linear(dim, 3 * dim); c_proj = nn.Linear(dim, dim);
        c_fc = nn.Linear(dim, 4 * dim); mlp_proj = nn.Linear(4 * dim, dim);
        mask = torch.ones(ctx, ctx, dtype: ScalarType.Bool).tril();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], t = x.shape[1], c = x.shape[2], hd = c / _heads;
        var qkv = c_attn.forward(ln_1.forward(x)).split(c, dim: 2);
        Tensor Heads(Tensor z) => z.view(b, t, _heads, hd).transpose(1, 2);
        var (q, k, v) = (Heads(qkv[0]), Heads(qkv[1]), Heads(qkv[2]));
        var att = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(hd);
        att = att.masked_fill(mask[..(int)t, ..(int)t].logical_not(), float.NegativeInfinity).softmax(-1);
        x = x + c_proj.forward(att.matmul(v).transpose(1, 2).reshape(b, t, c));
        return x + mlp_proj.forward(F.gelu(c_fc.forward(ln_2.forward(x)), approximate: TorchSharp.Modules.GELU.Approximate.tanh));
    }
}

internal sealed class Gpt : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> wte, wpe, ln_f;
    private readonly TorchSharp.Modules.ModuleList<Block> h;
    private readonly Tensor positions;

    public Gpt(BenchArgs a) : base("gpt")
    {
        wte = nn.Embedding(a.Vocab, a.Dim); wpe = nn.Embedding(a.Ctx, a.Dim);
        h = nn.ModuleList(Enumerable.Range(0, a.Layers).Select(_ => new Block(a.Dim, a.Heads, a.Ctx)).ToArray());
        ln_f = nn.LayerNorm(a.Dim);
        positions = torch.arange(a.Ctx);
        RegisterComponents();
    }

    public override Tensor forward(Tensor idx)
    {
        var x = wte.forward(idx) + wpe.forward(positions[..(int)idx.shape[1]]);
        foreach (var block in h) x = block.forward(x);
        // Tied head, as in GPT-2 and bench/torch_train.py.
        return ln_f.forward(x).matmul(((TorchSharp.Modules.Embedding)wte).weight!.t());
    }
}
