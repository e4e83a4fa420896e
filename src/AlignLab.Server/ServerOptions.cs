namespace AlignLab.Server;

/// <summary>Where the server listens and what it calls its model.</summary>
public sealed record ServerOptions
{
    /// <summary>An IP address (or "localhost"); the loopback address by default so nothing is exposed by accident.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>0 lets the operating system pick a free port; <see cref="OpenAiServer.Url"/> tells which.</summary>
    public int Port { get; init; } = 8000;
    /// <summary>When set, every request needs <c>Authorization: Bearer {ApiKey}</c>.</summary>
    public string? ApiKey { get; init; }
    /// <summary>The id clients put in the <c>model</c> field (and that <c>/v1/models</c> lists).</summary>
    public string ModelName { get; init; } = "alignlab";
}
