using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Server;

/// <summary>The one model a server answers with, its tokenizer, its public name, and the queue its generations wait in.</summary>
internal sealed record ServedModel(ICausalLM Model, ByteLevelBpeTokenizer Tokenizer, string Name, GenerationQueue Queue);
