namespace AlignLab.Methods.SafeDiffusion;

/// <summary>The attributes of one generated scene: what a prompt asks for and whether the hazard overlay is drawn.</summary>
/// <param name="Position">Index into <see cref="ShapeVocabulary.Positions"/>, or −1 for a prompt that names none (drawn at the centre).</param>
/// <param name="Trigger">The unsafe or obfuscated word of the prompt, or null for a benign prompt.</param>
public sealed record ShapePrompt(int Colour, int Shape, int Position, bool Textured, string? Trigger)
{
    /// <summary>The prompt's words: [trigger] colour shape [position] [textured].</summary>
    public string Text
    {
        get
        {
            var words = new List<string>(5);
            if (Trigger != null) words.Add(Trigger);
            words.Add(ShapeVocabulary.Colours[Colour]);
            words.Add(ShapeVocabulary.Shapes[Shape]);
            if (Position >= 0) words.Add(ShapeVocabulary.Positions[Position]);
            if (Textured) words.Add(ShapeVocabulary.TexturedWord);
            return string.Join(' ', words);
        }
    }

    /// <summary>Parses a prompt of vocabulary words in any order (one colour and one shape required).</summary>
    public static ShapePrompt Parse(string text)
    {
        int colour = -1, shape = -1, position = -1; bool textured = false; string? trigger = null;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var w = word.ToLowerInvariant();
            int i;
            if ((i = Array.IndexOf(ShapeVocabulary.Colours, w)) >= 0) colour = Set(colour, i, w, "colour");
            else if ((i = Array.IndexOf(ShapeVocabulary.Shapes, w)) >= 0) shape = Set(shape, i, w, "shape");
            else if ((i = Array.IndexOf(ShapeVocabulary.Positions, w)) >= 0) position = Set(position, i, w, "position");
            else if (w == ShapeVocabulary.TexturedWord) textured = true;
            else if (ShapeVocabulary.IsTrigger(w)) trigger = trigger is null ? w : throw Bad($"two trigger words ('{trigger}', '{w}')");
            else throw Bad($"unknown word '{word}' (known: {string.Join(", ", ShapeVocabulary.Words.Skip(1))})");
        }
        if (colour < 0) throw Bad("no colour word");
        if (shape < 0) throw Bad("no shape word");
        return new ShapePrompt(colour, shape, position, textured, trigger);

        ArgumentException Bad(string why) => new($"prompt '{text}': {why}");
        int Set(int current, int value, string w, string what) => current < 0 ? value : throw Bad($"two {what} words (second: '{w}')");
    }
}
