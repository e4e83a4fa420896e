namespace AlignLab.Models.Corpora;

/// <summary>
/// The closed word lists the synthetic world draws its attributes from. <see cref="WorldOptions.WordsPerList"/> keeps
/// only the first k of each list, which is how the corpus vocabulary is controlled.
/// </summary>
internal static class WordLists
{
    public static readonly string[] Occupations =
    [
        "baker", "teacher", "farmer", "doctor", "painter", "fisher", "carpenter", "nurse", "tailor", "miller",
        "sailor", "potter", "librarian", "gardener", "smith", "weaver", "cook", "builder", "singer", "clockmaker",
        "brewer", "shepherd", "merchant", "printer",
    ];

    public static readonly string[] Hobbies =
    [
        "sailing", "bowling", "knitting", "running", "fishing", "singing", "painting", "hiking", "reading", "dancing",
        "swimming", "cooking", "climbing", "gardening", "drawing", "cycling", "baking", "rowing", "skating", "juggling",
    ];

    public static readonly string[] Colors =
    [
        "red", "blue", "green", "yellow", "black", "white", "brown", "grey", "orange", "purple", "silver", "golden",
    ];

    public static readonly string[] Items =
    [
        "kettle", "bicycle", "lamp", "boat", "violin", "hat", "clock", "basket", "coat", "map", "drum", "cup",
        "chair", "umbrella", "scarf", "book", "ladder", "bell", "kite", "wagon",
    ];

    public static readonly string[] Pets =
    [
        "cat", "dog", "goat", "parrot", "rabbit", "horse", "duck", "tortoise", "hen", "donkey", "owl", "pony",
    ];

    public static readonly string[] Features =
    [
        "by the sea", "in the hills", "on a river", "near a forest", "by a lake", "in a valley", "on an island",
        "under a mountain", "in the marshes", "on a plain",
    ];

    public static readonly string[] Weathers =
    [
        "sunny", "rainy", "windy", "cold", "warm", "foggy", "quiet", "bright", "cloudy", "snowy",
    ];

    public static readonly string[] Syllables =
    [
        "ma", "ra", "ol", "sen", "te", "vik", "i", "vo", "bran", "el", "na", "lo", "ren", "ka", "tor", "mi",
        "la", "dan", "sa", "ber", "go", "ri", "ta", "nel", "fa", "ho", "lin", "ju", "ne", "pa", "vel", "as", "ko",
        "ru", "den", "bo", "lu", "mar", "is",
    ];
}
