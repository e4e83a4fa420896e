using AlignLab.Core;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.PrefEval.PrefLite;

/// <summary>Unrelated user/assistant pairs: sums, capitals and weather, with no word a PrefLite question or preference uses.</summary>
public static class PrefLiteFiller
{
    private static readonly (string Country, string Capital)[] Capitals =
        [("france", "paris"), ("peru", "lima"), ("kenya", "nairobi"), ("canada", "ottawa"), ("norway", "oslo"), ("egypt", "cairo"), ("chile", "santiago"), ("poland", "warsaw")];
    private static readonly string[] Places = ["oslo", "lima", "cairo", "perth", "quito", "hanoi", "dublin", "lagos"];
    private static readonly string[] Weather = ["sunny", "cold", "rainy", "windy", "warm", "cloudy"];

    /// <summary><paramref name="pairs"/> pairs drawn from <paramref name="generator"/>.</summary>
    public static List<ChatMessage> Pairs(int pairs, Generator generator)
    {
        var messages = new List<ChatMessage>(2 * pairs);
        for (int i = 0; i < pairs; i++)
        {
            var (q, a) = (int)(generator.NextUInt64() % 3) switch
            {
                0 => Sum(generator),
                1 => Capital(generator),
                _ => WeatherPair(generator),
            };
            messages.Add(new ChatMessage("user", q));
            messages.Add(new ChatMessage("assistant", a));
        }
        return messages;
    }

    private static int Pick(Generator g, int n) => (int)(g.NextUInt64() % (ulong)n);

    private static (string, string) Sum(Generator g)
    {
        int a = Pick(g, 20), b = Pick(g, 20);
        return ($"what is {a} plus {b}?", $"{a} plus {b} is {a + b}.");
    }

    private static (string, string) Capital(Generator g)
    {
        var (country, capital) = Capitals[Pick(g, Capitals.Length)];
        return ($"what is the capital of {country}?", $"the capital of {country} is {capital}.");
    }

    private static (string, string) WeatherPair(Generator g)
    {
        string place = Places[Pick(g, Places.Length)], w = Weather[Pick(g, Weather.Length)];
        return ($"how is the weather in {place}?", $"it is {w} in {place} today.");
    }
}
