using System.CommandLine;
using System.Text.Json;
using AlignLab.Core;
using AlignLab.Methods.Quantization;
using AlignLab.Models.Tokenizers;
using AlignLab.Reports;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab quantize</c>: post-training quantization (RTN, GPTQ, QuaRot) of a float Llama folder into a packed low-bit
/// folder that <c>generate</c>, <c>score</c> and <c>roste eval</c> read.
/// </summary>
internal static class QuantizeCommand
{
    internal static Option<string> Bits() => new("--bits") { Description = "w4a4kv4 | w4a8kv4 (weights stored in 4 bits; w8a8kv8 stores 8)", DefaultValueFactory = _ => "w4a4kv4" };
    internal static Option<float> Clip() => new("--clip") { Description = "min-max clip factor of every quantizer", DefaultValueFactory = _ => 0.95f };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "float Llama folder (config.json + safetensors + tokenizer)", Required = true };
        var method = new Option<string>("--method") { Description = "rtn | gptq | quarot (R1–R4 rotations + GPTQ)", DefaultValueFactory = _ => "rtn" };
        var bits = Bits();
        var clip = Clip();
        var data = new Option<string?>("--data") { Description = "JSONL of {\"prompt\", \"completion\"}: GPTQ's calibration (first 128 records)" };
        var seed = new Option<int>("--seed") { Description = "seed of QuaRot's random R1", DefaultValueFactory = _ => 42 };
        var outDir = new Option<string>("--out") { Description = "folder to write the packed model to", Required = true };
        var command = new Command("quantize", "Quantize a float model after training (RTN, GPTQ or QuaRot) into packed 4/8-bit storage.") { model, method, bits, clip, data, seed, outDir };
        command.SetAction(r =>
        {
            var m = r.GetValue(method) switch
            {
                "rtn" => QuantMethod.Rtn, "gptq" => QuantMethod.Gptq, "quarot" => QuantMethod.QuaRot,
                var other => throw new UsageException($"--method: '{other}' is not one of rtn, gptq, quarot"),
            };
            var scheme = ParseBits(r.GetValue(bits)!, r.GetValue(clip));
            string dir = r.GetValue(model)!;
            var llama = ModelFolders.LoadLlama(dir, "--model");
            var tokenizer = BpeFiles.HasTokenizer(dir) ? ByteLevelBpeTokenizer.FromDirectory(dir) : null;
            IntTensor[]? calibration = null;
            if (r.GetValue(data) is { } file)
            {
                if (tokenizer is null) throw new UsageException($"--data: {dir} has no tokenizer to encode it with");
                calibration = QuantizationPipeline.Calibration(PromptCompletionTask.Load(file, tokenizer, llama.MaxPositions));
            }
            else if (m != QuantMethod.Rtn) throw new UsageException($"--data: {m.Key()} needs calibration data (a JSONL of prompt/completion records)");
            var quantized = QuantizationPipeline.PostTraining(llama, m, scheme, calibration, new Generator((ulong)r.GetValue(seed)));
            QuantizedCheckpoint.Save(quantized, r.GetValue(outDir)!, m.Key(), tokenizer);
            Console.WriteLine(JsonSerializer.Serialize(Summary(quantized, m.Key(), r.GetValue(outDir)!), ReportJson.Compact));
            return 0;
        });
        return command;
    }

    /// <summary>A scheme the packed storage can hold, or a usage error naming --bits.</summary>
    internal static QuantScheme ParseBits(string text, float clip)
    {
        QuantScheme scheme;
        try { scheme = QuantScheme.Parse(text, clip); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new UsageException($"--bits: {e.Message.Split(" (Parameter")[0]}"); }
        if (scheme.Weights is not { Bits: 4 or 8 }) throw new UsageException($"--bits: '{text}' must store weights in 4 or 8 bits");
        return scheme;
    }

    internal static Dictionary<string, object?> Summary(QuantLlama model, string method, string outDir) => new()
    {
        ["method"] = method, ["bits"] = model.Scheme!.ToString().ToLowerInvariant(), ["weight_bytes"] = QuantizedCheckpoint.WeightBytes(model),
        ["rotations"] = model.Rotations.Select(x => x.ToString()).ToArray(), ["model"] = Path.GetFullPath(outDir),
    };
}
