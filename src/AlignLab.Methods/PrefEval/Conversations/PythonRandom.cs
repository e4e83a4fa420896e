namespace AlignLab.Methods.PrefEval.Conversations;

/// <summary>
/// Python's <c>random</c> for the one use the released harness makes of it: <c>random.seed(n)</c> then a sequence of
/// <c>random.sample(options, 4)</c>, one per item, so our option orders are the original's. MT19937 seeded with
/// <c>init_by_array([n])</c> (what CPython does for a small non-negative int), <c>_randbelow</c> by rejection on
/// <c>getrandbits(bit_length)</c>, and <c>sample</c>'s pool algorithm for small populations.
/// </summary>
public sealed class PythonRandom
{
    private readonly uint[] mt = new uint[624];
    private int index;

    public PythonRandom(uint seed)
    {
        Init(19650218u);
        // init_by_array with key = [seed]
        uint[] key = [seed];
        int i = 1, j = 0;
        for (int k = Math.Max(624, key.Length); k > 0; k--)
        {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++; j++;
            if (i >= 624) { mt[0] = mt[623]; i = 1; }
            if (j >= key.Length) j = 0;
        }
        for (int k = 623; k > 0; k--)
        {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= 624) { mt[0] = mt[623]; i = 1; }
        }
        mt[0] = 0x80000000u;
        index = 624;
    }

    private void Init(uint s)
    {
        mt[0] = s;
        for (int i = 1; i < 624; i++) mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint)i;
    }

    public uint NextUInt32()
    {
        if (index >= 624)
        {
            for (int k = 0; k < 624; k++)
            {
                uint y = (mt[k] & 0x80000000u) | (mt[(k + 1) % 624] & 0x7fffffffu);
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
            }
            index = 0;
        }
        uint x = mt[index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }

    /// <summary><c>_randbelow(n)</c> for 0 &lt; n &lt; 2³¹.</summary>
    public int Below(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        int bits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n);
        while (true)
        {
            int r = (int)(NextUInt32() >> (32 - bits));
            if (r < n) return r;
        }
    }

    /// <summary><c>random.sample(population, len(population))</c>: a shuffled copy (population of at most 21, the pool branch).</summary>
    public List<T> Sample<T>(IReadOnlyList<T> population)
    {
        int n = population.Count;
        if (n > 21) throw new ArgumentException("only the small-population branch of random.sample is reproduced", nameof(population));
        var pool = population.ToList();
        var result = new List<T>(n);
        for (int i = 0; i < n; i++)
        {
            int j = Below(n - i);
            result.Add(pool[j]);
            pool[j] = pool[n - i - 1];
        }
        return result;
    }
}
