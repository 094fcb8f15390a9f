using Microsoft.Playwright;

namespace Pipeline.Reports.Tests.Support;

/// <summary>
/// Debian's chromium driven by Playwright (no browser download: Playwright is pointed at the system executable). Every page opened
/// records its console errors and uncaught exceptions; screenshots go to the test-artifact folder.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    /// <summary>Where Debian installs it (.ci/install/60-chromium.sh).</summary>
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Console errors and page exceptions of every page opened so far.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Screenshots of the browser tests: .nuke/temp/test-artifacts/reports/ in the checkout (or PIPELINE_TEST_ARTIFACTS).</summary>
    public static string ArtifactDirectory =>
        Environment.GetEnvironmentVariable("PIPELINE_TEST_ARTIFACTS") is { Length: > 0 } custom
            ? Path.Combine(custom, "reports")
            : Path.Combine(Pipeline.Testing.CheckoutRoot.Path, ".nuke", "temp", "test-artifacts", "reports");

    public static async Task<Chromium> LaunchAsync()
    {
        // A missing browser fails the test with the fix; it never skips.
        Assert.True(File.Exists(Executable), $"{Executable} is missing: the browser tests drive Debian's chromium. Fix: run .ci/install/60-chromium.sh (or ./build.sh Setup).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new Chromium(playwright, browser);
    }

    public async Task<IPage> OpenAsync(string url, int width = 1280, int height = 900)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (Errors) Errors.Add($"console: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => { lock (Errors) Errors.Add($"page error: {error}"); };
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(url);
        return page;
    }

    /// <summary>A full-page screenshot saved as a test artifact; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactDirectory);
        var path = Path.Combine(ArtifactDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
