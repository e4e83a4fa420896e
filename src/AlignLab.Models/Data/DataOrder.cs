using AlignLab.Core;

namespace AlignLab.Models.Data;

/// <summary>
/// The order in which examples are drawn: epoch e visits every example once, in a permutation drawn from a generator
/// forked from the seed with stream e. The whole state is therefore (epoch, cursor), two integers a checkpoint stores.
/// </summary>
public sealed class DataOrder
{
    private readonly Generator _root;
    private int[] _permutation = [];

    public int Count { get; }
    public ulong Seed { get; }
    public int Epoch { get; private set; }
    /// <summary>Position of the next example within the current epoch's permutation.</summary>
    public int Cursor { get; private set; }

    public DataOrder(int count, ulong seed, int epoch = 0, int cursor = 0)
    {
        if (count < 1) throw new ArgumentException("there are no training examples");
        if (epoch < 0 || cursor < 0 || cursor > count) throw new ArgumentException($"data order position (epoch {epoch}, cursor {cursor}) is invalid for {count} examples");
        (Count, Seed, _root) = (count, seed, new Generator(seed));
        Seek(epoch, cursor);
    }

    private void Seek(int epoch, int cursor)
    {
        (Epoch, Cursor) = (epoch, cursor);
        _permutation = new int[Count];
        for (int i = 0; i < Count; i++) _permutation[i] = i;
        Permutation.Shuffle<int>(_permutation, _root.Fork((ulong)epoch));
    }

    /// <summary>The next example index, starting the next epoch when this one is used up.</summary>
    public int Next()
    {
        if (Cursor == Count) Seek(Epoch + 1, 0);
        return _permutation[Cursor++];
    }
}
