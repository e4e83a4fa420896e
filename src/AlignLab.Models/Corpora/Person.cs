namespace AlignLab.Models.Corpora;

/// <summary>A person of the synthetic world with every attribute its corpus states about them.</summary>
public sealed record Person(
    string FirstName, string LastName, bool IsFemale, int Age, string Home, string Occupation, string Hobby,
    string Pet, string PossessionColor, string Possession, string Friend)
{
    public string Name => $"{FirstName} {LastName}";
    public string Subject => IsFemale ? "She" : "He";
    public string Possessive => IsFemale ? "Her" : "His";
}
