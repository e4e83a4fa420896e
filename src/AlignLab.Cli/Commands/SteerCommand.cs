using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Core.Kernels;
using AlignLab.Methods.Steering;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab steer build|generate|eval</c>: confident directions from a user history saved as safetensors, generation
/// with them, and one steered run on a corpus with known preferences scored by held-out judges.
/// </summary>
internal static class SteerCommand
{
    public static Command Create() =>
        new("steer", "Steer a model toward a preference with activation directions (CONFST and baselines).")
            { Build(), LanguageModelCommands.Generate(steered: true), Eval() };

    private static Option<int> Int(string name, int fallback, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => fallback };

    private static Option<string?> Classes() => new("--classes")
    {
        Description = "Labelled texts the probe learns the preferences from: JSONL of {\"text\": ..., \"label\": ...} (default: the built-in generated topic/sentiment corpus)",
    };

    private static Option<string> Layer(string fallback) => new("--layer")
    {
        Description = $"Residual point(s) to steer at: a block index, a comma-separated list, or 'all' (default {fallback})", DefaultValueFactory = _ => fallback,
    };

    private static Option<double> Threshold() => new("--threshold") { Description = "CONFST confidence threshold τ in [0, 1] (0 is mean steering)", DefaultValueFactory = _ => 0.9 };

    private static Option<string> Span() => new("--span")
    {
        Description = "Feature tokens: 'front' (tokens 1–12 concatenated) or 'whole' (mean over the whole text, for texts of any length)", DefaultValueFactory = _ => "front",
    };

    private static Option<int> PoolPerClass() => Int("--pool-per-class", 200, "labelled texts per class for the probes (and as many for the judge)");
    private static Option<int> Threads() => Int("--threads", 1, "kernel threads");

