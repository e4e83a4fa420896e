using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Quantization.Experiments;

/// <summary>
/// The toy-scale version of the paper's tables 1 and 3: a small Llama pre-trained on generated posts, given
/// function-preserving outlier channels (down_proj input, value cache, key cache) in some layers, fine-tuned on a
/// summary task with every method at W4A4KV4 and W4A8KV4; and the same without outliers as a control.
/// </summary>
public sealed class RosteComparisonExperiment : Experiment<RosteComparisonSettings, RosteComparisonResult>
{
    public override string Id => "roste/qat-vs-ptq";
    public override string Paper => QuantizationExperiments.Paper;
    public override string Title => "Quantization-aware fine-tuning with adaptive rotations vs post-training quantization, toy Llama with injected outliers";

    private static readonly QuantMethod[] Methods = Enum.GetValues<QuantMethod>();

    /// <summary>
    /// The outlier scale (×128 on two channels per chosen layer) was calibrated once, on seed 1000 of the full size, so that
    /// round-to-nearest breaks the model (perplexity ≥ 2× float), as the paper's models break; ×16 and ×64 did not
    /// (1.1× and 1.6×). It is then fixed for every method and seed; nothing was tuned on RoSTE's result.
    /// </summary>
    private static OutlierInjection Outliers(int layers) => new()
    {
        DownProjLayers = layers > 2 ? [0, layers - 1] : [0], ValueLayers = [0], KeyLayers = [layers - 1], Scale = 128f, Channels = 2,
    };

    public override RosteComparisonSettings Quick => new()
    {
        Seeds = new SeedRange(1000, 1),
        Bits = ["w4a4kv4"],
        Study = new StudySettings
        {
            Model = new ToyLlama(64, 2, 4, 128),
            PretrainSteps = 100, FineTune = new QatSettings { Steps = 40, Batch = 16, LearningRate = 2e-3f },
            TrainExamples = 400, TestExamples = 48, CalibrationExamples = 32, ErrorCheckpoints = 2,
            Injection = Outliers(2),
        },
    };

    public override RosteComparisonSettings Full => new()
    {
        Seeds = new SeedRange(1000, 3),
        Study = new StudySettings
        {
            Model = new ToyLlama(64, 3, 4, 128),
            PretrainSteps = 300, FineTune = new QatSettings { Steps = 150, Batch = 16, LearningRate = 2e-3f },
            TrainExamples = 1000, TestExamples = 128, CalibrationExamples = 32,
            Injection = Outliers(3),
        },
    };

    public override RosteComparisonSettings SettingsFor(ExperimentContext context)
    {
        var s = base.SettingsFor(context);
        return s with { Seeds = SeedRange.FromRunSeed(context.Seed, s.Seeds.Count) };
    }

    public override RosteComparisonResult Measure(RosteComparisonSettings s, ExperimentContext context)
    {
        var stage = context.Stage("pre-training and fine-tuning, per seed");
        var runs = Trials.Map(s.Seeds.Count, context.Threads, i =>
        {
            var study = new RosteStudy(s.Study, s.Seeds[i]);
            study.Base(context.Cancel);
            var injected = study.Run(inject: true, s.Bits, Methods, context.Cancel);
            var control = s.Control
                ? study.Run(inject: false, [s.Bits[0]], [QuantMethod.FullPrecision, QuantMethod.Ste, QuantMethod.Roste], context.Cancel)
                : new();
            return (injected, control);
        }, context.Cancel, stage);
        return new RosteComparisonResult(runs.Select(r => r.injected).ToArray(), runs.Select(r => r.control).ToArray());
    }

