namespace AlignLab.Models.Corpora;

/// <summary>
/// Size of a synthetic <see cref="World"/>. The vocabulary grows with the number of named entities and with
/// <see cref="WordsPerList"/> (how many occupations, hobbies, colours, items, pets, features and weathers are used).
/// </summary>
public sealed record WorldOptions
{
    public int People { get; init; } = 60;
    public int Places { get; init; } = 12;
    /// <summary>Entries used from each closed word list (at least 2, capped at the list's length).</summary>
    public int WordsPerList { get; init; } = 8;
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (People < 2) throw new ArgumentException($"a world needs at least 2 people (friends), got {People}");
        if (Places < 2) throw new ArgumentException($"a world needs at least 2 places (neighbours), got {Places}");
        if (WordsPerList < 2) throw new ArgumentException($"WordsPerList must be at least 2, got {WordsPerList}");
    }
}
