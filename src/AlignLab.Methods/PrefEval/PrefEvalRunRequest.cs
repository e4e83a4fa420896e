using AlignLab.Methods.PrefEval.Chat;
using AlignLab.Methods.PrefEval.Conversations;
using AlignLab.Methods.PrefEval.Data;
using AlignLab.Methods.PrefEval.Judging;
using AlignLab.Methods.PrefEval.PrefLite;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval;

/// <summary>
/// Backs <c>alignlab prefeval run</c>: where the data is (a PrefEval folder or <c>builtin:preflite</c>), which model
/// answers (an OpenAI-compatible endpoint, or an AlignLab model folder run in-process), which judges (an endpoint
/// model with the released templates; PrefLite's rules for the built-in suite), the cache, the cap and the output.
/// </summary>
public sealed record PrefEvalRunRequest
{
    public required string Data { get; init; }
    public required string Cache { get; init; }
    public PrefEvalRunSettings Settings { get; init; } = new();
    public PreferenceForm Form { get; init; } = PreferenceForm.Explicit;
    public string Topic { get; init; } = "travel_restaurant";
    /// <summary>Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1.</summary>
    public Uri? Endpoint { get; init; }
    public string? Model { get; init; }
    public string? ApiKey { get; init; }
    /// <summary>An AlignLab/Hugging Face model folder answered in-process (instead of <see cref="Endpoint"/>).</summary>
    public string? Local { get; init; }
    public TruncationPolicy Truncation { get; init; } = TruncationPolicy.Left;
    public Uri? JudgeEndpoint { get; init; }
    public string? JudgeModel { get; init; }
    public string? JudgeApiKey { get; init; }
    /// <summary>Folder of the four judge templates (default: error_type/ next to benchmark_dataset/).</summary>
    public string? JudgeTemplates { get; init; }
    public string? Jsonl { get; init; }
    public CostCap Cap { get; init; } = CostCap.None;
    public string? PromptsFile { get; init; }
    public int Attempts { get; init; } = 4;
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public bool IsPrefLite => Data.Trim().Equals(PrefLiteSuite.BuiltinName, StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        Settings.Validate();
        if ((Endpoint is null) == (Local is null)) throw new ArgumentException("give exactly one of an endpoint and a local model folder", nameof(Endpoint));
        if (Endpoint != null && string.IsNullOrWhiteSpace(Model)) throw new ArgumentException("an endpoint needs a model name", nameof(Model));
        if (Local != null && !Directory.Exists(Local)) throw new DirectoryNotFoundException($"local model folder '{Local}' does not exist");
        if (Settings.McqByLikelihood && Local is null) throw new ArgumentException("likelihood scoring needs a local model (endpoints do not return option likelihoods)", "Likelihood");
        if (Attempts < 1) throw new ArgumentOutOfRangeException(nameof(Attempts), $"attempts must be at least 1, got {Attempts}");
        if (string.IsNullOrWhiteSpace(Cache)) throw new ArgumentException("a cache file is required", nameof(Cache));
    }

    public async Task<PrefEvalSummary> RunAsync(IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        Validate();
        IReadOnlyList<PrefEvalItem> items;
        FillerTurns filler;
        string? templatesDir = JudgeTemplates;
        var settings = Settings;
        if (IsPrefLite)
        {
            items = PrefLiteSuite.Items(Form);
            filler = PrefLiteSuite.Filler();
            if (PromptsFile is null) settings = settings with { Prompts = PrefLitePrompts.Prompts };
        }
        else
        {
            var data = PrefEvalDataset.Open(Data);
            items = data.Load(Topic, Form, withMcq: settings.Task == PrefEvalTask.Classification);
            filler = data.LoadFiller();
            templatesDir ??= Path.Combine(data.Root, "error_type");
        }
        if (PromptsFile is not null) settings = settings with { Prompts = MethodPrompts.Load(PromptsFile, settings.Prompts) };
        using var cache = new ResponseCache(Cache);
        IChatModel inner = Endpoint is not null
            ? new OpenAiChatModel(Endpoint, Model!, ApiKey, Attempts, FirstBackoff)
            : new InProcessChatModel(HfCheckpoint.Load(Local!), ByteLevelBpeTokenizer.FromDirectory(Local!), Model ?? Path.GetFileName(Path.GetFullPath(Local!).TrimEnd(Path.DirectorySeparatorChar)), Truncation);
        var ledger = new CostLedger(Cap);
        var model = new CachedChatModel(inner, cache, ledger);
        IPreferenceJudge? judge = null;
        if (settings.Task == PrefEvalTask.Generation)
        {
            if (IsPrefLite && JudgeModel is null) judge = new PrefLiteJudge();
            else
            {
                var judgeEndpoint = JudgeEndpoint ?? Endpoint ?? throw new ArgumentException("an LLM judge needs an endpoint (give a judge endpoint)", nameof(JudgeEndpoint));
                var judgeInner = new OpenAiChatModel(judgeEndpoint, JudgeModel ?? Model!, JudgeApiKey ?? ApiKey, Attempts, FirstBackoff);
                var templates = Judging.JudgeTemplates.Load(templatesDir ?? throw new ArgumentException("the LLM judge needs a template folder", nameof(JudgeTemplates)));
                judge = new LlmJudge(new CachedChatModel(judgeInner, cache, ledger), templates);
            }
        }
        try { return await PrefEvalRunner.RunAsync(items, filler, model, judge, settings, Jsonl, progress, cancel); }
        finally { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); }
    }
}
