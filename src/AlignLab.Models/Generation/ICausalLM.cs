using AlignLab.Core;
using AlignLab.Core.Modules;

namespace AlignLab.Models.Generation;

/// <summary>
/// What generation, scoring and checkpoint I/O need from a decoder-only language model (GPT-2, Llama, ...).
/// Implementations are <see cref="Module"/>s whose parameter names are the Hugging Face checkpoint names.
/// </summary>
public interface ICausalLM
{
    /// <summary>The <c>model_type</c> written to <c>config.json</c> ("gpt2", "llama").</summary>
    string ModelType { get; }
    int VocabSize { get; }
    /// <summary>Longest sequence (prompt + generated tokens) the model accepts.</summary>
    int MaxPositions { get; }
    int LayerCount { get; }
    /// <summary>True when the output head reuses the token embedding, so a checkpoint's <c>lm_head.weight</c> is redundant.</summary>
    bool TiedHead { get; }

    /// <summary>
    /// Logits [B, T, V] for ids [B, T]. With a <paramref name="cache"/>, the ids continue the cached sequence
    /// (positions start at <see cref="KvCache.Length"/>) and their keys and values are appended to it. With
    /// <paramref name="lastOnly"/>, only the last position's logits [B, 1, V]: what decoding needs, without a
    /// [T × V] head product and tensor for a long prompt.
    /// </summary>
    Tensor Logits(IntTensor ids, KvCache? cache = null, bool lastOnly = false);

    /// <summary>Width of the final hidden state, the input of the output head (and of a reward head).</summary>
    int HiddenSize { get; }

    /// <summary>
    /// The final (normalised) hidden states [B, T, <see cref="HiddenSize"/>] that <see cref="Logits"/> projects onto
    /// the vocabulary: what a reward or value head reads.
    /// </summary>
    Tensor Hidden(IntTensor ids, KvCache? cache = null);

    /// <summary>The Hugging Face <c>config.json</c> contents describing this model.</summary>
    Dictionary<string, object> ConfigJson();

    Module Module { get; }
}
