namespace AlignLab.Models.Data;

/// <summary>
/// A token sequence and which tokens carry loss: <c>Trained[i]</c> means the model is trained to predict
/// <c>Ids[i]</c> from <c>Ids[..i]</c>. Token 0 has no context, so it is never trained.
/// </summary>
public sealed record TrainingExample
{
    public int[] Ids { get; }
    public bool[] Trained { get; }
    public int TrainedCount { get; }

    public TrainingExample(int[] ids, bool[] trained)
    {
        if (ids.Length != trained.Length) throw new ArgumentException($"{ids.Length} ids but {trained.Length} mask entries");
        if (ids.Length < 2) throw new ArgumentException($"a training example needs at least 2 tokens, got {ids.Length}");
        Ids = ids;
        Trained = trained;
        trained[0] = false;
        foreach (bool t in trained) if (t) TrainedCount++;
    }
}
