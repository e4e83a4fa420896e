using AlignLab.Core;
using AlignLab.Core.Optim;
using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Unlearning.Forgetting;

/// <summary>What an unlearning run did: steps taken, whether the stop rule fired, and the forget loss along the way.</summary>
public sealed record UnlearnTrace(int Steps, bool Stopped, IReadOnlyList<double> ForgetLoss);

/// <summary>
/// Unlearning as forget loss ⊕ retain term ⊕ smoother. Each step draws a forget batch and a retain batch, takes the
/// (smoothed) forget gradient, adds γ times the retain gradient at the unperturbed weights, clips the sum at
/// <see cref="UnlearnSettings.ClipNorm"/> and steps AdamW (weight decay 0). The smoothers' penalties enter the
/// gradient (the released code computed GP and CR with <c>.item()</c>, so theirs had none).
/// </summary>
public sealed class Unlearner
{
    private readonly UnlearnModel _model, _reference;
    private readonly IReadOnlyList<Example> _forget, _retain;
    private readonly double[] _referenceNll;
    private readonly UnlearnSettings _s;

    /// <param name="model">Unlearned in place.</param>
    /// <param name="reference">The frozen original (NPO's reference NLLs, the KL retain term).</param>
    public Unlearner(UnlearnModel model, UnlearnModel reference, IReadOnlyList<LumeRow> forget, IReadOnlyList<LumeRow> retain, UnlearnSettings settings)
    {
        settings.Validate();
        _model = model; _reference = reference; _s = settings;
        _forget = Example.TrainingSet(model.Tokenizer, forget);
        _retain = Example.TrainingSet(model.Tokenizer, retain);
        if (_forget.Count == 0) throw new ArgumentException("the forget set is empty", nameof(forget));
        // NPO's reference term is a constant per example: computed once, no reference forward pass while training.
        _referenceNll = Scoring.LogProbs(reference, _forget).Select(x => -x.Sum).ToArray();
    }

    /// <summary>The forget loss of a batch given by indices into the forget examples.</summary>
    public Tensor ForgetLoss(int[] batch)
    {
        var examples = batch.Select(i => _forget[i]).ToArray();
        return _s.Method switch
        {
            UnlearnMethod.Npo => Losses.Npo(_model, examples, batch.Select(i => _referenceNll[i]).ToArray(), _s.Beta),
            UnlearnMethod.SimNpo => Losses.SimNpo(_model, examples, _s.Beta),
            _ => Losses.GradientAscent(_model, examples),
        };
    }

    private Tensor? RetainLoss(int[] batch)
    {
        var examples = batch.Select(i => _retain[i]).ToArray();
        return _s.Method switch
        {
            UnlearnMethod.Ga => null,
            UnlearnMethod.Kl => Losses.KlToReference(_model, examples, Losses.ReferenceLogProbs(_reference, examples)),
            _ => Losses.TokenMeanNll(_model, examples),
        };
    }

