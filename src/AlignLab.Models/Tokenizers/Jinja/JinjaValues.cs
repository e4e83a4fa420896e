using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AlignLab.Models.Tokenizers.Jinja;

/// <summary>A missing variable, key or attribute: prints as "", is falsy, and fails <c>is defined</c>.</summary>
internal sealed class JinjaUndefined
{
    public static JinjaUndefined Instance { get; } = new();
}

/// <summary>
/// Python-like semantics of the values a chat template sees: strings, 64-bit integers, doubles, bools, none (null),
/// lists (<see cref="IList"/>), mappings (string-keyed dictionaries) and <see cref="JinjaUndefined"/>.
/// </summary>
internal static class JinjaValues
{
    public static bool Truthy(object? v) => v switch
    {
        null or JinjaUndefined => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        IDictionary d => d.Count > 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    public static string ToText(object? v) => v switch
    {
        null => "None",
        JinjaUndefined => "",
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => ToJson(v, null),
    };

    public static double ToDouble(object? v) => v switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new JinjaException($"expected a number, got {Describe(v)}"),
    };

    private static string Describe(object? v) => v switch
    {
        null => "none",
        JinjaUndefined => "an undefined value",
        string s => $"the string '{s}'",
        _ => v.GetType().Name,
    };

    public static IEnumerable<object?> Iterate(object? v) => v switch
    {
        JinjaUndefined => [],
        string s => s.Select(c => (object?)c.ToString()),
        IDictionary<string, object?> d => d.Keys.Select(k => (object?)k),
        IEnumerable<object?> e => e,
        _ => throw new JinjaException($"cannot iterate over {Describe(v)}"),
    };

    public static object? GetItem(object? target, object? key)
    {
        switch (target)
        {
            case IDictionary<string, object?> d when key is string k:
                return d.TryGetValue(k, out var v) ? v : JinjaUndefined.Instance;
            case JinjaNamespace ns when key is string k:
                return ns.Values.TryGetValue(k, out var nv) ? nv : JinjaUndefined.Instance;
            case IList<object?> list when key is long i:
                if (i < 0) i += list.Count;
                return i >= 0 && i < list.Count ? list[(int)i] : JinjaUndefined.Instance;
            case string s when key is long i:
                if (i < 0) i += s.Length;
                return i >= 0 && i < s.Length ? s[(int)i].ToString() : JinjaUndefined.Instance;
            case null:
                throw new JinjaException($"cannot look up '{ToText(key)}' on none");
            default:
                return JinjaUndefined.Instance;
        }
    }

    public static object? Slice(object? target, object? start, object? stop, object? step)
    {
        var items = target is string s ? s.Select(c => (object?)c.ToString()).ToList() : Iterate(target).ToList();
        int n = items.Count;
        long st = step is long sp ? sp : 1;
        if (st == 0) throw new JinjaException("slice step cannot be zero");
        long Clamp(object? o, long dflt)
        {
            if (o is not long v) return dflt;
            if (v < 0) v += n;
            return st > 0 ? Math.Clamp(v, 0, n) : Math.Clamp(v, -1, n - 1);
        }
        long a = Clamp(start, st > 0 ? 0 : n - 1), b = Clamp(stop, st > 0 ? n : -1);
        var result = new List<object?>();
        for (long i = a; st > 0 ? i < b : i > b; i += st) result.Add(items[(int)i]);
        return target is string ? string.Concat(result.Cast<string>()) : result;
    }

