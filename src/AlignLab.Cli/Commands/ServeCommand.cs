using System.CommandLine;
using System.Runtime.InteropServices;
using AlignLab.Core.Kernels;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;
using AlignLab.Server;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab serve</c>: an OpenAI-compatible HTTP server for one Hugging Face model folder, until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Hugging Face model folder (config.json + safetensors)", Required = true };
        var tokenizer = new Option<string?>("--tokenizer") { Description = $"Tokenizer folder ({TokenizerLoader.Expected}; default: the model folder)" };
        var host = new Option<string>("--host") { Description = "IP address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port (0: pick a free one)", DefaultValueFactory = _ => 8000 };
        var apiKey = new Option<string?>("--api-key") { Description = "Require 'Authorization: Bearer KEY' on every request" };
        var threads = new Option<int>("--threads") { Description = "Kernel threads", DefaultValueFactory = _ => 1 };
        var vectors = new Option<string?>("--vectors") { Description = "Serve the model steered by these vectors (see 'steer generate')" };
        var alpha = new Option<float>("--alpha") { Description = "Steering strength with --vectors", DefaultValueFactory = _ => 1f };
        var command = new Command("serve", "Serve a model over HTTP with OpenAI's /v1/models, /v1/completions and /v1/chat/completions.")
            { model, tokenizer, host, port, apiKey, threads, vectors, alpha };
        command.SetAction(r =>
        {
            int n = r.GetValue(threads);
            EngineSettings.Threads = n >= 1 ? n : throw new ArgumentException($"--threads must be at least 1, got {n}");
            var modelDir = r.GetValue(model)!;
            var lm = HfCheckpoint.Load(modelDir);
            using var steering = r.GetValue(vectors) is { } file ? LanguageModelCommands.Steer(lm, file, r.GetValue(alpha)) : null;
            var tok = TokenizerLoader.Load(r.GetValue(tokenizer) ?? modelDir);
            var options = new ServerOptions
            {
                Host = r.GetValue(host)!, Port = r.GetValue(port), ApiKey = r.GetValue(apiKey),
                ModelName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDir))),
            };
            return Serve(lm, tok, options).GetAwaiter().GetResult();
        });
        return command;
    }

    /// <summary>Serves until SIGINT (Ctrl+C) or SIGTERM (a service manager, <c>kill</c>), then says which stopped it.</summary>
    private static async Task<int> Serve(ICausalLM model, ITextTokenizer tokenizer, ServerOptions options)
    {
        await using var server = await OpenAiServer.StartAsync(model, tokenizer, options);
        using var stop = new CancellationTokenSource();
        string? signal = null;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we shut down ourselves, in order: stop accepting, end the running generation, exit 0
            signal ??= context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";
            stop.Cancel();
        }
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        Console.WriteLine($"alignlab: serving '{options.ModelName}' at {server.Url}v1 (Ctrl+C to stop)");
        await server.WaitForShutdownAsync(stop.Token);
        Console.Error.WriteLine($"alignlab: stopped serving '{options.ModelName}' ({signal ?? "shutdown"})");
        return 0;
    }
}
