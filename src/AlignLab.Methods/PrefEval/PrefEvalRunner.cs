using System.Text.Json;
using System.Text.Json.Serialization;
using AlignLab.Core.IO;
using AlignLab.Methods.PrefEval.Chat;
using AlignLab.Methods.PrefEval.Conversations;
using AlignLab.Methods.PrefEval.Data;
using AlignLab.Methods.PrefEval.Judging;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval;

/// <summary>
/// Runs one task × method × filler length over a list of items: builds each conversation, asks the model (one call,
/// or three for self-critic), judges (generation) or parses the choice (classification), and collects per-item
/// results. Wrap the model and judge in <see cref="CachedChatModel"/>s to make reruns free and to cap the cost; a
/// capped run stops cleanly and reports the items it finished. Results are written as JSONL even when the run fails.
/// </summary>
public static class PrefEvalRunner
{
    private static readonly JsonSerializerOptions Jsonl = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<PrefEvalSummary> RunAsync(IReadOnlyList<PrefEvalItem> items, FillerTurns filler, IChatModel model, IPreferenceJudge? judge,
        PrefEvalRunSettings settings, string? jsonlPath = null, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        settings.Validate();
        if (settings.Task == PrefEvalTask.Generation && judge is null) throw new ArgumentException("the generation task needs a judge", nameof(judge));
        if (settings.McqByLikelihood && model is not IOptionScorer) throw new ArgumentException($"model '{model.Name}' cannot score options by likelihood", nameof(settings));
        var selected = settings.Limit is int k ? items.Take(k).ToList() : items.ToList();
        var fillerTurns = filler.First(settings.Turns);
        var builder = new ConversationBuilder(settings.Prompts, settings.SystemPrompt);
        // The shuffles are drawn in item order before anything runs, so they do not depend on concurrency or resumption.
        var shuffles = new List<(List<string> Options, int Correct)?>();
        if (settings.Task == PrefEvalTask.Classification)
        {
            var rng = new PythonRandom(settings.ShuffleSeed);
            foreach (var item in selected)
            {
                var options = item.McqOptions ?? throw new InvalidDataException($"{item.Id}: no option set for the classification task");
                var shuffled = rng.Sample(options);
                shuffles.Add((shuffled, shuffled.IndexOf(options[0])));
            }
        }
        var results = new PrefEvalItemResult?[selected.Count];
        string? stopped = null;
        int done = 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, selected.Count), new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancel },
                async (i, ct) =>
                {
                    var item = selected[i];
                    results[i] = settings.Task == PrefEvalTask.Generation
                        ? await GenerationAsync(item, fillerTurns, model, judge!, builder, settings, ct)
                        : await ClassificationAsync(item, fillerTurns, model, builder, settings, shuffles[i]!.Value, ct);
                    progress?.Report((double)Interlocked.Increment(ref done) / selected.Count);
                });
        }
        catch (CostCapReachedException e) { stopped = e.Message; }
        finally
        {
            if (jsonlPath != null) WriteJsonl(jsonlPath, results.Where(r => r != null).Select(r => r!));
        }
        var finished = results.Where(r => r != null).Select(r => r!).ToList();
        var errors = new Dictionary<string, int>();
        if (settings.Task == PrefEvalTask.Generation)
            foreach (var e in ErrorTaxonomy.Errors) errors[ErrorTaxonomy.Name(e)] = finished.Count(r => r.ErrorType == ErrorTaxonomy.Name(e));
        long cachedCalls = 0, newCalls = 0;
        foreach (var m in new object?[] { model, (judge as LlmJudge)?.Model }.Distinct())
            if (m is CachedChatModel c) { cachedCalls += c.CachedCalls; newCalls += c.NewCalls; }
        return new PrefEvalSummary(finished.Count == 0 ? 0 : finished.Count(r => r.Correct) / (double)finished.Count, finished.Count, errors, cachedCalls, newCalls, stopped, finished);
    }

    private static async Task<PrefEvalItemResult> GenerationAsync(PrefEvalItem item, IReadOnlyList<ChatMessage> filler, IChatModel model, IPreferenceJudge judge,
        ConversationBuilder builder, PrefEvalRunSettings s, CancellationToken ct)
    {
        var prefTurns = await builder.PreferenceTurnsAsync(model, item, PrefEvalTask.Generation, ct);
        string question = builder.GenerationQuestion(s.Method, item, prefTurns, filler);
        var messages = builder.Conversation(prefTurns, filler, new ChatMessage("user", question));
        var answer = await model.CompleteAsync(new ChatRequest(messages, s.Prompts.MaxTokens), ct);
        string? first = null, critique = null;
        bool truncated = answer.Truncated;
        var lastRequest = messages;
        if (s.Method == EvalMethod.SelfCritic)
        {
            first = answer.Text;
            // As released, the critique and revision conversations repeat the bare question (no length suffix).
            var critic = builder.Conversation(prefTurns, filler, new ChatMessage("user", item.Question), new ChatMessage("assistant", first),
                new ChatMessage("user", s.Prompts.CriticRequest));
            var critiqueAnswer = await model.CompleteAsync(new ChatRequest(critic, s.Prompts.MaxTokens), ct);
            critique = critiqueAnswer.Text;
            lastRequest = [.. critic, new ChatMessage("assistant", critique), new ChatMessage("user", s.Prompts.Revision(item.Question))];
            answer = await model.CompleteAsync(new ChatRequest(lastRequest, s.Prompts.RevisionMaxTokens), ct);
            truncated |= critiqueAnswer.Truncated || answer.Truncated;
        }
        var verdict = await judge.JudgeAsync(item, answer.Text, ct);
        return Common(item, s, model, prefTurns, lastRequest, truncated, answer.Text) with
        {
            FirstResponse = first, Critique = critique, Correct = verdict.Correct,
            Retrieved = s.Method == EvalMethod.Rag ? builder.Retrieve(item, prefTurns, filler) : null,
            Judge = judge.Name, ErrorType = ErrorTaxonomy.Name(verdict.Error), Acknowledges = verdict.Acknowledges, Restatement = verdict.Restatement,
            Hallucinates = verdict.Hallucinates, Violates = verdict.Violates, Helpful = verdict.Helpful,
        };
    }

    private static async Task<PrefEvalItemResult> ClassificationAsync(PrefEvalItem item, IReadOnlyList<ChatMessage> filler, IChatModel model,
        ConversationBuilder builder, PrefEvalRunSettings s, (List<string> Options, int Correct) shuffle, CancellationToken ct)
    {
        var prefTurns = await builder.PreferenceTurnsAsync(model, item, PrefEvalTask.Classification, ct);
        string question = builder.ClassificationQuestion(s.Method, item, prefTurns, filler, shuffle.Options);
        var messages = builder.Conversation(prefTurns, filler, new ChatMessage("user", question));
        char correct = (char)('A' + shuffle.Correct);
        char? choice;
        string response;
        double[]? scores = null;
        bool truncated = false;
        string? first = null, critique = null;
        var lastRequest = messages;
        if (s.McqByLikelihood)
        {
            scores = await ((IOptionScorer)model).ScoreOptionsAsync(messages, shuffle.Options, ct);
            int best = Array.IndexOf(scores, scores.Max());
            choice = (char)('A' + best);
            response = $"<choice>{choice}</choice>";
        }
        else
        {
            var answer = await model.CompleteAsync(new ChatRequest(messages, s.Prompts.McqMaxTokens), ct);
            truncated = answer.Truncated;
            if (s.Method == EvalMethod.SelfCritic)
            {
                first = answer.Text;
                var critic = builder.Conversation(prefTurns, filler, new ChatMessage("user", item.Question + s.Prompts.Mcq(shuffle.Options)),
                    new ChatMessage("assistant", first), new ChatMessage("user", s.Prompts.CriticRequest));
                var critiqueAnswer = await model.CompleteAsync(new ChatRequest(critic, s.Prompts.MaxTokens), ct);
                critique = critiqueAnswer.Text;
                lastRequest = [.. critic, new ChatMessage("assistant", critique), new ChatMessage("user", s.Prompts.Revision(item.Question) + s.Prompts.Mcq(shuffle.Options))];
                answer = await model.CompleteAsync(new ChatRequest(lastRequest, s.Prompts.McqMaxTokens), ct);
                truncated |= critiqueAnswer.Truncated || answer.Truncated;
            }
            response = answer.Text;
            choice = ChoiceParser.Parse(response);
        }
        return Common(item, s, model, prefTurns, lastRequest, truncated, response) with
        {
            FirstResponse = first, Critique = critique, Correct = choice == correct,
            Retrieved = s.Method == EvalMethod.Rag ? builder.Retrieve(item, prefTurns, filler) : null,
            ShuffledOptions = shuffle.Options, Choice = choice?.ToString(), CorrectChoice = correct.ToString(), ShuffleSeed = s.ShuffleSeed, OptionLogLikelihoods = scores,
        };
    }

    private static PrefEvalItemResult Common(PrefEvalItem item, PrefEvalRunSettings s, IChatModel model, IReadOnlyList<ChatMessage> prefTurns,
        IReadOnlyList<ChatMessage> request, bool truncated, string response) => new()
    {
        Item = item.Id, Topic = item.Topic, Index = item.Index, Form = PreferenceForms.Name(item.Form), Task = PrefEvalTasks.Name(s.Task),
        Method = EvalMethods.Name(s.Method), InterTurns = s.Turns, ApproxPromptTokens = request.Sum(m => (long)m.Content.Length) / 4,
        Truncated = truncated, Model = model.Name, Response = response, Correct = false,
        PreferenceReply = item.Form == PreferenceForm.Explicit ? prefTurns[1].Content : null,
    };

    private static void WriteJsonl(string path, IEnumerable<PrefEvalItemResult> results)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(path, string.Concat(results.Select(r => JsonSerializer.Serialize(r, Jsonl) + "\n")));
    }
}