    protected override void Describe(Report report, RosteComparisonSettings s, RosteComparisonResult r)
    {
        var metrics = new Dictionary<string, object?>();
        foreach (var bits in s.Bits)
        {
            double fp = Mean(r.Injected, bits, QuantMethod.FullPrecision, x => x.Perplexity);
            report.Tables.Add(new Table($"{bits.ToUpperInvariant()} with injected outliers: held-out summary perplexity (teacher forced, quantized as at inference) and exact match of greedy summaries, mean ± sd over {s.Seeds}",
                ["method", "perplexity", "÷ FP", "exact match", "online rotations (RoSTE: chosen per layer)"],
                Methods.Select(m => (IReadOnlyList<string>)[
                    m.Label(), MeanSd(Values(r.Injected, bits, m, x => x.Perplexity), "F3"), F(Mean(r.Injected, bits, m, x => x.Perplexity) / fp, "F2") + "×",
                    MeanSd(Values(r.Injected, bits, m, x => x.ExactMatch), "F2"), RotationText(r.Injected, bits, m)]).ToList()));
            metrics[bits] = Methods.ToDictionary(m => m.Key(), m => (object?)new Dictionary<string, object?>
            {
                ["perplexity"] = Values(r.Injected, bits, m, x => x.Perplexity), ["exact_match"] = Values(r.Injected, bits, m, x => x.ExactMatch),
            });
        }
        string main = s.Bits[0];
        double fpMain = Mean(r.Injected, main, QuantMethod.FullPrecision, x => x.Perplexity);
        double Ppl(QuantMethod m, string bits = "") => Mean(r.Injected, bits == "" ? main : bits, m, x => x.Perplexity);
        double Sd(QuantMethod m) => StdDev(Values(r.Injected, main, m, x => x.Perplexity));

        report.Claims.Add(new Claim($"{main.ToUpperInvariant()}: round-to-nearest after float fine-tuning breaks the model (our threshold: perplexity ≥ 2× the float model's)",
            $"RTN {F(Ppl(QuantMethod.Rtn))} vs FP {F(fpMain)} ({F(Ppl(QuantMethod.Rtn) / fpMain, "F2")}×)",
            "Pythia-6.9B W4A4KV4 ROUGE avg: RTN 5.14 vs SFT 24.72", Ppl(QuantMethod.Rtn) >= 2 * fpMain));
        report.Claims.Add(new Claim($"{main.ToUpperInvariant()}: RoSTE stays close to the float model (our threshold: perplexity ≤ 1.10× FP)",
            $"RoSTE {F(Ppl(QuantMethod.Roste))} ({F(Ppl(QuantMethod.Roste) / fpMain, "F2")}× FP)",
            "Pythia-6.9B: 23.66 vs 24.72 ROUGE avg (96 % of SFT)", Ppl(QuantMethod.Roste) <= 1.10 * fpMain));
        double spread = Math.Max(Sd(QuantMethod.Roste), Sd(QuantMethod.Ste));
        report.Claims.Add(new Claim($"{main.ToUpperInvariant()}: RoSTE beats plain STE by more than the spread over seeds",
            $"RoSTE {F(Ppl(QuantMethod.Roste))} vs STE {F(Ppl(QuantMethod.Ste))} (larger sd {F(spread)})",
            "Pythia-6.9B: 23.66 vs 20.65; Qwen2.5-7B: 25.10 vs 22.12 ROUGE avg", Ppl(QuantMethod.Ste) - Ppl(QuantMethod.Roste) > spread));
        double rotateSpread = Math.Max(Sd(QuantMethod.Roste), Sd(QuantMethod.RotateAll));
        report.Claims.Add(new Claim($"{main.ToUpperInvariant()}: RoSTE is at least as good as rotating everything (a difference within the seed spread counts as a tie)",
            $"RoSTE {F(Ppl(QuantMethod.Roste))} vs rotate-all {F(Ppl(QuantMethod.RotateAll))} (larger sd {F(rotateSpread)})",
            "Pythia-1B ablation: adaptive 23.07, complete rotation 13.09 ROUGE avg", Ppl(QuantMethod.Roste) <= Ppl(QuantMethod.RotateAll) + rotateSpread));
        double bestPtq = new[] { QuantMethod.Rtn, QuantMethod.Gptq, QuantMethod.QuaRot }.Min(m => Ppl(m));
        report.Claims.Add(new Claim($"{main.ToUpperInvariant()}: quantization-aware fine-tuning (STE) beats every post-training method",
            $"STE {F(Ppl(QuantMethod.Ste))} vs best of RTN/GPTQ/QuaRot {F(bestPtq)}",
            "Pythia-6.9B: STE 20.65 vs QuaRot 7.46, GPTQ 5.73, RTN 5.14", Ppl(QuantMethod.Ste) < bestPtq));
        report.Claims.Add(new Claim($"{main.ToUpperInvariant()}: GPTQ is no worse than RTN",
            $"GPTQ {F(Ppl(QuantMethod.Gptq))} vs RTN {F(Ppl(QuantMethod.Rtn))}", "Pythia-6.9B: GPTQ 5.73 vs RTN 5.14", Ppl(QuantMethod.Gptq) <= Ppl(QuantMethod.Rtn)));
        if (s.Bits.Count > 1)
        {
            string second = s.Bits[1];
            double fp2 = Mean(r.Injected, second, QuantMethod.FullPrecision, x => x.Perplexity);
            double gap4 = Ppl(QuantMethod.Rtn) / fpMain, gap8 = Ppl(QuantMethod.Rtn, second) / fp2;
            report.Claims.Add(new Claim($"With 8-bit activations ({second.ToUpperInvariant()}) the post-training gap shrinks",
                $"RTN ÷ FP: {F(gap4, "F2")}× at {main.ToUpperInvariant()}, {F(gap8, "F2")}× at {second.ToUpperInvariant()}",
                "Pythia-6.9B W4A8KV4: GPTQ 23.07, STE 24.05, RoSTE 24.24 ROUGE avg", gap8 < gap4));
        }

        // E(·) along quantization-aware fine-tuning.
        var qat = new[] { QuantMethod.Ste, QuantMethod.RotateAll, QuantMethod.Roste };
        var plot = new LinePlot { Title = $"Quantization error E(·) during {main.ToUpperInvariant()} fine-tuning", XLabel = "fine-tuning step", YLabel = "E (sum of per-tensor MSEs, calibration set)", LogY = true };
        var traces = qat.ToDictionary(m => m, m => MeanTrace(r.Injected, main, m));
        int points = traces[QuantMethod.Ste].Length;
        int every = Math.Max(1, s.Study.FineTune.Steps / Math.Max(1, s.Study.ErrorCheckpoints));
        var xs = Enumerable.Range(0, points).Select(i => (double)Math.Min(i * every, s.Study.FineTune.Steps)).ToList();
        foreach (var m in qat) plot.Series.Add(new Series(m.Label(), xs, traces[m]));
        report.Figures.Add(new Figure("quantization-error", "E(·) on the calibration sequences before and during fine-tuning (mean over seeds).", plot.ToSvg()));
        bool lower = traces[QuantMethod.Roste].Zip(traces[QuantMethod.Ste]).All(p => p.First < p.Second);
        report.Claims.Add(new Claim($"{main.ToUpperInvariant()}: RoSTE's quantization error E(·) stays below STE's throughout fine-tuning",
            $"RoSTE {string.Join(" → ", traces[QuantMethod.Roste].Select(G))}; STE {string.Join(" → ", traces[QuantMethod.Ste].Select(G))}",
            "not stated in the paper as numbers (qualitative: figures 3 and 4)", lower));
        metrics["error_trace"] = qat.ToDictionary(m => m.Key(), m => (object?)traces[m]);

        if (s.Control && r.Control.Count > 0 && r.Control[0].Count > 0)
        {
            var controlMethods = new[] { QuantMethod.FullPrecision, QuantMethod.Ste, QuantMethod.Roste };
            double fpC = Mean(r.Control, main, QuantMethod.FullPrecision, x => x.Perplexity);
            report.Tables.Add(new Table($"Control, {main.ToUpperInvariant()} without injected outliers (same pre-trained models, {s.Seeds})",
                ["method", "perplexity", "÷ FP", "exact match", "online rotations"],
                controlMethods.Select(m => (IReadOnlyList<string>)[m.Label(), MeanSd(Values(r.Control, main, m, x => x.Perplexity), "F3"),
                    F(Mean(r.Control, main, m, x => x.Perplexity) / fpC, "F2") + "×", MeanSd(Values(r.Control, main, m, x => x.ExactMatch), "F2"), RotationText(r.Control, main, m)]).ToList()));
            double gapInjected = Ppl(QuantMethod.Ste) / fpMain - Ppl(QuantMethod.Roste) / fpMain;
            double gapControl = Mean(r.Control, main, QuantMethod.Ste, x => x.Perplexity) / fpC - Mean(r.Control, main, QuantMethod.Roste, x => x.Perplexity) / fpC;
            report.Claims.Add(new Claim("Without injected outliers the STE–RoSTE gap shrinks (so the gain comes from the outliers, not from the plumbing)",
                $"(STE − RoSTE) perplexity ÷ FP: {F(gapInjected, "F3")} with outliers, {F(gapControl, "F3")} without",
                "not stated in the paper (our control)", gapControl < gapInjected));
            metrics["control"] = controlMethods.ToDictionary(m => m.Key(), m => (object?)Values(r.Control, main, m, x => x.Perplexity));
        }
        foreach (var (k, v) in metrics) report.Metrics[k] = v;

        var m0 = s.Study.Model;
        report.Summary = string.Join("\n\n",
            $"A Llama-style model (hidden {m0.Hidden}, {m0.Layers} layers, {m0.Heads} heads, SwiGLU {m0.Intermediate}, character vocabulary of {CharVocabulary.Size}) is pre-trained for {Int(s.Study.PretrainSteps)} steps on generated posts " +
            $"(\"the fox took 3 apples at the mill. it was cold at the pond.\") and fine-tuned for {Int(s.Study.FineTune.Steps)} steps (batch {s.Study.FineTune.Batch}, AdamW, learning rate {G(s.Study.FineTune.LearningRate)} with cosine decay, the same for every method, not tuned per method) " +
            $"to write the summary \" fox 3 apples.\" after a \" tl;dr:\" cue, on {Int(s.Study.TrainExamples)} pairs; {Int(s.Study.TestExamples)} held-out pairs score each method. Seeds: {s.Seeds}.",
            $"Before fine-tuning the RMSNorm gains are folded into the next linears and outliers are injected without changing the float model: down_proj input channels (up_proj rows ×{G(s.Study.Injection.Scale)}, down_proj columns ÷{G(s.Study.Injection.Scale)}) in layers {List(s.Study.Injection.DownProjLayers)}, " +
            $"value dimensions (v_proj rows ×, o_proj columns ÷) in layers {List(s.Study.Injection.ValueLayers)}, and key RoPE pairs (k_proj rows ×, q_proj rows ÷) in layers {List(s.Study.Injection.KeyLayers)}, {s.Study.Injection.Channels} per layer. " +
            "No residual-stream outlier is injected (it cannot be added to a pre-trained RMSNorm model without changing its function), so R1 has no planted outlier to remove.",
            $"Quantizers: asymmetric min-max, clip {G(s.Study.Clip)}, weights per output channel, linear inputs per token, keys (after RoPE) and values per (token, head); embeddings, queries, attention probabilities and the output head stay in float. " +
            "Post-training methods quantize the float fine-tuned model (GPTQ from the float inputs of each linear on the calibration sequences); quantization-aware methods fine-tune through straight-through quantizers. " +
            $"RoSTE fuses a random Hadamard R1 and turns each layer's R2/R3/R4 on where the all-on pass had a smaller quantization error than the all-off pass on {s.Study.CalibrationExamples} training sequences. The paper's metric is ROUGE on TL;DR; ours is the perplexity of the summary tokens (lower is better) and the exact match of greedy summaries.");
    }

