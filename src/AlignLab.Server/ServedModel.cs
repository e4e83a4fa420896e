using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Server;

/// <summary>
/// The one model a server answers with, its tokenizer, its public name, the queue its generations wait in, and the
/// token that fires when the server stops (so that stopping does not wait for running generations to finish).
/// </summary>
internal sealed record ServedModel(ICausalLM Model, ITextTokenizer Tokenizer, string Name, GenerationQueue Queue, CancellationToken Stopping);
