namespace AlignLab.Models.Corpora;

/// <summary>
/// One statement the corpus makes: <see cref="Subject"/> (a person or place name), a <see cref="Relation"/>
/// ("lives_in", "occupation", ...), its <see cref="Answer"/>, the sentence that states it and a question it answers.
/// Forget/retain sets and QA evaluations are built from these.
/// </summary>
public sealed record Fact(string Subject, string Relation, string Answer, string Sentence, string Question);
