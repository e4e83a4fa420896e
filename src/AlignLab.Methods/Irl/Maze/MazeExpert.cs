namespace AlignLab.Methods.Irl.Maze;

/// <summary>
/// The maze expert (soft-Q iteration on a 41×41 grid discretisation of r*): noise-free moves between cell
/// centres mapped to the nearest cell, exact soft value iteration on that finite MDP, and the continuous policy
/// π_E(·|x) = softmax Q(nearest cell of x, ·). Also scores any reward on the same grid (the transfer reference).
/// </summary>
public sealed class MazeExpert
{
    private readonly double[] _logPolicy;
    public PointMaze Maze { get; }
    public int Cells { get; }

    public MazeExpert(PointMaze maze, int cells = 41) : this(maze, cells, (x, y) => maze.TrueReward(x, y)) { }

    /// <summary>The soft-optimal policy of any state reward on the discretised maze.</summary>
    public MazeExpert(PointMaze maze, int cells, Func<double, double, double> reward)
    {
        Maze = maze;
        Cells = cells;
        int states = cells * cells;
        var rows = new (int, double)[states * PointMaze.Actions][];
        var table = new double[states * PointMaze.Actions];
        for (int j = 0; j < cells; j++)
            for (int i = 0; i < cells; i++)
            {
                double x = Centre(i), y = Centre(j);
                int s = j * cells + i;
                double r = reward(x, y);
                for (int a = 0; a < PointMaze.Actions; a++)
                {
                    var (nx, ny) = maze.Move(x, y, a, null);
                    rows[s * PointMaze.Actions + a] = [(Nearest(nx, ny), 1.0)];
                    table[s * PointMaze.Actions + a] = r;
                }
            }
        var start = new double[states];
        start[Nearest(maze.Start.X, maze.Start.Y)] = 1;
        var mdp = new FiniteMdp(states, PointMaze.Actions, maze.Gamma, rows, start);
        _logPolicy = SoftBellman.LogPolicy(SoftBellman.OptimalQ(mdp, table, 1e-9), PointMaze.Actions);
    }

    private double Centre(int i) => (double)i / (Cells - 1);

    public int Nearest(double x, double y)
    {
        int i = (int)Math.Round(Math.Clamp(x, 0, 1) * (Cells - 1)), j = (int)Math.Round(Math.Clamp(y, 0, 1) * (Cells - 1));
        return j * Cells + i;
    }

    /// <summary>log π(·|x, y) into <paramref name="into"/> (9 entries).</summary>
    public void LogPolicy(double x, double y, Span<double> into) => _logPolicy.AsSpan(Nearest(x, y) * PointMaze.Actions, PointMaze.Actions).CopyTo(into);
}