    /// <summary>The smoothed forget gradient at the current weights, which it leaves exactly as it found them.</summary>
    public (double Loss, float[][] Gradient) ForgetGradient(int[] batch, Generator noise)
    {
        var ps = _model.Parameters;
        Func<Tensor> loss = () => ForgetLoss(batch);
        var (l, g) = FlatParameters.Gradient(ps, loss);
        switch (_s.Smoother)
        {
            case Smoother.Sam when _s.Rho > 0:
            {
                double norm = FlatParameters.Norm(g);
                if (norm == 0) return (l, g);
                var saved = FlatParameters.Copy(ps);
                FlatParameters.AddScaled(ps, g, (float)(_s.Rho / norm));
                var perturbed = FlatParameters.Gradient(ps, loss).Gradient;
                FlatParameters.Restore(ps, saved);
                return (l, perturbed);
            }
            case Smoother.Rs when _s.Rho > 0:
            {
                var saved = FlatParameters.Copy(ps);
                float[][]? sum = null;
                for (int k = 0; k < _s.NoiseSamples; k++)
                {
                    for (int i = 0; i < ps.Count; i++)
                    {
                        var span = ps[i].AsSpan();
                        for (int j = 0; j < span.Length; j++) span[j] += (float)(_s.Rho * noise.NextGaussian());
                    }
                    var gk = FlatParameters.Gradient(ps, loss).Gradient;
                    FlatParameters.Restore(ps, saved);
                    sum = sum is null ? gk : FlatParameters.Combine(sum, gk, 1f);
                }
                return (l, FlatParameters.Scale(sum!, 1.0 / _s.NoiseSamples));
            }
            case Smoother.Gp when _s.Rho > 0:
            {
                double norm = FlatParameters.Norm(g);
                if (norm == 0) return (l, g);
                var hg = FlatParameters.HessianVector(ps, loss, FlatParameters.Scale(g, 1 / norm), _s.FiniteDifference);
                return (l, FlatParameters.Combine(g, hg, _s.Rho));
            }
            case Smoother.Cr when _s.Rho > 0:
            {
                double norm = FlatParameters.Norm(g);
                if (norm == 0) return (l, g);
                var direction = FlatParameters.Scale(g, 1 / norm);
                var saved = FlatParameters.Copy(ps);
                FlatParameters.AddScaled(ps, direction, _s.CurvatureStep);
                var gShifted = FlatParameters.Gradient(ps, loss).Gradient;
                var d = FlatParameters.Combine(gShifted, g, -1f);
                double dNorm = FlatParameters.Norm(d);
                if (dNorm == 0) { FlatParameters.Restore(ps, saved); return (l, g); }
                var u = FlatParameters.Scale(d, 1 / dNorm);
                var hShifted = FlatParameters.HessianVector(ps, loss, u, _s.FiniteDifference);
                FlatParameters.Restore(ps, saved);
                var hHere = FlatParameters.HessianVector(ps, loss, u, _s.FiniteDifference);
                return (l, FlatParameters.Combine(g, FlatParameters.Combine(hShifted, hHere, -1f), _s.Rho));
            }
            default:
                return (l, g);
        }
    }

    /// <summary>
    /// Runs up to <see cref="UnlearnSettings.Steps"/> steps. Every <paramref name="checkEvery"/> steps
    /// <paramref name="stopWhen"/> sees the model (for WA, the running average) and may end the run there; the model is
    /// left at that point.
    /// </summary>
    public UnlearnTrace Run(int checkEvery = 0, Func<UnlearnModel, bool>? stopWhen = null, Action<int>? onStep = null, CancellationToken cancel = default)
    {
        var ps = _model.Parameters;
        var optimizer = new AdamW(ps, _s.LearningRate, weightDecay: 0f);
        var g = new Generator(_s.Seed);
        var batches = g.Fork(1);
        var noise = g.Fork(2);
        var losses = new List<double>();
        float[][]? average = null;
        int snapshots = 0;
        for (int step = 1; step <= _s.Steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            var fb = Draw(batches, _forget.Count);
            var (lf, gf) = ForgetGradient(fb, noise);
            losses.Add(lf);
            var rl = _retain.Count > 0 && _s.RetainWeight != 0 ? RetainLoss(Draw(batches, _retain.Count)) : null;
            var total = gf;
            if (rl is not null)
            {
                var gr = FlatParameters.Gradient(ps, () => rl).Gradient;
                total = FlatParameters.Combine(gf, gr, _s.RetainWeight);
            }
            for (int i = 0; i < ps.Count; i++) ps[i].Grad = Tensor.Wrap(total[i], ps[i].Shape.ToArray());
            GradClip.ClipByGlobalNorm(ps, _s.ClipNorm);
            optimizer.Step();
            optimizer.ZeroGrad();
            if (_s.Smoother == Smoother.Wa && step >= _s.AverageFrom && (step - _s.AverageFrom) % _s.AverageEvery == 0)
            {
                var now = FlatParameters.Copy(ps);
                snapshots++;
                average = average is null ? now : FlatParameters.Combine(FlatParameters.Scale(average, (snapshots - 1.0) / snapshots), now, 1f / snapshots);
            }
            onStep?.Invoke(step);
            if (stopWhen is not null && checkEvery > 0 && step % checkEvery == 0)
            {
                var live = average is null ? null : FlatParameters.Copy(ps);
                if (average is not null) FlatParameters.Restore(ps, average);
                if (stopWhen(_model)) return new UnlearnTrace(step, true, losses);
                if (live is not null) FlatParameters.Restore(ps, live);
            }
        }
        if (average is not null) FlatParameters.Restore(ps, average);
        return new UnlearnTrace(_s.Steps, false, losses);
    }

    private int[] Draw(Generator g, int n)
    {
        var batch = new int[Math.Min(_s.BatchSize, n)];
        for (int i = 0; i < batch.Length; i++) batch[i] = g.NextInt(0, n);
        return batch;
    }
}
