namespace AlignLab.Methods.Mimo;

/// <summary>The base-station estimators a trial can run.</summary>
public enum MimoMethod { Redeem, LeastSquares, LsRelax, SparseMle, UnstructuredMle, Oracle }

public static class MimoMethods
{
    /// <summary>Command-line names, in the order the CLI lists them.</summary>
    public static IReadOnlyList<string> CliNames { get; } = ["redeem", "ls", "ls-relax", "sparse-mle", "mle", "oracle"];

    public static MimoMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "redeem" => MimoMethod.Redeem,
        "ls" => MimoMethod.LeastSquares,
        "ls-relax" => MimoMethod.LsRelax,
        "sparse-mle" => MimoMethod.SparseMle,
        "mle" => MimoMethod.UnstructuredMle,
        "oracle" => MimoMethod.Oracle,
        _ => throw new ArgumentException($"method must be one of {string.Join(", ", CliNames)}; got '{name}'."),
    };

    public static string CliName(this MimoMethod method) => CliNames[(int)method];

    public static string DisplayName(this MimoMethod method) => method switch
    {
        MimoMethod.Redeem => "REDEEM",
        MimoMethod.LeastSquares => "LS",
        MimoMethod.LsRelax => "LS+RELAX",
        MimoMethod.SparseMle => "SparseMLE (grid)",
        MimoMethod.UnstructuredMle => "MLE (unstructured)",
        MimoMethod.Oracle => "Oracle (RELAX on H)",
        _ => method.ToString(),
    };
}

/// <summary>One curve of an experiment: an estimator fed by one scheme's feedback.</summary>
public sealed record MimoArm(string Label, MimoMethod Method, int Scheme)
{
    public static MimoArm Of(MimoMethod method, int scheme) =>
        new(method == MimoMethod.Oracle ? method.DisplayName() : $"{method.DisplayName()} S{scheme}", method, scheme);
}
