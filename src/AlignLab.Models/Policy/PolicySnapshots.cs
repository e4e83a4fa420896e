using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Core.Modules;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Llama;

namespace AlignLab.Models.Policy;

/// <summary>
/// Copies of a policy for the iterated methods: a frozen in-memory copy (the reference of a KL anchor or of an implicit
/// reward, the previous iterate, a reward model's initialisation) and per-round checkpoints on disk.
/// </summary>
public static class PolicySnapshots
{
    /// <summary>An independent model with the same configuration and a copy of every weight (no shared storage, no graph).</summary>
    public static ICausalLM Clone(ICausalLM model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ICausalLM copy = model switch
        {
            Gpt2Model gpt2 => new Gpt2Model(gpt2.Config, new Generator(0)),
            LlamaModel llama => new LlamaModel(llama.Config, new Generator(0)),
            _ => throw new ArgumentException($"model: cannot copy a {model.GetType().Name} (GPT-2 and Llama only)"),
        };
        copy.Module.LoadStateDict(model.Module.StateDict());
        copy.Module.Train(model.Module.Training);
        return copy;
    }

    /// <summary>
    /// Writes round <paramref name="round"/>'s policy as a Hugging Face directory <c>round-NN</c> under
    /// <paramref name="root"/> (loadable with <see cref="HfCheckpoint.Load"/>), and, when given, extra modules (a reward
    /// head) as <c>&lt;name&gt;.safetensors</c> beside it. Returns the directory.
    /// </summary>
    public static string SaveRound(string root, int round, ICausalLM policy, IReadOnlyDictionary<string, Module>? extras = null)
    {
        if (round < 0) throw new ArgumentException($"round must be >= 0, got {round}");
        string directory = Path.Combine(root, $"round-{round:D2}");
        HfCheckpoint.Save(policy, directory);
        if (extras != null)
            foreach (var (name, module) in extras)
                SafeTensors.Save(Path.Combine(directory, name + ".safetensors"), module.StateDict());
        return directory;
    }
}
