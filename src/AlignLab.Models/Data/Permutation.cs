using AlignLab.Core;

namespace AlignLab.Models.Data;

internal static class Permutation
{
    /// <summary>Fisher–Yates shuffle drawing from <paramref name="gen"/>.</summary>
    public static void Shuffle<T>(Span<T> items, Generator gen)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = gen.NextInt(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
