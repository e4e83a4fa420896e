using System.Text.Json;
using System.Threading.Channels;
using AlignLab.Core;
using AlignLab.Models.Generation;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server;

/// <summary>
/// What <c>/v1/completions</c> and <c>/v1/chat/completions</c> share: read and check the request, expand it to one
/// prompt per choice (prompt-major, as OpenAI numbers choices), generate through the queue, and answer with one JSON
/// object or a stream of server-sent events ending in <c>data: [DONE]</c>. Subclasses say how prompts are read
/// and how choices look.
/// </summary>
/// <param name="promptField">The field an over-long prompt is blamed on.</param>
internal abstract class CompletionsEndpoint(ServedModel served, string objectName, string chunkObjectName, string idPrefix, string promptField)
{
    protected ServedModel Served { get; } = served;
    protected abstract List<int[]> ReadPrompts(JsonElement body);
    /// <summary>How many alternatives to return with each token's log-probability, or null for no log-probabilities.</summary>
    protected abstract int? ReadLogProbs(JsonElement body);
    /// <summary>max_tokens when the request gives none; <paramref name="room"/> is what the context has left.</summary>
    protected abstract int DefaultMaxTokens(int room);
    protected virtual IEnumerable<int> ExtraStopIds => [];
    protected virtual IEnumerable<string> ExtraStopStrings => [];
    protected abstract object Choice(int index, TextCompletion completion);
    protected abstract object DeltaChoice(int index, string text, string? finishReason);
    /// <summary>A chunk sent before any text (the chat API announces the assistant role), or null.</summary>
    protected virtual object? OpeningChoice(int index) => null;

    private sealed record Job(GenerationRequest Request, List<int[]> Prompts, int PromptTokens, GenerationOptions Options, string Id, long Created);

