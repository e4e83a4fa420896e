namespace AlignLab.Reports.Tests;

public class ClaimSpecTests
{
    private static readonly ClaimSpec<int[]>[] Specs =
    [
        new("the first value is at least 10", v => $"{v[0]}", "10", v => v[0] >= 10),
        new("the third value is odd", v => $"{v[2]}", "not stated", v => v[2] % 2 == 1, AppliesTo: v => v.Length > 2),
        new("every value is positive", v => string.Join(", ", v), "qualitative", v => v.All(x => x > 0)),
    ];

    [Fact]
    public void Check_reads_ours_and_the_verdict_off_the_result_in_declaration_order()
    {
        var claims = ClaimSpec<int[]>.Check(Specs, [12, -1, 3]);

        Assert.Equal(
        [
            new Claim("the first value is at least 10", "12", "10", true),
            new Claim("the third value is odd", "3", "not stated", true),
            new Claim("every value is positive", "12, -1, 3", "qualitative", false),
        ], claims);
    }

    [Fact]
    public void Check_leaves_out_a_claim_that_does_not_apply_without_evaluating_it()
    {
        // v[2] would throw on two values: the claim must be skipped before its Ours or Held is read.
        var claims = ClaimSpec<int[]>.Check(Specs, [4, 5]);

        Assert.Equal(["the first value is at least 10", "every value is positive"], claims.Select(c => c.Statement));
        Assert.Equal([false, true], claims.Select(c => c.Held));
    }
}
