using System.Text.Json;
using static AlignLab.Server.RequestFields;

namespace AlignLab.Server;

/// <summary>The sampling fields <c>/v1/completions</c> and <c>/v1/chat/completions</c> share, read and checked.</summary>
internal sealed record GenerationRequest(
    int? MaxTokens, float Temperature, float TopP, int TopK, int N, IReadOnlyList<string> Stop, ulong? Seed, bool Stream, bool IncludeUsage)
{
    public static GenerationRequest Parse(JsonElement body, string modelName)
    {
        var model = String(Required(body, "model"), "model");
        if (model != modelName)
            throw new OpenAiException(404, $"The model '{model}' does not exist; this server serves '{modelName}'", "model", "model_not_found");
        // max_completion_tokens is the newer name of max_tokens in the chat API.
        var maxTokens = OptionalInteger(body, "max_tokens", 0, int.MaxValue) ?? OptionalInteger(body, "max_completion_tokens", 0, int.MaxValue);
        if (OptionalBool(body, "echo", false)) throw OpenAiException.BadField("echo", "'echo' is not supported");
        bool stream = OptionalBool(body, "stream", false);
        bool includeUsage = TryGet(body, "stream_options", out var so) && so.ValueKind == JsonValueKind.Object && OptionalBool(so, "include_usage", false);
        return new GenerationRequest(
            MaxTokens: (int?)maxTokens,
            Temperature: (float)(OptionalNumber(body, "temperature", 0, 2) ?? 1),
            TopP: (float)(OptionalNumber(body, "top_p", 0, 1) is { } p ? p > 0 ? p : throw OpenAiException.BadField("top_p", "'top_p' must be greater than 0") : 1),
            TopK: (int)(OptionalInteger(body, "top_k", -1, int.MaxValue) is { } k && k > 0 ? k : 0),
            N: (int)(OptionalInteger(body, "n", 1, 128) ?? 1),
            Stop: ParseStop(body),
            Seed: OptionalInteger(body, "seed", long.MinValue, long.MaxValue) is { } seed ? unchecked((ulong)seed) : null,
            Stream: stream,
            IncludeUsage: includeUsage);
    }

    private static IReadOnlyList<string> ParseStop(JsonElement body)
    {
        if (!TryGet(body, "stop", out var v)) return [];
        var stops = new List<string>();
        if (v.ValueKind == JsonValueKind.String) stops.Add(v.GetString()!);
        else if (v.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var s in v.EnumerateArray()) stops.Add(String(s, $"stop[{i++}]"));
        }
        else throw WrongType("stop", "a string or an array of strings", v);
        for (int i = 0; i < stops.Count; i++)
            if (stops[i].Length == 0) throw OpenAiException.BadField("stop", "'stop' strings must not be empty");
        return stops;
    }
}
