using System.Globalization;
using System.Text;

namespace AlignLab.Reports.Plots;

/// <summary>
/// Writes SVG elements as text. Every number goes through <see cref="Num"/> so the output is byte-identical
/// on every machine and culture: reports are diffed between runs.
/// </summary>
internal sealed class SvgBuilder
{
    private const string Font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";
    private readonly StringBuilder _text = new();

    public SvgBuilder(double width, double height)
    {
        _text.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Num(width))
             .Append("\" height=\"").Append(Num(height))
             .Append("\" viewBox=\"0 0 ").Append(Num(width)).Append(' ').Append(Num(height)).Append("\">\n");
        Rect(0, 0, width, height, "#ffffff");
    }

    /// <summary>Pixel coordinates with two decimals at most: finer is invisible and only bloats the file.</summary>
    public static string Num(double value)
    {
        double rounded = Math.Round(value, 2);
        return (rounded == 0 ? 0.0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                // XML 1.0 forbids most control characters; a stray one must not make the whole figure unreadable.
                default: sb.Append(c < ' ' && c != '\t' && c != '\n' && c != '\r' ? ' ' : c); break;
            }
        }
        return sb.ToString();
    }

    public void Raw(string fragment) => _text.Append(fragment);

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        _text.Append("<line x1=\"").Append(Num(x1)).Append("\" y1=\"").Append(Num(y1))
             .Append("\" x2=\"").Append(Num(x2)).Append("\" y2=\"").Append(Num(y2))
             .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(Num(width)).Append('"');
        if (dash is not null) _text.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        _text.Append("/>\n");
    }

    public void Rect(double x, double y, double width, double height, string fill, string? stroke = null)
    {
        _text.Append("<rect x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y))
             .Append("\" width=\"").Append(Num(Math.Max(0, width))).Append("\" height=\"").Append(Num(Math.Max(0, height)))
             .Append("\" fill=\"").Append(fill).Append('"');
        if (stroke is not null) _text.Append(" stroke=\"").Append(stroke).Append("\" stroke-width=\"1\"");
        _text.Append("/>\n");
    }

    public void Circle(double cx, double cy, double r, string fill)
    {
        _text.Append("<circle cx=\"").Append(Num(cx)).Append("\" cy=\"").Append(Num(cy))
             .Append("\" r=\"").Append(Num(r)).Append("\" fill=\"").Append(fill).Append("\"/>\n");
    }

    public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width, string? dash)
    {
        _text.Append("<polyline fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(Num(width))
             .Append("\" stroke-linejoin=\"round\"");
        if (dash is not null) _text.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        _text.Append(" points=\"");
        for (int i = 0; i < points.Count; i++)
        {
            if (i > 0) _text.Append(' ');
            _text.Append(Num(points[i].X)).Append(',').Append(Num(points[i].Y));
        }
        _text.Append("\"/>\n");
    }

    /// <summary>Plain text; <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> in degrees about the anchor.</summary>
    public void Text(double x, double y, string text, string anchor = "start", double size = 12,
                     string fill = "#222222", double rotate = 0, bool bold = false)
    {
        TextOpen(x, y, anchor, size, fill, rotate, bold);
        _text.Append(Escape(text)).Append("</text>\n");
    }

    /// <summary>Text whose content is already SVG markup (e.g. a superscript tspan); the caller escapes.</summary>
    public void TextMarkup(double x, double y, string markup, string anchor = "start", double size = 12, string fill = "#222222")
    {
        TextOpen(x, y, anchor, size, fill, 0, false);
        _text.Append(markup).Append("</text>\n");
    }

    private void TextOpen(double x, double y, string anchor, double size, string fill, double rotate, bool bold)
    {
        _text.Append("<text x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y))
             .Append("\" text-anchor=\"").Append(anchor).Append("\" font-size=\"").Append(Num(size))
             .Append("\" fill=\"").Append(fill).Append("\" ").Append(Font);
        if (bold) _text.Append(" font-weight=\"bold\"");
        if (rotate != 0)
            _text.Append(" transform=\"rotate(").Append(Num(rotate)).Append(' ').Append(Num(x)).Append(' ').Append(Num(y)).Append(")\"");
        _text.Append('>');
    }

    /// <summary>Rough width of a label in pixels, for layout only (no font metrics without a renderer).</summary>
    public static double TextWidth(string text, double size = 12) => text.Length * size * 0.6;

    public override string ToString() => _text.ToString() + "</svg>\n";
}
