namespace AlignLab.Methods.Irl;

/// <summary>
/// The gridworld: a W×H grid, 5 actions (up, down, left, right, stay), with probability
/// <see cref="Slip"/> the move is replaced by a uniformly random one of the four moves; moves off the grid or into a
/// wall cell stay put. The true reward is state-only and deliberately nonlinear in the coordinates: a goal bump,
/// a secondary bump and a lava patch, scaled so the soft-optimal expert is fairly sharp.
/// </summary>
public sealed record GridWorld
{
    public const int Actions = 5;
    private static readonly (int Dx, int Dy)[] Moves = [(0, 1), (0, -1), (-1, 0), (1, 0), (0, 0)];

    public int Width { get; init; } = 8;
    public int Height { get; init; } = 8;
    public double Slip { get; init; } = 0.1;
    public double Gamma { get; init; } = 0.9;
    /// <summary>Blocked cells (x, y): never entered.</summary>
    public IReadOnlyList<(int X, int Y)> Walls { get; init; } = [];
    /// <summary>Starts are uniform over the bottom-left StartBlock × StartBlock cells.</summary>
    public int StartBlock { get; init; } = 2;
    public double RewardScale { get; init; } = 3;

    /// <summary>The 8×8 world with slip 0.1 and γ = 0.9.</summary>
    public static GridWorld Default => new();

    /// <summary>The transfer variant with a wall: column 5 blocked from y = 3 to the top, so the direct route is cut.</summary>
    public GridWorld WithWall() => this with { Walls = [.. Walls, .. Enumerable.Range(3, Height - 3).Select(y => (5, y))] };

    public int State(int x, int y) => y * Width + x;

    /// <summary>r*(x, y): goal bump +1 (σ = 1.5 cells) at the top right, +0.5 bump at the bottom right, −1 lava patch in the middle; ×RewardScale.</summary>
    public double TrueReward(int x, int y)
    {
        double Bump(double cx, double cy, double sigma) => Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * sigma * sigma));
        double goal = Bump(Width - 1.5, Height - 1.5, 1.5);
        double secondary = 0.5 * Bump(Width - 1.5, 0.5, 1.0);
        bool lava = x >= Width / 2 - 1 && x <= Width / 2 && y >= Height / 2 - 1 && y <= Height / 2;
        return RewardScale * (goal + secondary - (lava ? 1 : 0));
    }

    public FiniteMdp Build()
    {
        if (Width < 2 || Height < 2) throw new ArgumentException($"gridworld: {Width}×{Height} is too small (at least 2×2)");
        if (!(Slip >= 0 && Slip <= 1)) throw new ArgumentException($"gridworld: slip {Slip} is not a probability");
        if (StartBlock < 1 || StartBlock > Math.Min(Width, Height)) throw new ArgumentException($"gridworld: start block {StartBlock} does not fit");
        int states = Width * Height;
        var blocked = new bool[states];
        foreach (var (x, y) in Walls)
        {
            if (x < 0 || x >= Width || y < 0 || y >= Height) throw new ArgumentException($"gridworld: wall ({x}, {y}) is outside the grid");
            blocked[State(x, y)] = true;
        }
        var transitions = new double[states * Actions * states];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                for (int a = 0; a < Actions; a++)
                {
                    int row = (State(x, y) * Actions + a) * states;
                    transitions[row + Target(x, y, a, blocked)] += 1 - Slip;
                    for (int m = 0; m < 4; m++) transitions[row + Target(x, y, m, blocked)] += Slip / 4;
                }
        var start = new double[states];
        int startCells = 0;
        for (int y = 0; y < StartBlock; y++)
            for (int x = 0; x < StartBlock; x++)
                if (!blocked[State(x, y)]) startCells++;
        if (startCells == 0) throw new ArgumentException("gridworld: every start cell is a wall");
        for (int y = 0; y < StartBlock; y++)
            for (int x = 0; x < StartBlock; x++)
                if (!blocked[State(x, y)]) start[State(x, y)] = 1.0 / startCells;

        var features = new double[states * 3];
        var reward = new double[states];
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                int s = State(x, y);
                // (x, y, 1) scaled to [−1, 1]² and then to unit length: the NTK analysis assumes ‖input‖ = 1.
                double fx = 2.0 * x / (Width - 1) - 1, fy = 2.0 * y / (Height - 1) - 1, norm = Math.Sqrt(fx * fx + fy * fy + 1);
                features[3 * s] = fx / norm;
                features[3 * s + 1] = fy / norm;
                features[3 * s + 2] = 1 / norm;
                reward[s] = TrueReward(x, y);
            }
        return new FiniteMdp(states, Actions, Gamma, transitions, start, features, 3, FiniteMdp.StateToStateAction(reward, Actions));
    }

    private int Target(int x, int y, int action, bool[] blocked)
    {
        int nx = x + Moves[action].Dx, ny = y + Moves[action].Dy;
        if (nx < 0 || nx >= Width || ny < 0 || ny >= Height || blocked[State(nx, ny)]) return State(x, y);
        return State(nx, ny);
    }
}
