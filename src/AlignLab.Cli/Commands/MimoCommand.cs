using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Methods.Mimo;
using AlignLab.Reports;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab mimo run ...</c>: Monte-Carlo NMSE / beamforming gain of one estimator at one operating point.</summary>
internal static class MimoCommand
{
    public static Command Create()
    {
        var mimo = new Command("mimo", "Downlink MIMO channel estimation from quantized feedback bits (REDEEM and baselines).");
        mimo.Subcommands.Add(CreateRun());
        return mimo;
    }

    private static Command CreateRun()
    {
        var scheme = new Option<int>("--scheme") { Description = "UE compression scheme: 1 (channel sketch) or 2 (pilot sketch)", DefaultValueFactory = _ => 1 };
        var nr = new Option<int>("--nr") { Description = "UE antennas (rows of H)", DefaultValueFactory = _ => 12 };
        var nt = new Option<int>("--nt") { Description = "BS antennas (columns of H)", DefaultValueFactory = _ => 16 };
        var paths = new Option<int>("--paths") { Description = "true number of paths K", DefaultValueFactory = _ => 4 };
        var modelPaths = new Option<int?>("--model-paths") { Description = "paths assumed by the base station (default: --paths)" };
        var bits = new Option<int>("--bits") { Description = "bits per measurement b", DefaultValueFactory = _ => 3 };
        var feedbackBits = new Option<int>("--feedback-bits") { Description = "feedback bits R*b (a multiple of --bits)", DefaultValueFactory = _ => 300 };
        var trials = new Option<int>("--trials") { Description = "Monte-Carlo trials", DefaultValueFactory = _ => 30 };
        var firstSeed = new Option<int>("--first-seed") { Description = "seed of the first trial; trial t uses seed first + t", DefaultValueFactory = _ => 1000 };
        var method = new Option<string>("--method") { Description = "redeem | ls | ls-relax | sparse-mle | mle | oracle", DefaultValueFactory = _ => "redeem" };
        var ditherSnr = new Option<double?>("--dither-snr") { Description = "add Gaussian dither at this SNR (dB) and model it exactly (default: the code's no-dither mode)" };
        var channel = new Option<string>("--channel") { Description = "uniform (the paper's generator) | clustered", DefaultValueFactory = _ => "uniform" };
        var pilotSnr = new Option<double?>("--pilot-snr") { Description = "pilot SNR in dB at the UE (default: noise-free)" };
        var floor = new Option<double>("--estep-floor") { Description = "REDEEM E-step floor on the bin probability (code: 1e-3; 0 = exact truncated mean)", DefaultValueFactory = _ => 1e-3 };
        var rho = new Option<double>("--rho") { Description = "REDEEM ADMM penalty", DefaultValueFactory = _ => 1.0 };
        var threads = new Option<int>("--threads") { Description = "worker threads (results do not depend on it)", DefaultValueFactory = _ => 1 };
        var csv = new Option<string?>("--csv") { Description = "also write the per-trial records to this CSV file" };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of text" };

        var run = new Command("run", "Run trials of one estimator at one operating point and print mean NMSE, beamforming gain, rate and time.");
        foreach (var o in new Option[] { scheme, nr, nt, paths, modelPaths, bits, feedbackBits, trials, firstSeed, method, ditherSnr, channel, pilotSnr, floor, rho, threads, csv, json })
            run.Options.Add(o);
        run.SetAction(parse =>
        {
            int first = parse.GetValue(firstSeed), count = parse.GetValue(trials);
            if (count < 1) throw new ArgumentException($"--trials must be at least 1, got {count}.");
            if (first < 0) throw new ArgumentException($"--first-seed must be non-negative, got {first}.");
            var request = new MimoRunRequest
            {
                Method = MimoMethods.Parse(parse.GetValue(method)!), Scheme = parse.GetValue(scheme), Nr = parse.GetValue(nr), Nt = parse.GetValue(nt),
                Paths = parse.GetValue(paths), ModelPaths = parse.GetValue(modelPaths), BitsPerMeasurement = parse.GetValue(bits),
                FeedbackBits = parse.GetValue(feedbackBits), Seeds = new SeedRange(first, count), DitherSnrDb = parse.GetValue(ditherSnr),
                Channel = parse.GetValue(channel)!.Trim().ToLowerInvariant() switch
                {
                    "uniform" => ChannelModel.Uniform,
                    "clustered" => ChannelModel.Clustered,
                    var other => throw new ArgumentException($"--channel must be uniform or clustered, got '{other}'."),
                },
                PilotSnrDb = parse.GetValue(pilotSnr), EStepFloor = parse.GetValue(floor), Rho = parse.GetValue(rho),
            };
            var result = request.Run(parse.GetValue(threads));
            if (parse.GetValue(csv) is string path) TrialCsv.WriteFile(path, w => TrialCsv.WriteTrials(w, result.Trials));
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result.Metrics(), ReportJson.Compact));
            else PrintText(result.Scenario, request.Arm, result.Summary);
            return 0;
        });
        return run;
    }

    private static void PrintText(MimoScenario scenario, MimoArm arm, PointSummary s)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{arm.Label}: {scenario.Rows}x{scenario.Columns}, K={scenario.Paths} (model {scenario.Model}), {scenario.Quantizer.Bits}-bit, R={scenario.Measurements}, {s.Trials} trials");
        Console.WriteLine($"bits: {s.FeedbackBits} feedback + {s.SideInformationBits} side information = {s.FeedbackBits + s.SideInformationBits}; training {s.TrainingLength} pilots");
        Console.WriteLine(string.Format(c, "NMSE {0:F2} dB (±{1:F2})   BGain {2:F1} (±{3:F1})   single-stream {4:F1}   rate {5:F2} b/s/Hz", s.NmseDb, s.NmseDbError, s.StreamGain, s.StreamGainError, s.SingleStreamGain, s.Rate));
        Console.WriteLine(string.Format(c, "angle RMSE {0:F3}°   {1:F3} s/trial   {2:F1} iterations", s.AngleRmseDegrees, s.Seconds, s.Iterations));
    }
}
