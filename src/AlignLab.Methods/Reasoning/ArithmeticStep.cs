namespace AlignLab.Methods.Reasoning;

public enum ArithmeticOp { Add, Subtract, Double, Halve }

/// <summary>One sentence of a word problem: an operation and its operand (2 for doubling and halving).</summary>
/// <param name="Verb">The word the problem uses ("buys" and "finds" both add, "gives" and "loses" both subtract).</param>
public sealed record ArithmeticStep(ArithmeticOp Op, int Operand, string Verb)
{
    public int Apply(int value) => Op switch
    {
        ArithmeticOp.Add => value + Operand,
        ArithmeticOp.Subtract => value - Operand,
        ArithmeticOp.Double => value * 2,
        ArithmeticOp.Halve => value / 2,
        _ => throw new InvalidOperationException($"unknown op {Op}"),
    };

    /// <summary>Whether the step keeps <paramref name="value"/> a whole number in 0…MaxValue.</summary>
    public bool Valid(int value) => Op switch
    {
        ArithmeticOp.Add => value + Operand <= ReasoningVocabulary.MaxValue,
        ArithmeticOp.Subtract => value - Operand >= 0,
        ArithmeticOp.Double => value > 0 && 2 * value <= ReasoningVocabulary.MaxValue,
        ArithmeticOp.Halve => value > 0 && value % 2 == 0,
        _ => false,
    };
}
