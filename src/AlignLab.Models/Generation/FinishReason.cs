namespace AlignLab.Models.Generation;

/// <summary>Why a sequence stopped: a stop id or stop string (<see cref="Stop"/>) or the token budget (<see cref="Length"/>).</summary>
public enum FinishReason
{
    Length,
    Stop,
}
