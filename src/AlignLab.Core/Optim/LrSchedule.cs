namespace AlignLab.Core.Optim;

/// <summary>Learning rate as a function of the (0-based) step.</summary>
public interface ILrSchedule
{
    float At(int step);
}

public sealed record ConstantLr(float Rate) : ILrSchedule
{
    public float At(int step) => Rate;
}

/// <summary>Linear warm-up from 0 to <paramref name="Peak"/> over <paramref name="WarmupSteps"/>, then constant.</summary>
public sealed record LinearWarmupLr(float Peak, int WarmupSteps) : ILrSchedule
{
    public float At(int step) => step < WarmupSteps ? Peak * (step + 1) / WarmupSteps : Peak;
}

/// <summary>Linear warm-up, then cosine decay from <paramref name="Peak"/> to <paramref name="Min"/> at <paramref name="TotalSteps"/>.</summary>
public sealed record CosineLr(float Peak, int WarmupSteps, int TotalSteps, float Min = 0f) : ILrSchedule
{
    public float At(int step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        if (step >= TotalSteps) return Min;
        double progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return (float)(Min + 0.5 * (Peak - Min) * (1 + Math.Cos(Math.PI * progress)));
    }
}
