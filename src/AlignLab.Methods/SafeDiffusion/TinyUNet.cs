using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Methods.SafeDiffusion;

/// <summary>
/// A three-level U-Net for 16×16 RGB (16 → 8 → 4 and back, skip connections by concatenation) predicting the noise ε.
/// The prompt enters as token embeddings c [B, n, d]: their mean and a learned attention pool (one query) are projected
/// and added to the sinusoidal time embedding, which every residual block adds per channel. The learned
/// <see cref="NullTokens"/> are the empty prompt for classifier-free guidance.
/// </summary>
public sealed class TinyUNet : Module, IDenoiser
{
    public UNetConfig Config { get; }
    public Embedding Words { get; }
    public Tensor NullTokens { get; }
    private readonly Tensor _poolQuery;
    private readonly Linear _condProj, _time1, _time2;
    private readonly Conv2d _input, _down1, _down2, _output;
    private readonly ResBlock _res16, _res8, _mid, _up8, _up16;
    private readonly GroupNorm _outNorm;

    public int TokenCount => Config.TokenCount;
    public int TokenDim => Config.TokenDim;

    public TinyUNet(UNetConfig config, Generator g)
    {
        config.Validate();
        Config = config;
        int c = config.BaseChannels, e = config.EmbedDim, gr = config.Groups;
        Words = RegisterModule("words", new Embedding(config.VocabSize, config.TokenDim, g));
        NullTokens = RegisterParameter("null_tokens", g.Normal([1, config.TokenCount, config.TokenDim]));
        _poolQuery = RegisterParameter("pool_query", g.Normal([config.TokenDim], 0, 1f / MathF.Sqrt(config.TokenDim)));
        _condProj = RegisterModule("cond_proj", new Linear(2 * config.TokenDim, e, bias: true, g));
        _time1 = RegisterModule("time1", new Linear(config.TimeDim, e, bias: true, g));
        _time2 = RegisterModule("time2", new Linear(e, e, bias: true, g));
        _input = RegisterModule("input", new Conv2d(ShapeRenderer.Channels, c, 3, g, padding: 1));
        _res16 = RegisterModule("res16", new ResBlock(c, c, e, gr, g));
        _down1 = RegisterModule("down1", new Conv2d(c, 2 * c, 3, g, stride: 2, padding: 1));
        _res8 = RegisterModule("res8", new ResBlock(2 * c, 2 * c, e, gr, g));
        _down2 = RegisterModule("down2", new Conv2d(2 * c, 2 * c, 3, g, stride: 2, padding: 1));
        _mid = RegisterModule("mid", new ResBlock(2 * c, 2 * c, e, gr, g));
        _up8 = RegisterModule("up8", new ResBlock(4 * c, 2 * c, e, gr, g));
        _up16 = RegisterModule("up16", new ResBlock(3 * c, c, e, gr, g));
        _outNorm = RegisterModule("out_norm", new GroupNorm(gr, c));
        _output = RegisterModule("output", new Conv2d(c, ShapeRenderer.Channels, 3, g, padding: 1));
    }

    /// <summary>The token embeddings of a batch of prompts, [B, n, d] (a differentiable function of <see cref="Words"/>).</summary>
    public Tensor Embed(IReadOnlyList<ShapePrompt> prompts)
    {
        var ids = new int[prompts.Count * TokenCount];
        for (int i = 0; i < prompts.Count; i++) ShapeVocabulary.Tokenize(prompts[i]).CopyTo(ids, i * TokenCount);
        return Words.Forward(new IntTensor(ids, prompts.Count, TokenCount));
    }

    public Tensor PredictNoise(Tensor x, float[] timesteps, Tensor tokens)
    {
        int b = x.Shape[0];
        if (x.Rank != 4 || x.Shape[1] != ShapeRenderer.Channels || x.Shape[2] % 4 != 0 || x.Shape[3] % 4 != 0)
            throw new ArgumentException($"U-Net input has shape {ShapeUtil.Format(x.Shape)}, expected [batch, 3, H, W] with H, W multiples of 4");
        if (timesteps.Length != b) throw new ArgumentException($"U-Net got {timesteps.Length} timesteps for a batch of {b}");
        if (tokens.Rank != 3 || tokens.Shape[0] != b || tokens.Shape[1] != TokenCount || tokens.Shape[2] != TokenDim)
            throw new ArgumentException($"U-Net tokens have shape {ShapeUtil.Format(tokens.Shape)}, expected [{b}, {TokenCount}, {TokenDim}]");

        var time = _time2.Forward(_time1.Forward(F.TimestepEmbedding(timesteps, Config.TimeDim)).Silu());
        var emb = (time + _condProj.Forward(PoolTokens(tokens))).Silu();

        var h16 = _res16.Forward(_input.Forward(x), emb);
        var h8 = _res8.Forward(_down1.Forward(h16), emb);
        var h4 = _mid.Forward(_down2.Forward(h8), emb);
        var u8 = _up8.Forward(Tensor.Concat([F.UpsampleNearest(h4), h8], 1), emb);
        var u16 = _up16.Forward(Tensor.Concat([F.UpsampleNearest(u8), h16], 1), emb);
        return _output.Forward(_outNorm.Forward(u16).Silu());
    }

    /// <summary>[mean over tokens, softmax(c·q/√d)-weighted sum over tokens], [B, 2d].</summary>
    private Tensor PoolTokens(Tensor tokens)
    {
        int b = tokens.Shape[0];
        var scores = tokens.MatMul(_poolQuery.Reshape(TokenDim, 1)) * (1f / MathF.Sqrt(TokenDim));   // [B, n, 1]
        var weights = scores.Reshape(b, TokenCount).Softmax().Reshape(b, 1, TokenCount);
        var pooled = weights.MatMul(tokens).Reshape(b, TokenDim);
        return Tensor.Concat([tokens.Mean(1), pooled], 1);
    }
}
