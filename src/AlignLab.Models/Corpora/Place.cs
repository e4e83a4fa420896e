namespace AlignLab.Models.Corpora;

/// <summary>A town of the synthetic world: its kind (village, town, city), where it lies, its neighbour and usual weather.</summary>
public sealed record Place(string Name, string Kind, string Feature, string Neighbor, string Weather);
