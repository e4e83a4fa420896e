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
            var dither = parse.GetValue(ditherSnr);
            var quantizer = dither is double snr
                ? new QuantizerSettings(parse.GetValue(bits), DitherMode.Gaussian, snr)
                : new QuantizerSettings(parse.GetValue(bits));
            var channelModel = parse.GetValue(channel)!.Trim().ToLowerInvariant() switch
            {
                "uniform" => ChannelModel.Uniform,
                "clustered" => ChannelModel.Clustered,
                var other => throw new ArgumentException($"--channel must be uniform or clustered, got '{other}'."),
            };
            int schemeNumber = parse.GetValue(scheme);
            if (schemeNumber is not (1 or 2)) throw new ArgumentException($"--scheme must be 1 or 2, got {schemeNumber}.");
            var scenario = MimoScenario.ForFeedbackBits(parse.GetValue(nr), parse.GetValue(nt), parse.GetValue(paths), parse.GetValue(feedbackBits), quantizer)
                with
                {
                    ModelPaths = parse.GetValue(modelPaths), Channel = channelModel, PilotSnrDb = parse.GetValue(pilotSnr),
                    Redeem = new RedeemSettings(Rho: parse.GetValue(rho), MinIntervalProbability: parse.GetValue(floor)),
                };
            scenario.Validate();
            var arm = MimoArm.Of(MimoMethods.Parse(parse.GetValue(method)!), schemeNumber);
            int trialCount = parse.GetValue(trials), seedValue = parse.GetValue(firstSeed);
            var results = MonteCarlo.Run(1, trialCount, parse.GetValue(threads), (p, t) => MimoTrial.Run(scenario, [arm], seedValue + t, p, t)[0]);
            var records = results[0];
            var summary = PointSummary.Of(records);
            if (parse.GetValue(csv) is string path) TrialCsv.WriteFile(path, w => TrialCsv.WriteTrials(w, records));
            if (parse.GetValue(json)) Console.WriteLine(ToJson(scenario, arm, summary, seedValue));
            else PrintText(scenario, arm, summary);
            return 0;
        });
        return run;
    }

    private static string ToJson(MimoScenario scenario, MimoArm arm, PointSummary s, int seed)
    {
        var fields = new Dictionary<string, object?>
        {
            ["method"] = arm.Method.CliName(),
            ["scheme"] = arm.Scheme,
            ["nr"] = scenario.Rows,
            ["nt"] = scenario.Columns,
            ["paths"] = scenario.Paths,
            ["model_paths"] = scenario.Model,
            ["channel"] = scenario.Channel.ToString().ToLowerInvariant(),
            ["bits"] = scenario.Quantizer.Bits,
            ["measurements"] = scenario.Measurements,
            ["feedback_bits"] = s.FeedbackBits,
            ["side_information_bits"] = s.SideInformationBits,
            ["total_bits"] = s.FeedbackBits + s.SideInformationBits,
            ["training_length"] = s.TrainingLength,
            ["dither"] = scenario.Quantizer.Dither == DitherMode.Gaussian ? $"gaussian {scenario.Quantizer.DitherSnrDb.ToString(CultureInfo.InvariantCulture)} dB" : "none (code default)",
            ["trials"] = s.Trials,
            ["seeds"] = s.Trials == 1 ? $"seed {seed}" : $"seeds {seed}–{seed + s.Trials - 1}",
            ["nmse"] = s.MeanNmse,
            ["nmse_db"] = s.NmseDb,
            ["nmse_db_err"] = s.NmseDbError,
            ["bgain"] = s.StreamGain,
            ["bgain_err"] = s.StreamGainError,
            ["single_stream_gain"] = s.SingleStreamGain,
            ["rate"] = s.Rate,
            ["angle_rmse_deg"] = s.AngleRmseDegrees,
            ["rho"] = scenario.Redeem?.Rho,
            ["estep_floor"] = scenario.Redeem?.MinIntervalProbability,
            ["seconds_per_trial"] = s.Seconds,
            ["iterations"] = s.Iterations,
        };
        return JsonSerializer.Serialize(fields, ReportJson.Compact); // NaN (e.g. no angle RMSE for LS) becomes null
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
