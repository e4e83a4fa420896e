using System.Net;
using System.Security.Cryptography;
using System.Text;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AlignLab.Server;

/// <summary>
/// An OpenAI-compatible HTTP server for one model: <c>GET /v1/models</c>, <c>POST /v1/completions</c> and
/// <c>POST /v1/chat/completions</c> (with server-sent-event streaming). Generations run one at a time through a
/// <see cref="GenerationQueue"/>.
/// </summary>
public sealed class OpenAiServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private OpenAiServer(WebApplication app, Uri url, GenerationQueue queue) => (this.app, Url, Queue) = (app, url, queue);

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:8000/</c> (with the real port when 0 was asked for).</summary>
    public Uri Url { get; }

    public GenerationQueue Queue { get; }

    public static async Task<OpenAiServer> StartAsync(ICausalLM model, ITextTokenizer tokenizer, ServerOptions options, CancellationToken cancellationToken = default)
    {
        if (tokenizer.VocabSize > model.VocabSize)
            throw new ArgumentException($"the tokenizer has {tokenizer.VocabSize} tokens but the model's vocabulary has only {model.VocabSize}");
        if (options.Port is < 0 or > 65535) throw new ArgumentException($"port must be in [0, 65535], got {options.Port}");
        var address = options.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(options.Host, out var ip) ? ip : throw new ArgumentException($"host '{options.Host}' is not an IP address (or localhost)");

        // The empty builder reads no appsettings, environment or command line and adds no logging: the server is a library call.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(address, options.Port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();

        var queue = new GenerationQueue();
        var served = new ServedModel(model, tokenizer, options.ModelName, queue, app.Lifetime.ApplicationStopping);
        if (options.ApiKey is { } key) app.Use(RequireKey(key));
        app.MapGet("/v1/models", context => ServerJson.WriteAsync(context.Response, new
        {
            @object = "list",
            data = new[] { new { id = served.Name, @object = "model", created = 0, owned_by = "alignlab" } },
        }));
        app.MapPost("/v1/completions", new TextCompletionsEndpoint(served).HandleAsync);
        app.MapPost("/v1/chat/completions", new ChatCompletionsEndpoint(served).HandleAsync);
        app.MapFallback(context => new OpenAiException(404, $"No route {context.Request.Method} {context.Request.Path}").WriteAsync(context.Response));

        try { await app.StartAsync(cancellationToken); }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OpenAiServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"), queue);
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static Func<HttpContext, RequestDelegate, Task> RequireKey(string key)
    {
        var expected = Encoding.UTF8.GetBytes("Bearer " + key);
        return (context, next) =>
        {
            var given = Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString());
            // Fixed-time comparison, so response timing does not leak how much of a guessed key was right.
            if (CryptographicOperations.FixedTimeEquals(given, expected)) return next(context);
            return new OpenAiException(401, "Incorrect or missing API key: send the header 'Authorization: Bearer KEY'", code: "invalid_api_key")
                .WriteAsync(context.Response);
        };
    }
}
