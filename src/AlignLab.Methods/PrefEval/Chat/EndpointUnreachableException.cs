namespace AlignLab.Methods.PrefEval.Chat;

/// <summary>An endpoint gave no usable answer after the bounded retries; the run stops, and what was cached stays cached.</summary>
public sealed class EndpointUnreachableException(string message, Exception? inner = null) : IOException(message, inner);
