using AlignLab.Core;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// One seed of the toy-scale comparison: pre-train a small Llama on posts, make it rotation-ready (fold norms), optionally
/// inject function-preserving outliers, then fine-tune on the summary task with every method and score each on held-out
/// pairs, quantized exactly as at inference.
/// </summary>
public sealed class RosteStudy(StudySettings settings, int seed)
{
    private readonly Generator _root = new((ulong)seed);
    private SummaryExample[]? _train, _test;
    private IntTensor[]? _calibration;
    private LlamaModel? _base;

    public StudySettings Settings { get; } = settings;
    public int Seed { get; } = seed;

    public SummaryExample[] Train => _train ??= PostsTask.Examples(Settings.TrainExamples, _root.Fork(1));
    public SummaryExample[] Test => _test ??= PostsTask.Examples(Settings.TestExamples, _root.Fork(2));

    /// <summary>Calibration sequences (prompt and summary) from the training set, one per batch row.</summary>
    public IntTensor[] Calibration => _calibration ??= Train.Take(Settings.CalibrationExamples).Chunk(16)
        .Select(c => TrainingBatch.From(c).Ids).ToArray();

    /// <summary>The pre-trained model (float, norm gains trained), the same for every method and for the control.</summary>
    public LlamaModel Base(CancellationToken cancel = default, IProgress<double>? progress = null)
    {
        if (_base != null) return _base;
        var model = new LlamaModel(Settings.Model.Config(), _root.Fork(3));
        var corpus = PostsTask.Corpus(Math.Max(256, Settings.PretrainSteps * Settings.PretrainBatch / 4), Settings.PretrainLength, _root.Fork(4));
        QatTrainer.Train(model, model.Parameters().ToList(), corpus,
            new QatSettings { Steps = Settings.PretrainSteps, Batch = Settings.PretrainBatch, LearningRate = Settings.PretrainLearningRate },
            _root.Fork(5), cancel, progress);
        return _base = model;
    }

    /// <summary>The fine-tuning start: the base with norms folded, and the outliers injected when <paramref name="inject"/>.</summary>
    public LlamaModel Start(bool inject)
    {
        var folded = NormFolding.Fold(Base());
        if (inject) Settings.Injection.Apply(folded, _root.Fork(6));
        return folded;
    }

    /// <summary>Every method in <paramref name="methods"/> for every scheme, from one start; the float fine-tune is shared.</summary>
    public Dictionary<(string Bits, QuantMethod Method), MethodScore> Run(bool inject, IReadOnlyList<string> bits, IReadOnlyList<QuantMethod> methods,
        CancellationToken cancel = default, IProgress<double>? progress = null)
    {
        var scores = new Dictionary<(string, QuantMethod), MethodScore>();
        var start = Start(inject);
        bool needFloat = methods.Any(m => !m.IsQuantizationAware());
        int jobs = (needFloat ? 1 : 0) + bits.Count * methods.Count(m => m.IsQuantizationAware()), done = 0;
        void Advance() => progress?.Report((double)++done / Math.Max(1, jobs));

        QuantLlama? fp = null;
        if (needFloat)
        {
            fp = new QuantLlama(NormFolding.Fold(start));
            QatTrainer.Train(fp, Train, Settings.FineTune, _root.Fork(10), cancel);
            Advance();
            if (methods.Contains(QuantMethod.FullPrecision))
            {
                fp.Freeze();
                foreach (var b in bits) scores[(b, QuantMethod.FullPrecision)] = Score(QuantMethod.FullPrecision, fp);
            }
        }
        foreach (var b in bits)
        {
            var scheme = QuantScheme.Parse(b, Settings.Clip);
            foreach (var m in methods)
            {
                cancel.ThrowIfCancellationRequested();
                if (m == QuantMethod.FullPrecision) continue;
                scores[(b, m)] = m.IsQuantizationAware() ? QuantizationAware(m, start, scheme, cancel, Advance) : PostTraining(m, fp!, scheme);
            }
        }
        return scores;
    }

    private MethodScore PostTraining(QuantMethod method, QuantLlama fp, QuantScheme scheme)
    {
        var copy = NormFolding.Fold(fp.Inner);
        QuantLlama model;
        switch (method)
        {
            case QuantMethod.Rtn:
                model = PostTrainingQuantization.Rtn(new QuantLlama(copy, scheme));
                break;
            case QuantMethod.Gptq:
                model = PostTrainingQuantization.Gptq(new QuantLlama(copy, scheme), Calibration);
                break;
            case QuantMethod.QuaRot:
                NormFolding.RotateResidual(copy, R1());
                model = PostTrainingQuantization.Gptq(new QuantLlama(copy, scheme, AllLayers(LayerRotations.All)), Calibration);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(method), method, "not a post-training method");
        }
        return Score(method, model);
    }

    private MethodScore QuantizationAware(QuantMethod method, LlamaModel start, QuantScheme scheme, CancellationToken cancel, Action done)
    {
        var weights = NormFolding.Fold(start);
        if (method != QuantMethod.Ste) NormFolding.RotateResidual(weights, R1());
        var model = new QuantLlama(weights, scheme);
        model.Rotations = method switch
        {
            QuantMethod.Ste => AllLayers(LayerRotations.None),
            QuantMethod.RotateAll => AllLayers(LayerRotations.All),
            _ => RotationSearch.Select(model, scheme, Calibration).Rotations,
        };
        var trace = new List<double> { SurrogateError(model) };
        int every = Math.Max(1, Settings.FineTune.Steps / Math.Max(1, Settings.ErrorCheckpoints));
        QatTrainer.Train(model, Train, Settings.FineTune, _root.Fork(20), cancel,
            onStep: step => { if (step % every == 0 || step == Settings.FineTune.Steps) trace.Add(SurrogateError(model)); });
        done();
        model.Freeze();
        return Score(method, model) with { ErrorTrace = trace.ToArray(), Rotations = string.Join(" | ", model.Rotations) };
    }

    /// <summary>E(·): the summed per-tensor weight, activation and KV quantization MSEs of one pass over the calibration sequences.</summary>
    public static double SurrogateError(QuantLlama model, IReadOnlyList<IntTensor> calibration)
    {
        var saved = (model.Probe, model.Frozen);
        var probe = new QuantErrorProbe(model.LayerCount);
        model.Probe = probe;
        model.Frozen = null;
        try
        {
            using (GradMode.NoGrad())
                foreach (var ids in calibration) model.Logits(ids);
        }
        finally
        {
            (model.Probe, model.Frozen) = saved;
        }
        return probe.Total;
    }

    private double SurrogateError(QuantLlama model) => SurrogateError(model, Calibration);

    private MethodScore Score(QuantMethod method, QuantLlama model) =>
        new(method, TaskEvaluation.TargetPerplexity(model, Test), TaskEvaluation.ExactMatch(model, Test));

    /// <summary>The same randomized Hadamard R1 for every rotated method of a seed (as RoSTE fixes its seed).</summary>
    private IRotation R1() => Rotations.Random(Settings.Model.Hidden, _root.Fork(7));

    private LayerRotations[] AllLayers(LayerRotations r) => Enumerable.Repeat(r, Settings.Model.Layers).ToArray();
}
