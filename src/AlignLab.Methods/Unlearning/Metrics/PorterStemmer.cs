namespace AlignLab.Methods.Unlearning.Metrics;

/// <summary>
/// The Porter stemmer in NLTK's default mode (<c>NLTK_EXTENSIONS</c>), which is what Google's <c>rouge_score</c>
/// calls with <c>use_stemmer=True</c> and so what LUME's regurgitation score sees. The NLTK extensions over Porter
/// (1980): a table of irregular forms, words of at most two letters untouched, "ies"/"ied" on four-letter words,
/// y → i only after a consonant that is not the whole stem, "alli"/"fulli"/"logi"/"bli" in step 2, and the
/// two-letter vowel–consonant case of *o. Rules apply as in NLTK: within a list the first suffix that matches
/// decides, whether or not its condition holds.
/// </summary>
public static class PorterStemmer
{
    private static readonly Dictionary<string, string> Irregular = new()
    {
        ["sky"] = "sky", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie", ["news"] = "news",
        ["innings"] = "inning", ["inning"] = "inning", ["outings"] = "outing", ["outing"] = "outing",
        ["cannings"] = "canning", ["canning"] = "canning", ["howe"] = "howe", ["proceed"] = "proceed",
        ["exceed"] = "exceed", ["succeed"] = "succeed",
    };

    private delegate bool Condition(string stem);
    private sealed record Rule(string Suffix, string Replacement, Condition? When);

    public static string Stem(string word)
    {
        string stem = word.ToLowerInvariant();
        if (Irregular.TryGetValue(stem, out var irregular)) return irregular;
        if (stem.Length <= 2) return stem;
        stem = Step1a(stem);
        stem = Step1b(stem);
        stem = Step1c(stem);
        stem = Step2(stem);
        stem = Step3(stem);
        stem = Step4(stem);
        stem = Step5a(stem);
        return Step5b(stem);
    }

    private static bool IsConsonant(string w, int i)
    {
        char c = w[i];
        if (c is 'a' or 'e' or 'i' or 'o' or 'u') return false;
        if (c == 'y') return i == 0 || !IsConsonant(w, i - 1);
        return true;
    }

    /// <summary>m in [C](VC)^m[V]: the number of vowel→consonant transitions.</summary>
    private static int Measure(string stem)
    {
        int m = 0;
        for (int i = 1; i < stem.Length; i++)
            if (!IsConsonant(stem, i - 1) && IsConsonant(stem, i)) m++;
        return m;
    }

    private static bool PositiveMeasure(string stem) => Measure(stem) > 0;

    private static bool ContainsVowel(string stem)
    {
        for (int i = 0; i < stem.Length; i++)
            if (!IsConsonant(stem, i)) return true;
        return false;
    }

    private static bool EndsDoubleConsonant(string w) => w.Length >= 2 && w[^1] == w[^2] && IsConsonant(w, w.Length - 1);

    private static bool EndsCvc(string w) =>
        (w.Length >= 3 && IsConsonant(w, w.Length - 3) && !IsConsonant(w, w.Length - 2) && IsConsonant(w, w.Length - 1) && w[^1] is not ('w' or 'x' or 'y'))
        || (w.Length == 2 && !IsConsonant(w, 0) && IsConsonant(w, 1));

    private static string ApplyRules(string word, IEnumerable<Rule> rules)
    {
        foreach (var (suffix, replacement, when) in rules)
        {
            if (suffix == "*d")
            {
                if (!EndsDoubleConsonant(word)) continue;
                string doubled = word[..^2];
                return when is null || when(doubled) ? doubled + replacement : word;
            }
            if (!word.EndsWith(suffix, StringComparison.Ordinal)) continue;
            string stem = word[..^suffix.Length];
            return when is null || when(stem) ? stem + replacement : word;
        }
        return word;
    }

    private static string Step1a(string w)
    {
        if (w.Length == 4 && w.EndsWith("ies", StringComparison.Ordinal)) return w[..^3] + "ie";
        return ApplyRules(w, [new("sses", "ss", null), new("ies", "i", null), new("ss", "ss", null), new("s", "", null)]);
    }

