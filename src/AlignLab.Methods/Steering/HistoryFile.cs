using AlignLab.Models.Data;

namespace AlignLab.Methods.Steering;

/// <summary>
/// A user history for <c>steer build</c>: JSON Lines, one past item a line, <c>{"text": "..."}</c> (the text the user
/// wrote, read or liked). Other fields (ids, dates, a label) are ignored; CONFST finds the preference itself. Blank
/// lines are skipped. Any problem is one line, <c>file:line: reason</c>.
/// </summary>
public static class HistoryFile
{
    /// <summary>The items' texts and where each came from (<c>file:line</c>).</summary>
    public static (List<string> Texts, List<string> Where) Load(string path)
    {
        var texts = new List<string>();
        var where = new List<string>();
        foreach (var (at, r) in JsonlFile.Read(path))
        {
            string text = JsonlFile.String(r, "text", at);
            if (string.IsNullOrWhiteSpace(text)) throw new InvalidDataException($"{at}: field \"text\" is empty");
            texts.Add(text);
            where.Add(at);
        }
        if (texts.Count == 0) throw new InvalidDataException($"{path}: the history has no items");
        return (texts, where);
    }
}