    public async Task HandleAsync(HttpContext context)
    {
        Job job;
        try { job = Prepare(await ReadBodyAsync(context.Request, context.RequestAborted)); }
        catch (OpenAiException e) { await e.WriteAsync(context.Response); return; }
        if (job.Request.Stream) await StreamAsync(context, job);
        else await RespondAsync(context, job);
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new OpenAiException(400, "The request body must be a JSON object");
            return doc.RootElement.Clone();
        }
        catch (JsonException e) { throw new OpenAiException(400, $"The request body is not valid JSON: {e.Message}"); }
    }

    private Job Prepare(JsonElement body)
    {
        var request = GenerationRequest.Parse(body, Served.Name);
        var topLogProbs = ReadLogProbs(body);
        if (topLogProbs != null && request.Stream) throw OpenAiException.BadField("logprobs", "'logprobs' is not supported together with 'stream'");
        var prompts = ReadPrompts(body);
        int longest = 0, promptTokens = 0, context = Served.Model.MaxPositions;
        foreach (var p in prompts) { longest = Math.Max(longest, p.Length); promptTokens += p.Length; }
        int room = context - longest;
        if (room <= 0)
            throw new OpenAiException(400, $"This model's maximum context length is {context} tokens, but the prompt has {longest} tokens", promptField, "context_length_exceeded");
        int maxTokens = request.MaxTokens ?? DefaultMaxTokens(room);
        if (maxTokens > room)
            throw new OpenAiException(400, $"This model's maximum context length is {context} tokens; the prompt has {longest} tokens, so max_tokens can be at most {room}, got {maxTokens}",
                "max_tokens", "context_length_exceeded");

        var stopIds = new HashSet<int>(ExtraStopIds);
        if (Served.Tokenizer.EndOfTextId is { } eot) stopIds.Add(eot);
        var options = new GenerationOptions
        {
            MaxNewTokens = maxTokens, Temperature = request.Temperature, TopK = request.TopK, TopP = request.TopP,
            StopIds = stopIds, StopStrings = [.. request.Stop, .. ExtraStopStrings],
            LogProbs = topLogProbs != null, TopLogProbs = topLogProbs ?? 0,
        };
        var perChoice = new List<int[]>(prompts.Count * request.N);
        foreach (var p in prompts)
            for (int j = 0; j < request.N; j++) perChoice.Add(p);
        return new Job(request, perChoice, promptTokens, options, idPrefix + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    private TextCompletion[] Generate(Job job, Action<int, string>? onText, CancellationToken cancellationToken)
    {
        // Without a seed the server draws one; greedy decoding needs no generator at all.
        var generator = job.Options.Temperature > 0 ? new Generator(job.Request.Seed ?? (ulong)Random.Shared.NextInt64()) : null;
        return TextGenerator.Complete(Served.Model, Served.Tokenizer, job.Prompts, job.Options, generator, onText, cancellationToken);
    }

    private async Task RespondAsync(HttpContext context, Job job)
    {
        TextCompletion[] results;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Served.Stopping);
        try { results = await Served.Queue.RunAsync(ct => Generate(job, null, ct), cts.Token); }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested) { return; } // the client has gone; nobody is left to answer
        catch (Exception e) { await Failure(e).WriteAsync(context.Response); return; }
        var choices = new object[results.Length];
        for (int i = 0; i < results.Length; i++) choices[i] = Choice(i, results[i]);
        await ServerJson.WriteAsync(context.Response, new
        {
            id = job.Id, @object = objectName, created = job.Created, model = Served.Name, choices, usage = Usage(job, results),
        });
    }

    private async Task StreamAsync(HttpContext context, Job job)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Served.Stopping);
        var pieces = Channel.CreateUnbounded<(int Index, string Text)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        async Task<TextCompletion[]> Run()
        {
            try { return await Served.Queue.RunAsync(ct => Generate(job, (i, s) => pieces.Writer.TryWrite((i, s)), ct), cts.Token); }
            finally { pieces.Writer.Complete(); }
        }
        var generation = Run();
        try
        {
            await response.StartAsync(cts.Token);
            for (int i = 0; i < job.Prompts.Count; i++)
                if (OpeningChoice(i) is { } opening) await SendAsync(response, Chunk(job, opening), cts.Token);
            await foreach (var (index, text) in pieces.Reader.ReadAllAsync(cts.Token))
                await SendAsync(response, Chunk(job, DeltaChoice(index, text, null)), cts.Token);
            var results = await generation;
            for (int i = 0; i < results.Length; i++)
                await SendAsync(response, Chunk(job, DeltaChoice(i, "", Reason(results[i]))), cts.Token);
            if (job.Request.IncludeUsage)
                await SendAsync(response, new { id = job.Id, @object = chunkObjectName, created = job.Created, model = Served.Name, choices = Array.Empty<object>(), usage = Usage(job, results) }, cts.Token);
            await response.WriteAsync("data: [DONE]\n\n", cts.Token);
            await response.Body.FlushAsync(cts.Token);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested) { } // the client left: the finally stops its generation
        catch (Exception e)
        {
            try { await SendAsync(response, Failure(e).Body(), CancellationToken.None); } catch (IOException) { }
        }
        finally
        {
            cts.Cancel();
            try { await generation; } catch (Exception) { } // cancelled, or already reported above
        }
    }

    private object Chunk(Job job, object choice) =>
        new { id = job.Id, @object = chunkObjectName, created = job.Created, model = Served.Name, choices = new[] { choice } };

    private static async Task SendAsync(HttpResponse response, object payload, CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: " + ServerJson.Serialize(payload) + "\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    protected static string Reason(TextCompletion c) => c.FinishReason == FinishReason.Stop ? "stop" : "length";

    /// <summary>completion_tokens counts the tokens returned (those cut off with a stop string are not).</summary>
    private static object Usage(Job job, TextCompletion[] results)
    {
        int completion = 0;
        foreach (var r in results) completion += r.Ids.Length;
        return new { prompt_tokens = job.PromptTokens, completion_tokens = completion, total_tokens = job.PromptTokens + completion };
    }

    /// <summary>503 when the server is stopping under the request, 500 for anything else.</summary>
    private OpenAiException Failure(Exception e) => Served.Stopping.IsCancellationRequested
        ? new(503, "The server is shutting down", type: "server_error")
        : new(500, e.Message, type: "server_error");
}