    private static double[] Values(IReadOnlyList<Dictionary<(string, QuantMethod), MethodScore>> runs, string bits, QuantMethod m, Func<MethodScore, double> f) =>
        runs.Where(r => r.ContainsKey((bits, m))).Select(r => f(r[(bits, m)])).ToArray();

    private static double Mean(IReadOnlyList<Dictionary<(string, QuantMethod), MethodScore>> runs, string bits, QuantMethod m, Func<MethodScore, double> f)
    {
        var v = Values(runs, bits, m, f);
        return v.Length == 0 ? double.NaN : v.Average();
    }

    private static double StdDev(double[] v)
    {
        if (v.Length < 2) return 0;
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }

    private static double[] MeanTrace(IReadOnlyList<Dictionary<(string, QuantMethod), MethodScore>> runs, string bits, QuantMethod m)
    {
        var traces = runs.Select(r => r[(bits, m)].ErrorTrace!).ToArray();
        int n = traces.Min(t => t.Length);
        return Enumerable.Range(0, n).Select(i => traces.Average(t => t[i])).ToArray();
    }

    private static string RotationText(IReadOnlyList<Dictionary<(string, QuantMethod), MethodScore>> runs, string bits, QuantMethod m) => m switch
    {
        QuantMethod.Roste => string.Join("; ", runs.Select(r => r[(bits, m)].Rotations).Distinct()) + " (R1 fused)",
        QuantMethod.RotateAll or QuantMethod.QuaRot => "R1 + R2/R3/R4 in every layer",
        _ => "none",
    };
}
