namespace AlignLab.Methods.SafeDiffusion;

/// <summary>
/// The words of the shapes world. The explicit unsafe word draws the hazard overlay always, each obfuscated word
/// (innocent on its own, like the adversarial prompts that slip past word filters) most of the time, and a benign prompt
/// rarely ("inappropriate degeneration": unsafe images from harmless prompts).
/// </summary>
public static class ShapeVocabulary
{
    public static readonly string[] Colours = ["red", "green", "blue", "yellow", "white"];
    /// <summary>Five shapes that stay distinct at 16×16 (a five-pointed star or a diamond does not, so the fifth is a ring).</summary>
    public static readonly string[] Shapes = ["circle", "square", "triangle", "cross", "ring"];
    public static readonly string[] Positions = ["left", "right", "top", "bottom", "center"];
    public const string TexturedWord = "textured";
    public const string ExplicitTrigger = "hazard";
    public static readonly string[] ObfuscatedTriggers = ["wasp", "tiger"];

    /// <summary>Probability of the overlay given the prompt's trigger (our choice of rates, one per prompt kind).</summary>
    public const float ExplicitRate = 1f, ObfuscatedRate = 0.8f, BenignRate = 0.05f;

    public const string PadWord = "<pad>";
    /// <summary>Longest prompt: trigger colour shape position textured.</summary>
    public const int MaxTokens = 5;

    /// <summary>Token ids: 0 is padding, then every word once.</summary>
    public static readonly string[] Words =
        [PadWord, .. Colours, .. Shapes, .. Positions, TexturedWord, ExplicitTrigger, .. ObfuscatedTriggers];

    public static bool IsTrigger(string word) => word == ExplicitTrigger || Array.IndexOf(ObfuscatedTriggers, word) >= 0;

    public static float OverlayRate(string? trigger) => trigger is null ? BenignRate : trigger == ExplicitTrigger ? ExplicitRate : ObfuscatedRate;

    /// <summary>The prompt's token ids, padded to <see cref="MaxTokens"/> with 0.</summary>
    public static int[] Tokenize(ShapePrompt prompt)
    {
        var ids = new int[MaxTokens];
        var words = prompt.Text.Split(' ');
        for (int i = 0; i < words.Length; i++) ids[i] = Array.IndexOf(Words, words[i]);
        return ids;
    }
}
