using AlignLab.Core;

namespace AlignLab.Methods.Irl.Maze;

/// <summary>An axis-aligned wall rectangle [X0, X1] × [Y0, Y1] in the unit square.</summary>
public sealed record Wall(double X0, double Y0, double X1, double Y1)
{
    public bool Contains(double x, double y) => x >= X0 && x <= X1 && y >= Y0 && y <= Y1;
}

/// <summary>
/// The continuous point-mass maze : state (x, y) ∈ [0, 1]², 9 actions (8 directions + stay),
/// a move of <see cref="StepLength"/> plus N(0, noise²) per axis, clipped to the square; a move whose end point or
/// midpoint lies in a wall does not happen. Fixed horizon, no early termination. True reward: a goal bump minus a
/// penalty patch, ×<see cref="RewardScale"/> (so the temperature-1 soft-optimal expert is sharp).
/// </summary>
public sealed record PointMaze
{
    public const int Actions = 9;
    public double StepLength { get; init; } = 0.05;
    public double Noise { get; init; } = 0.01;
    public int Horizon { get; init; } = 50;
    public double Gamma { get; init; } = 0.98;
    public double RewardScale { get; init; } = 5;
    public IReadOnlyList<Wall> Walls { get; init; } = [new Wall(0.45, 0.0, 0.55, 0.5)];
    public (double X, double Y) Start { get; init; } = (0.15, 0.3);
    public double StartSpread { get; init; } = 0.03;
    public (double X, double Y) Goal { get; init; } = (0.85, 0.3);
    public Wall Penalty { get; init; } = new(0.6, 0.75, 1.0, 1.0);

    public static PointMaze Default => new();

    /// <summary>The transfer variant: the wall hangs from the top instead, so the gap moves from the top to the bottom.</summary>
    public PointMaze WithMovedWall() => this with { Walls = [new Wall(0.45, 0.15, 0.55, 1.0)] };

    public double TrueReward(double x, double y)
    {
        double dx = x - Goal.X, dy = y - Goal.Y;
        double bump = Math.Exp(-(dx * dx + dy * dy) / (2 * 0.15 * 0.15));
        return RewardScale * (bump - (Penalty.Contains(x, y) ? 0.5 : 0));
    }

    public (double X, double Y) Direction(int action)
    {
        if (action == 8) return (0, 0);
        double angle = action * Math.PI / 4;
        return (Math.Cos(angle), Math.Sin(angle));
    }

    public bool Blocked(double x, double y)
    {
        foreach (var wall in Walls) if (wall.Contains(x, y)) return true;
        return false;
    }

    public (double X, double Y) SampleStart(Generator random) =>
        (Math.Clamp(Start.X + StartSpread * random.NextGaussian(), 0, 1), Math.Clamp(Start.Y + StartSpread * random.NextGaussian(), 0, 1));

    /// <summary>One move; <paramref name="random"/> null moves without noise (the discretised expert's model).</summary>
    public (double X, double Y) Move(double x, double y, int action, Generator? random)
    {
        var (ux, uy) = Direction(action);
        double nx = x + StepLength * ux + (random is null ? 0 : Noise * random.NextGaussian());
        double ny = y + StepLength * uy + (random is null ? 0 : Noise * random.NextGaussian());
        nx = Math.Clamp(nx, 0, 1);
        ny = Math.Clamp(ny, 0, 1);
        if (Blocked(nx, ny) || Blocked((x + nx) / 2, (y + ny) / 2)) return (x, y);
        return (nx, ny);
    }
}
