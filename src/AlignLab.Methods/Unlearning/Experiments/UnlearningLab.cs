using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Unlearning.Experiments;

/// <summary>The benchmark and target recipe an unlearning experiment runs on.</summary>
public sealed record LabSettings
{
    public MiniLumeOptions Data { get; init; } = new();
    public TargetSettings Target { get; init; } = UnlearnPipeline.DefaultTarget;
}

/// <summary>
/// MiniLUME, its memorising target, the retrain-without-forget oracle and their evaluations. The models come from the
/// shared cache (trained on first use); one lab per settings is kept for the process, so experiments that share a
/// target do not evaluate it twice.
/// </summary>
public sealed class UnlearningLab
{
    private static readonly Dictionary<LabSettings, UnlearningLab> Labs = new();

    public LabSettings Settings { get; }
    public LumeData Data { get; }
    public UnlearnModel Target { get; }
    public UnlearnModel Oracle { get; }
    public Evaluation TargetEvaluation { get; }
    public Evaluation OracleEvaluation { get; }

    private UnlearningLab(LabSettings s, CancellationToken cancel)
    {
        Settings = s;
        Data = MiniLume.Generate(s.Data);
        Target = UnlearnPipeline.GetOrTrainTarget(Data, s.Target, withForget: true, cancel: cancel);
        Oracle = UnlearnPipeline.GetOrTrainTarget(Data, s.Target, withForget: false, cancel: cancel);
        TargetEvaluation = ModelEvaluation.Evaluate(Target, Data);
        OracleEvaluation = ModelEvaluation.Evaluate(Oracle, Data);
    }

    public static UnlearningLab Get(LabSettings s, CancellationToken cancel = default)
    {
        lock (Labs)
        {
            if (!Labs.TryGetValue(s, out var lab)) Labs[s] = lab = new UnlearningLab(s, cancel);
            return lab;
        }
    }

    /// <summary>One line on the data and the models, for every report's summary.</summary>
    public string SetupNote()
    {
        var shape = Settings.Target.Shape;
        int docs = Data.Documents(LumeSplit.Forget).Count;
        return $"MiniLUME (seed {Settings.Data.Seed}): per split {Settings.Data.Biographies} synthetic PII biographies (five questions each, LUME's templates and answer formats), " +
               $"{Settings.Data.Stories} short stories and {Settings.Data.PublicBiographies} encyclopedic biographies (one question each), so {docs} forget documents and {Data.Forget.Count} forget rows; " +
               $"{Data.NonMembers.Count} never-trained documents as MIA non-members; utility = option-likelihood accuracy on {Data.Utility.Count} four-way questions about background facts (chance 0.25). " +
               $"Target: a {shape.Layers}-block GPT-2 (d = {shape.Dim}, {shape.Heads} heads) trained from scratch for {Settings.Target.Epochs} epochs on everything until it memorises " +
               $"(forget ROUGE-L {Format(TargetEvaluation.ForgetRouge)}, EM {Format(TargetEvaluation.ForgetEm)}, MIA AUC {Format(TargetEvaluation.Score.MiaAuc ?? double.NaN)}); " +
               "the oracle is the same recipe without the forget documents and questions.";
    }

    private static string Format(double x) => AlignLab.Reports.Format.F(x, "F2");
}