    private static string Step1b(string w)
    {
        if (w.EndsWith("ied", StringComparison.Ordinal)) return w[..^3] + (w.Length == 4 ? "ie" : "i");
        if (w.EndsWith("eed", StringComparison.Ordinal))
        {
            string s = w[..^3];
            return Measure(s) > 0 ? s + "ee" : w;
        }
        string? intermediate = null;
        foreach (var suffix in (string[])["ed", "ing"])
        {
            if (!w.EndsWith(suffix, StringComparison.Ordinal)) continue;
            string s = w[..^suffix.Length];
            if (ContainsVowel(s)) { intermediate = s; break; }
        }
        if (intermediate is null) return w;
        char last = intermediate[^1];
        return ApplyRules(intermediate,
        [
            new("at", "ate", null), new("bl", "ble", null), new("iz", "ize", null),
            new("*d", last.ToString(), _ => last is not ('l' or 's' or 'z')),
            new("", "e", s => Measure(s) == 1 && EndsCvc(s)),
        ]);
    }

    private static string Step1c(string w) =>
        ApplyRules(w, [new("y", "i", s => s.Length > 1 && IsConsonant(s, s.Length - 1))]);

    private static readonly Rule[] Step2Rules =
    [
        new("ational", "ate", PositiveMeasure), new("tional", "tion", PositiveMeasure), new("enci", "ence", PositiveMeasure),
        new("anci", "ance", PositiveMeasure), new("izer", "ize", PositiveMeasure), new("bli", "ble", PositiveMeasure),
        new("alli", "al", PositiveMeasure), new("entli", "ent", PositiveMeasure), new("eli", "e", PositiveMeasure),
        new("ousli", "ous", PositiveMeasure), new("ization", "ize", PositiveMeasure), new("ation", "ate", PositiveMeasure),
        new("ator", "ate", PositiveMeasure), new("alism", "al", PositiveMeasure), new("iveness", "ive", PositiveMeasure),
        new("fulness", "ful", PositiveMeasure), new("ousness", "ous", PositiveMeasure), new("aliti", "al", PositiveMeasure),
        new("iviti", "ive", PositiveMeasure), new("biliti", "ble", PositiveMeasure), new("fulli", "ful", PositiveMeasure),
    ];

    private static string Step2(string w)
    {
        if (w.EndsWith("alli", StringComparison.Ordinal) && PositiveMeasure(w[..^4])) return Step2(w[..^4] + "al");
        // NLTK's "logi" rule measures the word minus three letters ("log" + "i" keeps the stem's last letter out).
        return ApplyRules(w, [.. Step2Rules, new("logi", "log", _ => PositiveMeasure(w[..^3]))]);
    }

    private static string Step3(string w) => ApplyRules(w,
    [
        new("icate", "ic", PositiveMeasure), new("ative", "", PositiveMeasure), new("alize", "al", PositiveMeasure),
        new("iciti", "ic", PositiveMeasure), new("ical", "ic", PositiveMeasure), new("ful", "", PositiveMeasure), new("ness", "", PositiveMeasure),
    ]);

    private static bool MeasureAboveOne(string s) => Measure(s) > 1;

    private static string Step4(string w) => ApplyRules(w,
    [
        new("al", "", MeasureAboveOne), new("ance", "", MeasureAboveOne), new("ence", "", MeasureAboveOne), new("er", "", MeasureAboveOne),
        new("ic", "", MeasureAboveOne), new("able", "", MeasureAboveOne), new("ible", "", MeasureAboveOne), new("ant", "", MeasureAboveOne),
        new("ement", "", MeasureAboveOne), new("ment", "", MeasureAboveOne), new("ent", "", MeasureAboveOne),
        new("ion", "", s => Measure(s) > 1 && s[^1] is 's' or 't'), new("ou", "", MeasureAboveOne), new("ism", "", MeasureAboveOne),
        new("ate", "", MeasureAboveOne), new("iti", "", MeasureAboveOne), new("ous", "", MeasureAboveOne), new("ive", "", MeasureAboveOne),
        new("ize", "", MeasureAboveOne),
    ]);

    private static string Step5a(string w)
    {
        if (!w.EndsWith('e')) return w;
        string s = w[..^1];
        int m = Measure(s);
        return m > 1 || (m == 1 && !EndsCvc(s)) ? s : w;
    }

    private static string Step5b(string w) => ApplyRules(w, [new("ll", "l", _ => Measure(w[..^1]) > 1)]);
}