    public static new bool Equals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (JinjaUndefined, JinjaUndefined) => true,
        (string x, string y) => x == y,
        (long or double or bool, long or double or bool) when a is not bool || b is not bool => ToDouble(a) == ToDouble(b),
        (bool x, bool y) => x == y,
        (IList<object?> x, IList<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Equals(p.First, p.Second)),
        _ => ReferenceEquals(a, b),
    };

    public static object? Binary(string op, object? a, object? b)
    {
        switch (op)
        {
            case "==": return Equals(a, b);
            case "!=": return !Equals(a, b);
            case "~": return ToText(a) + ToText(b);
            case "in": return Contains(b, a);
            case "notin": return !Contains(b, a);
        }
        if (op == "+")
        {
            if (a is string sa && b is string sb) return sa + sb;
            if (a is IList<object?> la && b is IList<object?> lb) return la.Concat(lb).ToList();
            if (a is string || b is string) throw new JinjaException($"cannot add {Describe(a)} and {Describe(b)}");
        }
        if (op == "*" && a is string rep && b is long times) return string.Concat(Enumerable.Repeat(rep, (int)Math.Max(0, times)));
        if (op is "<" or ">" or "<=" or ">=")
        {
            int c = a is string x && b is string y ? string.CompareOrdinal(x, y) : ToDouble(a).CompareTo(ToDouble(b));
            return op switch { "<" => c < 0, ">" => c > 0, "<=" => c <= 0, _ => c >= 0 };
        }
        if (a is long i && b is long j && op != "/")
            return op switch
            {
                "+" => i + j, "-" => i - j, "*" => i * j,
                "//" => j == 0 ? throw new JinjaException("integer division by zero") : (long)Math.Floor((double)i / j),
                "%" => j == 0 ? throw new JinjaException("modulo by zero") : ((i % j) + j) % j,
                "**" => (long)Math.Pow(i, j),
                _ => throw new JinjaException($"unknown operator '{op}'"),
            };
        double p = ToDouble(a), q = ToDouble(b);
        return op switch
        {
            "+" => p + q, "-" => p - q, "*" => p * q, "/" => p / q, "//" => Math.Floor(p / q),
            "%" => p - q * Math.Floor(p / q), "**" => Math.Pow(p, q),
            _ => throw new JinjaException($"unknown operator '{op}'"),
        };
    }

    private static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string t && s.Contains(t, StringComparison.Ordinal),
        IDictionary<string, object?> d => item is string k && d.ContainsKey(k),
        JinjaUndefined => false,
        _ => Iterate(container).Any(x => Equals(x, item)),
    };

    public static bool Test(object? v, string test) => test switch
    {
        "defined" => v is not JinjaUndefined,
        "undefined" => v is JinjaUndefined,
        "none" => v is null,
        "string" => v is string,
        "number" => v is long or double,
        "integer" => v is long,
        "boolean" => v is bool,
        "true" => v is true,
        "false" => v is false,
        "mapping" => v is IDictionary<string, object?>,
        "iterable" => v is string or IEnumerable<object?> or IDictionary<string, object?>,
        "sequence" => v is string or IList<object?>,
        "even" => v is long e && e % 2 == 0,
        "odd" => v is long o && o % 2 != 0,
        _ => throw new JinjaException($"unknown test 'is {test}'"),
    };

    public static object? CallMethod(object? target, string method, List<object?> args)
    {
        string Arg(int i) => args.Count > i && args[i] is string s ? s : throw new JinjaException($"{method}() needs a string argument");
        switch (target, method)
        {
            case (string s, "strip"): return args.Count > 0 ? s.Trim(Arg(0).ToCharArray()) : s.Trim();
            case (string s, "lstrip"): return args.Count > 0 ? s.TrimStart(Arg(0).ToCharArray()) : s.TrimStart();
            case (string s, "rstrip"): return args.Count > 0 ? s.TrimEnd(Arg(0).ToCharArray()) : s.TrimEnd();
            case (string s, "upper"): return s.ToUpperInvariant();
            case (string s, "lower"): return s.ToLowerInvariant();
            case (string s, "title"): return CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant());
            case (string s, "startswith"): return s.StartsWith(Arg(0), StringComparison.Ordinal);
            case (string s, "endswith"): return s.EndsWith(Arg(0), StringComparison.Ordinal);
            case (string s, "replace"): return s.Replace(Arg(0), Arg(1), StringComparison.Ordinal);
            case (string s, "split"):
                return (args.Count > 0 ? s.Split(Arg(0)) : s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Select(p => (object?)p).ToList();
            case (IDictionary<string, object?> d, "get"):
                return args.Count > 0 && args[0] is string k && d.TryGetValue(k, out var v) ? v : args.Count > 1 ? args[1] : null;
            case (IDictionary<string, object?> d, "items"):
                return d.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList();
            case (IDictionary<string, object?> d, "keys"): return d.Keys.Select(k => (object?)k).ToList();
            case (IDictionary<string, object?> d, "values"): return d.Values.ToList();
            default: throw new JinjaException($"{Describe(target)} has no method {method}()");
        }
    }

    public static object? CallGlobal(string name, List<object?> args, Dictionary<string, object?> kwargs)
    {
        switch (name)
        {
            case "raise_exception":
                throw new JinjaRaisedException(args.Count > 0 ? ToText(args[0]) : "the chat template raised an error");
            case "namespace":
            {
                var ns = new JinjaNamespace();
                foreach (var (k, v) in kwargs) ns.Values[k] = v;
                return ns;
            }
            case "range":
            {
                long start = 0, stop, step = 1;
                if (args.Count == 1) stop = (long)ToDouble(args[0]);
                else { start = (long)ToDouble(args[0]); stop = (long)ToDouble(args[1]); if (args.Count > 2) step = (long)ToDouble(args[2]); }
                var r = new List<object?>();
                for (long i = start; step > 0 ? i < stop : i > stop; i += step) r.Add(i);
                return r;
            }
            default: throw new JinjaException($"unknown function {name}()");
        }
    }

    public static object? ApplyFilter(object? v, string filter, List<object?> args, Dictionary<string, object?> kwargs) => filter switch
    {
        "trim" => ToText(v).Trim(),
        "upper" => ToText(v).ToUpperInvariant(),
        "lower" => ToText(v).ToLowerInvariant(),
        "string" => ToText(v),
        "length" or "count" => (long)(v is string s ? s.Length : Iterate(v).Count()),
        "first" => Iterate(v).FirstOrDefault(JinjaUndefined.Instance),
        "last" => Iterate(v).LastOrDefault(JinjaUndefined.Instance),
        "join" => string.Join(args.Count > 0 ? ToText(args[0]) : "", Iterate(v).Select(ToText)),
        "default" or "d" => v is JinjaUndefined || (args.Count > 1 && Truthy(args[1]) && !Truthy(v)) ? (args.Count > 0 ? args[0] : "") : v,
        "int" => v is string t && long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : v is long or double or bool ? (long)ToDouble(v) : 0L,
        "tojson" => ToJson(v, kwargs.TryGetValue("indent", out var indent) ? indent : args.Count > 0 ? args[0] : null),
        _ => throw new JinjaException($"unknown filter '|{filter}'"),
    };

    /// <summary>Jinja's tojson (Python's json.dumps with sort_keys=False here, keeping the caller's key order).</summary>
    private static string ToJson(object? v, object? indent)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indent is long, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteJson(w, v);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null or JinjaUndefined: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case IDictionary<string, object?> d:
                w.WriteStartObject();
                foreach (var (k, x) in d) { w.WritePropertyName(k); WriteJson(w, x); }
                w.WriteEndObject();
                break;
            case IEnumerable<object?> e:
                w.WriteStartArray();
                foreach (var x in e) WriteJson(w, x);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(v.ToString()); break;
        }
    }
}

/// <summary>The template's own <c>raise_exception(...)</c>: the conversation does not fit the template (e.g. roles out of order).</summary>
public sealed class JinjaRaisedException(string message) : Exception(message);
