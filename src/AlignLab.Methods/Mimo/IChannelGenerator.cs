using AlignLab.Core;
namespace AlignLab.Methods.Mimo;

/// <summary>Draws random K-path channels (the truth of one trial).</summary>
public interface IChannelGenerator
{
    int Rows { get; }
    int Columns { get; }
    int Paths { get; }
    string Name { get; }
    PropagationPath[] DrawPaths(Generator rng);
}
