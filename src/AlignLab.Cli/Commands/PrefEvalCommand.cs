using System.CommandLine;
using System.Text.Json;
using AlignLab.Methods.PrefEval;
using AlignLab.Methods.PrefEval.Chat;
using AlignLab.Methods.PrefEval.Conversations;
using AlignLab.Methods.PrefEval.Data;
using AlignLab.Reports;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab prefeval run ...</c>: the PrefEval harness against an OpenAI-compatible endpoint or a local model, cached in SQLite.</summary>
internal static class PrefEvalCommand
{
    public static Command Create()
    {
        var prefeval = new Command("prefeval", "PrefEval: does a model follow a preference stated earlier in a long conversation? (ICLR 2025)");
        prefeval.Subcommands.Add(CreateRun());
        return prefeval;
    }

    private static Command CreateRun()
    {
        var data = new Option<string>("--data") { Description = "PrefEval folder (the repository or its benchmark_dataset/; CC BY-NC, not shipped) or builtin:preflite", Required = true };
        var task = new Option<string>("--task") { Description = "generation | classification", DefaultValueFactory = _ => "generation" };
        var topic = new Option<string>("--topic") { Description = "topic file name, e.g. travel_restaurant (ignored for builtin:preflite)", DefaultValueFactory = _ => "travel_restaurant" };
        var form = new Option<string>("--form") { Description = "explicit | choice | persona", DefaultValueFactory = _ => "explicit" };
        var method = new Option<string>("--method") { Description = "zero-shot | reminder | self-critic | cot | rag", DefaultValueFactory = _ => "zero-shot" };
        var turns = new Option<int>("--turns") { Description = "filler user/assistant pairs between the preference and the question", DefaultValueFactory = _ => 0 };
        var endpoint = new Option<string?>("--endpoint") { Description = "base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1" };
        var model = new Option<string?>("--model") { Description = "model name at the endpoint (for --local: the name the cache keys it by)" };
        var local = new Option<string?>("--local") { Description = "an AlignLab model folder answered in-process instead of an endpoint" };
        var truncation = new Option<string>("--truncation") { Description = "in-process models: left | keep-first-and-last", DefaultValueFactory = _ => "left" };
        var keyEnv = new Option<string>("--api-key-env") { Description = "environment variable holding the API key", DefaultValueFactory = _ => "OPENAI_API_KEY" };
        var judgeEndpoint = new Option<string?>("--judge-endpoint") { Description = "judge's OpenAI-compatible base URL (default: --endpoint)" };
        var judgeModel = new Option<string?>("--judge-model") { Description = "judge model name (default: --model; builtin:preflite uses its rule-based judge unless given)" };
        var judgeKeyEnv = new Option<string?>("--judge-api-key-env") { Description = "environment variable with the judge's key (default: --api-key-env)" };
        var templates = new Option<string?>("--judge-templates") { Description = "folder with the four check_*.txt judge templates (default: error_type/ next to benchmark_dataset/)" };
        var limit = new Option<int?>("--limit") { Description = "only the first K items" };
        var cache = new Option<string>("--cache") { Description = "SQLite file caching every request and answer (a rerun repeats no call)", Required = true };
        var output = new Option<string?>("--out") { Description = "per-item results as JSONL" };
        var maxCalls = new Option<long?>("--max-calls") { Description = "cost cap: most new (uncached) calls; the run stops cleanly there" };
        var maxTokens = new Option<long?>("--max-input-tokens") { Description = "cost cap: most new input tokens (about 4 characters each)" };
        var prompts = new Option<string?>("--prompts") { Description = "JSON file overriding the methods' prompt text (e.g. with the original wording)" };
        var system = new Option<string?>("--system-prompt") { Description = "a system turn sent first (default: none)" };
        var likelihood = new Option<bool>("--likelihood") { Description = "classification by option likelihood (--local only)" };
        var concurrency = new Option<int>("--concurrency") { Description = "items in flight at once", DefaultValueFactory = _ => 4 };
        var attempts = new Option<int>("--attempts") { Description = "tries per call before an endpoint counts as unreachable", DefaultValueFactory = _ => 4 };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object" };
        var run = new Command("run", "Ask the model every item of one topic, task, method and filler length; judge or parse; print the accuracy");
        foreach (var o in new Option[] { data, task, topic, form, method, turns, endpoint, model, local, truncation, keyEnv, judgeEndpoint, judgeModel, judgeKeyEnv, templates,
                                         limit, cache, output, maxCalls, maxTokens, prompts, system, likelihood, concurrency, attempts, json })
            run.Options.Add(o);
        run.SetAction(parse =>
        {
            string keyVar = parse.GetValue(keyEnv)!;
            var request = new PrefEvalRunRequest
            {
                Data = parse.GetValue(data)!, Cache = parse.GetValue(cache)!, Topic = parse.GetValue(topic)!, Form = PreferenceForms.Parse(parse.GetValue(form)!),
                Settings = new PrefEvalRunSettings
                {
                    Task = PrefEvalTasks.Parse(parse.GetValue(task)!), Method = EvalMethods.Parse(parse.GetValue(method)!), Turns = parse.GetValue(turns),
                    Limit = parse.GetValue(limit), SystemPrompt = parse.GetValue(system), McqByLikelihood = parse.GetValue(likelihood), Concurrency = parse.GetValue(concurrency),
                },
                Endpoint = Url(parse.GetValue(endpoint), "--endpoint"), Model = parse.GetValue(model), ApiKey = Environment.GetEnvironmentVariable(keyVar),
                Local = parse.GetValue(local), Truncation = TruncationPolicies.Parse(parse.GetValue(truncation)!),
                JudgeEndpoint = Url(parse.GetValue(judgeEndpoint), "--judge-endpoint"), JudgeModel = parse.GetValue(judgeModel),
                JudgeApiKey = parse.GetValue(judgeKeyEnv) is { } jk ? Environment.GetEnvironmentVariable(jk) : null, JudgeTemplates = parse.GetValue(templates),
                Jsonl = parse.GetValue(output), Cap = new CostCap(parse.GetValue(maxCalls), parse.GetValue(maxTokens)), PromptsFile = parse.GetValue(prompts),
                Attempts = parse.GetValue(attempts),
            };
            request.Validate();
            var summary = CtrlC.Run(cancel => request.RunAsync(null, cancel).GetAwaiter().GetResult());
            var result = summary.ToJson();
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result, ReportJson.Compact));
            else
            {
                Console.WriteLine($"accuracy: {summary.Accuracy:P1} over {summary.Items} items");
                foreach (var (type, count) in summary.ErrorsByType) Console.WriteLine($"  {type}: {count}");
                Console.WriteLine($"calls: {summary.CachedCalls} from the cache, {summary.NewCalls} new");
                if (summary.Stopped is { } why) Console.WriteLine($"stopped early: {why}");
            }
            return 0;
        });
        return run;
    }

    private static Uri? Url(string? text, string flag) =>
        text is null ? null : Uri.TryCreate(text, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https") ? u
            : throw new UsageException($"{flag} '{text}' is not an http(s) URL");
}
