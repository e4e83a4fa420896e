using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// Pathfinder-like connectivity on small images (stand-in for LRA Pathfinder): two non-touching curvy paths on
/// a side×side grid and two marked dots at path ends; label 1 when both dots end the same path. Pixels are the
/// tokens (row-major): 0 background, 1 path, 2 dot.
/// </summary>
public static class PathfinderLiteTask
{
    public const int Background = 0, PathPixel = 1, DotPixel = 2;
    private static readonly (int Row, int Column)[] Steps = [(-1, 0), (0, 1), (1, 0), (0, -1)];

    /// <summary>Labels alternate 0, 1, 0, … so the set is exactly balanced.</summary>
    public static ClassificationSet Generate(int count, int side, Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (side < 6) throw new ArgumentException($"side: {side} must be ≥ 6 to hold two separated paths");
        int tokens = side * side;
        var ids = new int[count * tokens];
        var labels = new int[count];
        var owner = new int[tokens];
        for (int e = 0; e < count; e++)
        {
            labels[e] = e % 2;
            var image = ids.AsSpan(e * tokens, tokens);
            while (!TryDraw(side, labels[e] == 1, random, image, owner)) { }
        }
        return new ClassificationSet(count, tokens, 3, 2, ids, labels);
    }

    private static bool TryDraw(int side, bool connected, Generator random, Span<int> image, int[] owner)
    {
        Array.Clear(owner);
        int minLength = side / 2, maxLength = side + side / 2;
        var a = GrowPath(1, side, minLength, maxLength, owner, random);
        if (a is null) return false;
        var b = GrowPath(2, side, minLength, maxLength, owner, random);
        if (b is null) return false;
        image.Clear();
        foreach (int cell in a) image[cell] = PathPixel;
        foreach (int cell in b) image[cell] = PathPixel;
        int dot1 = random.NextDouble() < 0.5 ? a[0] : a[^1];
        int dot2 = connected ? (dot1 == a[0] ? a[^1] : a[0]) : (random.NextDouble() < 0.5 ? b[0] : b[^1]);
        image[dot1] = DotPixel;
        image[dot2] = DotPixel;
        // The construction guarantees the label; the flood fill guards it against a construction bug.
        return Connected(image, side, dot1, dot2) == connected;
    }

    /// <summary>
    /// A self-avoiding walk that prefers to go straight: it never touches itself except through its previous
    /// cell (so it is a simple curve in 4-connectivity) and keeps one free pixel (8-neighbourhood) to other paths.
    /// </summary>
    private static List<int>? GrowPath(int id, int side, int minLength, int maxLength, int[] owner, Generator random)
    {
        int start = -1;
        for (int attempt = 0; attempt < 50 && start < 0; attempt++)
        {
            int cell = random.NextInt(0, side * side);
            if (owner[cell] == 0 && !NearOther(cell, id, side, owner)) start = cell;
        }
        if (start < 0) return null;
        var path = new List<int> { start };
        owner[start] = id;
        int direction = random.NextInt(0, 4);
        int target = random.NextInt(minLength, maxLength + 1);
        Span<int> order = stackalloc int[3];
        while (path.Count < target)
        {
            // Straight on with probability 0.6, else a turn first; never back onto the previous cell.
            bool leftFirst = random.NextDouble() < 0.5;
            int firstTurn = (direction + (leftFirst ? 3 : 1)) % 4, secondTurn = (direction + (leftFirst ? 1 : 3)) % 4;
            bool straight = random.NextDouble() < 0.6;
            order[0] = straight ? direction : firstTurn;
            order[1] = straight ? firstTurn : direction;
            order[2] = secondTurn;
            int current = path[^1], next = -1;
            foreach (int d in order)
            {
                int candidate = Move(current, d, side);
                if (candidate >= 0 && owner[candidate] == 0 && !NearOther(candidate, id, side, owner) &&
                    OwnNeighbours(candidate, id, side, owner) == 1)
                {
                    next = candidate;
                    direction = d;
                    break;
                }
            }
            if (next < 0) break;
            owner[next] = id;
            path.Add(next);
        }
        if (path.Count >= minLength) return path;
        foreach (int cell in path) owner[cell] = 0;
        return null;
    }

    private static int Move(int cell, int direction, int side)
    {
        int r = cell / side + Steps[direction].Row, c = cell % side + Steps[direction].Column;
        return r < 0 || r >= side || c < 0 || c >= side ? -1 : r * side + c;
    }

    private static bool NearOther(int cell, int id, int side, int[] owner)
    {
        int r0 = cell / side, c0 = cell % side;
        for (int r = Math.Max(0, r0 - 1); r <= Math.Min(side - 1, r0 + 1); r++)
            for (int c = Math.Max(0, c0 - 1); c <= Math.Min(side - 1, c0 + 1); c++)
                if (owner[r * side + c] != 0 && owner[r * side + c] != id) return true;
        return false;
    }

    private static int OwnNeighbours(int cell, int id, int side, int[] owner)
    {
        int count = 0;
        for (int d = 0; d < 4; d++)
        {
            int n = Move(cell, d, side);
            if (n >= 0 && owner[n] == id) count++;
        }
        return count;
    }

    /// <summary>4-connected flood fill over non-background pixels.</summary>
    public static bool Connected(ReadOnlySpan<int> image, int side, int from, int to)
    {
        var seen = new bool[image.Length];
        var stack = new Stack<int>();
        stack.Push(from);
        seen[from] = true;
        while (stack.Count > 0)
        {
            int cell = stack.Pop();
            if (cell == to) return true;
            for (int d = 0; d < 4; d++)
            {
                int n = Move(cell, d, side);
                if (n >= 0 && !seen[n] && image[n] != Background)
                {
                    seen[n] = true;
                    stack.Push(n);
                }
            }
        }
        return false;
    }
}
