using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Forgetting;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Tests.Unlearning;

public class EndToEndTests
{
    [Fact]
    public void MemoriseForgetThenRelearn()
    {
        var data = MiniLume.Generate(new MiniLumeOptions { Biographies = 4, Stories = 0, PublicBiographies = 0, UtilityFacts = 8, Seed = 4 });
        var target = TargetTraining.Train(data, new TargetSettings { Shape = new ModelShape(1, 48, 2, 128), Epochs = 120, BatchSize = 8, LearningRate = 1e-2f }, withForget: true);
        var before = ModelEvaluation.Evaluate(target, data);
        Assert.True(before.ForgetEm >= 0.8 && before.ForgetRouge >= 0.8, $"target did not memorise: EM {before.ForgetEm}, ROUGE {before.ForgetRouge}");
        var unlearned = target.Clone();
        new Unlearner(unlearned, target, data.Forget, data.Retain, new UnlearnSettings { Method = UnlearnMethod.Npo, Steps = 40, LearningRate = 3e-3f, Beta = 0.1f }).Run();
        var after = ModelEvaluation.Evaluate(unlearned, data);
        Assert.True(after.ForgetEm < before.ForgetEm - 0.3, $"NPO did not lower forget EM: {before.ForgetEm} -> {after.ForgetEm}");
        Relearning.Attack(unlearned, data.Forget, new RelearnSettings { Documents = 2, Epochs = 3, LearningRate = 3e-3f });
        var attacked = ModelEvaluation.Evaluate(unlearned, data);
        Assert.True(attacked.Score.Memory(LumeSplit.Forget) > after.Score.Memory(LumeSplit.Forget),
            $"relearning did not restore memory: {after.Score.Memory(LumeSplit.Forget)} -> {attacked.Score.Memory(LumeSplit.Forget)}");
    }
}
