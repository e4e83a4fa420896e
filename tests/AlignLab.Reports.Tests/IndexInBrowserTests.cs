using System.Text.Json;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AlignLab.Reports.Tests;

/// <summary>
/// Opens <c>reports/index.html</c> in headless Chromium (Debian's <c>chromium</c>, driven by Playwright through its
/// executable path; nothing is downloaded) and checks what a reader would: every figure renders, every link lands.
/// Without a Chromium the test says so and passes, unless <c>ALIGNLAB_REQUIRE_BROWSER=1</c> (CI sets it).
/// </summary>
public class IndexInBrowserTests(ITestOutputHelper output)
{
    private static string? FindChromium()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("ALIGNLAB_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        return null;
    }

    [Fact]
    public async Task EveryFigureRendersAndEveryLinkResolves()
    {
        string? chromium = FindChromium();
        if (chromium is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("ALIGNLAB_REQUIRE_BROWSER") != "1",
                "ALIGNLAB_REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium, or set ALIGNLAB_CHROMIUM)");
            output.WriteLine("No Chromium at /usr/bin/chromium (apt-get install chromium): the index was not checked in a browser.");
            return;
        }

        using var temp = new TempFolder();
        var run = new RunInfo(ExperimentSize.Quick, 1, 1, 1.0, DateTimeOffset.UnixEpoch);
        ReportWriter.Write(SampleReports.Make(), temp.Path, run);
        ReportWriter.Write(WithEveryPlotKind(), temp.Path, run);
        string index = ReportIndex.Write(temp.Path);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.GotoAsync(new Uri(index).AbsoluteUri);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Lazy images outside the viewport are not fetched: scroll each into view before asking for its size.
        int images = await page.EvaluateAsync<int>("document.images.length");
        Assert.Equal(4, images);
        for (int i = 0; i < images; i++)
        {
            await page.Locator("img").Nth(i).ScrollIntoViewIfNeededAsync();
            var size = await page.Locator("img").Nth(i).EvaluateAsync<JsonElement>("img => img.decode().then(() => [img.naturalWidth, img.naturalHeight], () => [0, 0])");
            string alt = await page.Locator("img").Nth(i).GetAttributeAsync("alt") ?? "?";
            Assert.True(size[0].GetInt32() > 0 && size[1].GetInt32() > 0, $"figure '{alt}' does not render");
        }

        var hrefs = await page.EvaluateAsync<string[]>("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))");
        Assert.NotEmpty(hrefs);
        foreach (string href in hrefs)
            if (href.StartsWith('#'))
                Assert.True(await page.EvaluateAsync<bool>("id => document.getElementById(id) !== null", href[1..]), $"anchor {href} has no target");
            else
                Assert.True(File.Exists(Path.Combine(temp.Path, Uri.UnescapeDataString(href))), $"link {href} points at no file");
        Assert.Empty(errors);
    }

    private static Report WithEveryPlotKind()
    {
        var report = SampleReports.Make("dynamics/landscape", "Every plot kind");
        var bars = new BarPlot { Title = "Success", YLabel = "rate", Categories = ["D = 8", "D = 16"] };
        bars.Groups.Add(new BarGroup("softmax", [0.2, 0.6], [0.05, 0.05]));
        report.Figures.Add(new Figure("bars", "Bars with error bars", bars.ToSvg()));
        var heat = new Heatmap { Title = "Loss", Values = new double[,] { { 1, 2 }, { 3, 4 } }, RowLabels = ["a", "b"], ColumnLabels = ["x", "y"] };
        report.Figures.Add(new Figure("heat", "A heatmap", heat.ToSvg()));
        return report;
    }
}
