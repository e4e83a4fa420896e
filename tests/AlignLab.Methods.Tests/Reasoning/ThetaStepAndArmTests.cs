using AlignLab.Methods.Reasoning;
using AlignLab.Methods.Reasoning.Experiments;
using AlignLab.Models.Policy;
using static AlignLab.Methods.Reasoning.ReasoningVocabulary;

namespace AlignLab.Methods.Tests.Reasoning;

public class ThetaStepAndArmTests
{
    private static readonly ArithmeticProblem Problem = new(3, [new ArithmeticStep(ArithmeticOp.Add, 4, "buys"), new ArithmeticStep(ArithmeticOp.Double, 2, "doubles")]);

    [Fact]
    public void VerifiedOnlyKeepsExactlyTheSamplesWhoseAnswerVerifies()
    {
        var other = new ArithmeticProblem(5, [new ArithmeticStep(ArithmeticOp.Subtract, 1, "gives")]);
        int[][] samples =
        [
            Parse("buys 4 = 7 ; doubles = 14 ; ans 14 <end>"), // right
            Parse("buys 4 = 8 ; doubles = 16 ; ans 16 <end>"), // wrong
            Parse("buys 4 = 7 ; ans 14 <end>"),                // wrong rationale, right answer: the verifier reads the answer only
            Parse("gives 1 = 4 ; ans 4 <end>"),                // right (second problem)
            Parse("gives 1 = 3 ; ans 3 <end>"),                // wrong
            Parse("gives 1 = 4 ; ans 4"),                      // no end token: not well-formed
        ];
        var batch = CompletionBatch.FromCompletions([Problem.Prompt(), other.Prompt()], samples, 3);
        ArithmeticProblem[] problems = [new(0, [new ArithmeticStep(ArithmeticOp.Add, 1, "buys")]), Problem, other];

        var verified = new List<SupervisedExample>();
        var correct = new int[3];
        var sound = new int[3];
        ThetaStepData.Add(batch, problems, 1, RationaleRewardKind.Verifier, ThetaStepFilter.VerifiedOnly, verified, correct, sound);
        Assert.Equal([0, 2, 1], correct);
        Assert.Equal([0, 1, 1], sound); // the lucky answer after a one-step rationale verifies but is not the gold derivation
        Assert.Equal([samples[0], samples[2], samples[3]], verified.Select(e => e.Completion));
        Assert.Equal([Problem.Prompt(), Problem.Prompt(), other.Prompt()], verified.Select(e => e.Prompt));

        var all = new List<SupervisedExample>();
        ThetaStepData.Add(batch, problems, 1, RationaleRewardKind.Verifier, ThetaStepFilter.AllSamples, all, new int[3], new int[3]);
        Assert.Equal(samples, all.Select(e => e.Completion)); // the plain M-step: every sample, as written
    }

    [Fact]
    public void WithTheLikelihoodRewardTheGoldAnswerFollowsTheSampledRationale()
    {
        var right = ThetaStepData.FromSample(Parse("buys 4 = 7 ; doubles = 14 ; ans"), Problem, RationaleRewardKind.GoldLikelihood);
        Assert.True(right.Correct);
        Assert.Equal(Parse("buys 4 = 7 ; doubles = 14 ; ans 14 <end>"), right.Example.Completion);
        // A wrong rationale still gets the gold answer (the target is the posterior given y*), but it is not "correct".
        var wrong = ThetaStepData.FromSample(Parse("buys 4 = 7 ; doubles = 15 ; ans"), Problem, RationaleRewardKind.GoldLikelihood);
        Assert.False(wrong.Correct);
        Assert.Equal(Parse("buys 4 = 7 ; doubles = 15 ; ans 14 <end>"), wrong.Example.Completion);
        // Cut by the token budget (no "ans"): the whole sample is the rationale.
        var cut = ThetaStepData.FromSample(Parse("buys 4 = 7 ; doubles = 14 ;"), Problem, RationaleRewardKind.GoldLikelihood);
        Assert.True(cut.Correct);
        Assert.Equal(Parse("buys 4 = 7 ; doubles = 14 ; ans 14 <end>"), cut.Example.Completion);
    }

    [Fact]
    public void StrongerPsiArmRunsMoreUpdatesAndItsRejectionPartnerMatchesItsBudget()
    {
        var shared = new ReasoningRunSettings();
        var arms = AccuracyByLevelExperiment.DefaultArms;
        int strong = Array.FindIndex(arms, a => a.PsiStepsMultiplier > 1);
        var applied = arms[strong].Apply(shared);
        Assert.Equal(ReasoningMethod.Brite, applied.Method);
        Assert.Equal(4 * shared.Brite.Psi.Steps, applied.Brite.Psi.Steps);
        Assert.Equal(shared.Brite.Psi.PromptsPerStep, applied.Brite.Psi.PromptsPerStep);
        int partner = ReasoningArm.MatchedRejection(arms, strong, shared, 256);
        Assert.Equal(20, arms[partner].Apply(shared).Rejection.SamplesPerProblem);
        Assert.Equal(20 * 256, arms[strong].Budget(shared, 256)); // 64 × 16 × 4 + 4 × 256
        // Plain BRiTE is compared with the shared rejection sampling (8 per problem), not the larger one.
        int plain = Array.FindIndex(arms, a => a.Key == "brite_verifier_reward");
        Assert.Equal(8, arms[ReasoningArm.MatchedRejection(arms, plain, shared, 256)].Apply(shared).Rejection.SamplesPerProblem);
        var verified = arms.Single(a => a.Filter == ThetaStepFilter.VerifiedOnly).Apply(shared);
        Assert.Equal(ThetaStepFilter.VerifiedOnly, verified.Brite.Filter);
        Assert.Equal(shared.Brite.Psi.Steps, verified.Brite.Psi.Steps);
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => (arms[strong] with { PsiStepsMultiplier = 0 }).Apply(shared)).Message);
    }

    [Fact]
    public void EveryBriteArmOfEveryExperimentSizeHasARejectionArmAtItsBudget()
    {
        var experiment = new AccuracyByLevelExperiment();
        foreach (var s in new[] { experiment.Quick, experiment.Full })
        {
            ReasoningArm.CheckMatchedBudget(s.Arms, s.Run, s.Data.BootstrapProblems);
            for (int a = 0; a < s.Arms.Count; a++)
            {
                if (s.Arms[a].Method != ReasoningMethod.Brite) continue;
                int rs = ReasoningArm.MatchedRejection(s.Arms, a, s.Run, s.Data.BootstrapProblems);
                var rejection = s.Arms[rs].Apply(s.Run).Rejection;
                Assert.Equal(rejection.SamplesPerProblem * s.Data.BootstrapProblems, s.Arms[a].Budget(s.Run, s.Data.BootstrapProblems));
            }
        }
        // One more θ-step sample per problem leaves BRiTE without a rejection arm at its budget: refused, naming the arm.
        var full = experiment.Full;
        var unmatched = full.Run with { Brite = full.Run.Brite with { SamplesPerProblem = full.Run.Brite.SamplesPerProblem + 1 } };
        var error = Assert.Throws<ArgumentException>(() => ReasoningArm.CheckMatchedBudget(full.Arms, unmatched, full.Data.BootstrapProblems));
        Assert.Contains("BRiTE (verifier reward)", error.Message);
    }
}