    private static Command Build()
    {
        var model = new Option<string>("--model") { Description = "Hugging Face model folder, or 'builtin' (the small GPT-2 trained on the generated corpus)", Required = true };
        var history = new Option<string>("--history") { Description = "User history: JSONL, one {\"text\": ...} a line (other fields ignored)", Required = true };
        var layer = Layer("middle block");
        layer.DefaultValueFactory = _ => "middle";
        var threshold = Threshold();
        var method = new Option<string>("--method") { Description = "confst or mean (the methods that read a history)", DefaultValueFactory = _ => "confst" };
        var raw = new Option<bool>("--raw") { Description = "Do not subtract the labelled pool's mean (default: mean-centred)" };
        var mode = new Option<string>("--mode") { Description = "every (the direction at every position) or front (the span's rows at its positions)", DefaultValueFactory = _ => "every" };
        var classes = Classes();
        var span = Span();
        var pool = PoolPerClass();
        var threads = Threads();
        var output = new Option<string>("--out") { Description = "Where to write the steering vectors (safetensors)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a sentence" };
        var command = new Command("build",
            "CONFST: a probe on labelled texts picks the history items it is confident share the user's preferred class; their mean activation is the direction.")
            { model, history, layer, threshold, method, raw, mode, classes, span, pool, threads, output, json };
        command.SetAction(r =>
        {
            EngineSettings.Threads = Positive(r.GetValue(threads), "--threads");
            var m = ParseMethod(r.GetValue(method)!);
            if (m is not (SteeringMethod.Confst or SteeringMethod.Mean))
                throw new UsageException($"--method: '{r.GetValue(method)}' does not read a history; steer build takes confst or mean (see 'steer eval' for the others)");
            var lab = Lab(r.GetValue(model)!, r.GetValue(classes), r.GetValue(span)!, r.GetValue(pool));
            var layers = Layers(r.GetValue(layer)!, lab.LayerCount);
            var directions = new DirectionSettings { Threshold = r.GetValue(threshold), Center = !r.GetValue(raw), Mode = Mode(r.GetValue(mode)!) };
            var (texts, where) = HistoryFile.Load(r.GetValue(history)!);
            var activations = ActivationCapture.Capture(lab.Model, lab.Tokenizer, texts, lab.Settings.Span, where: where);
            var built = SteeringBuild.Build(lab, new SteeringRequest(m, layers, directions), activations, trueTopic: 0, trueSentiment: 0);
            string outPath = r.GetValue(output)!;
            built.Vectors.Save(outPath);
            string preferred = lab.Corpus.Classes[built.Topic];
            if (r.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    @out = outPath, method = m.ToString().ToLowerInvariant(), points = built.Vectors.Vectors.Keys.ToArray(),
                    preferred = m == SteeringMethod.Confst ? preferred : null, kept = built.Selected, history = texts.Count,
                }));
            else
                Console.WriteLine(m == SteeringMethod.Confst
                    ? $"CONFST toward '{preferred}' ({built.Selected} of {texts.Count} history items at τ = {directions.Threshold.ToString(CultureInfo.InvariantCulture)}) at {string.Join(", ", built.Vectors.Vectors.Keys)} -> {outPath}"
                    : $"mean steering over all {texts.Count} history items at {string.Join(", ", built.Vectors.Vectors.Keys)} -> {outPath}");
            return 0;
        });
        return command;
    }

    private static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "Hugging Face model folder, or 'builtin' (the small GPT-2 trained on the generated corpus)", Required = true };
        var method = new Option<string>("--method") { Description = "confst, mean, actadd, caa or iti", DefaultValueFactory = _ => "confst" };
        var noise = new Option<double>("--noise") { Description = "Share of the user history NOT on the target preference, in [0, 1]", DefaultValueFactory = _ => 0.5 };
        var seed = Int("--seed", 1, "history and sampling seed (the target class is seed mod classes unless --target)");
        var target = new Option<string?>("--target") { Description = "Target class name (default: class number seed mod the class count)" };
        var alpha = new Option<float>("--alpha") { Description = "Steering strength (1: one typical residual norm; split evenly over several layers)", DefaultValueFactory = _ => 0.5f };
        var layer = Layer("2");
        var threshold = Threshold();
        var joint = new Option<bool>("--joint") { Description = "Also steer the style (sentiment) with its own direction (built-in corpus)" };
        var topHeads = Int("--top-heads", 4, "heads ITI steers");
        var classes = Classes();
        var span = Span();
        var pool = PoolPerClass();
        var historySize = Int("--history-size", 100, "user history items");
        var prompts = Int("--prompts", 20, "neutral prompts");
        var samples = Int("--samples", 5, "samples per prompt");
        var maxNew = Int("--max-new-tokens", 24, "tokens per continuation");
        var threads = Threads();
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("eval",
            "One steered run on a corpus with known preferences: success by a held-out bag-of-words judge, perplexity under the unsteered model, joint topic+style success.")
            { model, method, noise, seed, target, alpha, layer, threshold, joint, topHeads, classes, span, pool, historySize, prompts, samples, maxNew, threads, json };
        command.SetAction(r =>
        {
            EngineSettings.Threads = Positive(r.GetValue(threads), "--threads");
            var m = ParseMethod(r.GetValue(method)!);
            double p = r.GetValue(noise);
            if (!(p >= 0 && p <= 1)) throw new UsageException($"--noise must be in [0, 1], got {p.ToString(CultureInfo.InvariantCulture)}");
            var evaluation = new EvaluationSettings
            {
                Prompts = Positive(r.GetValue(prompts), "--prompts"), SamplesPerPrompt = Positive(r.GetValue(samples), "--samples"),
                MaxNewTokens = Positive(r.GetValue(maxNew), "--max-new-tokens"),
            };
            var lab = Lab(r.GetValue(model)!, r.GetValue(classes), r.GetValue(span)!, r.GetValue(pool));
            var layers = Layers(r.GetValue(layer)!, lab.LayerCount);
            int s = r.GetValue(seed);
            int cls = r.GetValue(target) is { } name ? ClassIndex(lab, name) : (int)((uint)s % (uint)lab.ClassCount);
            bool hasStyle = lab.Corpus.Styles != null;
            if (r.GetValue(joint) && !hasStyle) throw new UsageException("--joint: the corpus from --classes has one label per text, no style to steer as well");
            int style = hasStyle ? (int)((uint)s % (uint)lab.Corpus.Styles!.Count) : 0;
            var request = new SteeringRequest(m, layers, new DirectionSettings { Threshold = r.GetValue(threshold) }, r.GetValue(joint))
                { Iti = new ItiSettings { TopHeads = Positive(r.GetValue(topHeads), "--top-heads") } };
            var (_, history) = lab.History(cls, style, 1 - p, Positive(r.GetValue(historySize), "--history-size"), s);
            var built = SteeringBuild.Build(lab, request, history, cls, style);
            float perPoint = r.GetValue(alpha) / (m == SteeringMethod.Iti ? 1 : layers.Count);
            int? styleTarget = hasStyle ? style : null;
            var steered = lab.Evaluate(built.Vectors, perPoint, cls, styleTarget, evaluation, s);
            var plain = lab.Evaluate(null, 0, cls, styleTarget, evaluation, s);
            if (r.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    success = steered.TopicSuccess, perplexity = steered.Perplexity, joint_success = Nullable(steered.JointSuccess),
                    style_success = Nullable(steered.SentimentSuccess), unsteered_success = plain.TopicSuccess, unsteered_perplexity = plain.Perplexity,
                    method = m.ToString().ToLowerInvariant(), target = lab.Corpus.Classes[cls], style = hasStyle ? lab.Corpus.Styles![style] : null,
                    preference_found = built.Topic == cls, continuations = steered.Continuations,
                }));
            else
            {
                string jointText = hasStyle ? string.Create(CultureInfo.InvariantCulture, $", joint success {steered.JointSuccess:P0} (unsteered {plain.JointSuccess:P0})") : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Name()} toward '{lab.Corpus.Classes[cls]}' (noise {p}): success {steered.TopicSuccess:P0} (unsteered {plain.TopicSuccess:P0}), perplexity {steered.Perplexity:F2} (unsteered {plain.Perplexity:F2}){jointText}"));
            }
            return 0;
        });
        return command;
    }

    /// <summary>The lab on the model ('builtin': the cached style model, trained on first use) and corpus.</summary>
    private static SteeringLab Lab(string model, string? classes, string span, int poolPerClass)
    {
        var featureSpan = span switch
        {
            "front" => FeatureSpan.Default,
            "whole" => FeatureSpan.WholeText,
            _ => throw new UsageException($"--span: '{span}' is not one of front, whole"),
        };
        int pool = Positive(poolPerClass, "--pool-per-class");
        string dir = model == "builtin" ? StyleModel.GetOrTrain(StyleModelSpec.Default) : model;
        if (model != "builtin" && !Directory.Exists(dir)) throw new UsageException($"--model: '{dir}' is not a folder (or 'builtin')");
        var corpus = classes is null ? null : TextClassCorpus.Load(classes);
        return new SteeringLab(dir, new LabSettings { PoolPerTopic = pool, JudgePerTopic = pool, Span = featureSpan }, corpus: corpus);
    }

    /// <summary>"2", "0,2", "all" or "middle" as block indices of a model with <paramref name="count"/> blocks.</summary>
    internal static List<int> Layers(string text, int count)
    {
        if (text == "all") return Enumerable.Range(0, count).ToList();
        if (text == "middle") return [count / 2];
        var layers = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int l) || l >= count)
                throw new UsageException($"--layer: '{part}' is not a block index of this model (0 … {count - 1}), a list of them, or 'all'");
            if (!layers.Contains(l)) layers.Add(l);
        }
        return layers;
    }

    private static InjectionMode Mode(string text) => text switch
    {
        "every" => InjectionMode.Every,
        "front" => InjectionMode.Front,
        _ => throw new UsageException($"--mode: '{text}' is not one of every, front"),
    };

    private static int ClassIndex(SteeringLab lab, string name)
    {
        try { return lab.Corpus.ClassIndex(name); }
        catch (ArgumentException e) { throw new UsageException($"--target: {e.Message}"); }
    }

    private static SteeringMethod ParseMethod(string name)
    {
        try { return SteeringMethods.Parse(name); }
        catch (ArgumentException e) { throw new UsageException($"--method: {e.Message}"); }
    }

    private static double? Nullable(double x) => double.IsNaN(x) ? null : x;

    private static int Positive(int value, string name) => value >= 1 ? value : throw new UsageException($"{name} must be at least 1, got {value}");
}
