using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Build;

/// <summary>The output of one run: masked stdout/stderr, Spectre rendering on a TTY, plain lines in CI or when redirected.</summary>
public sealed class BuildConsole
{
    private readonly Lock _gate = new();

    public BuildConsole(TextWriter stdout, TextWriter stderr, SecretMasker masker, bool interactive, int width = 120)
    {
        Masker = masker;
        Out = stdout is MaskingTextWriter ? stdout : new MaskingTextWriter(stdout, masker);
        Error = stderr is MaskingTextWriter ? stderr : new MaskingTextWriter(stderr, masker);
        Interactive = interactive;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No, // our masking writer hides the TTY from Spectre's detection
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive) Ansi.Profile.Width = width;
    }

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public SecretMasker Masker { get; }

    /// <summary>True on a TTY outside CI: colours and live progress.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Ansi { get; }

    private int _liveDisplays;

    internal bool LiveDisplayActive => Volatile.Read(ref _liveDisplays) > 0;

    internal void LiveDisplayStarted() => Interlocked.Increment(ref _liveDisplays);

    internal void LiveDisplayEnded() => Interlocked.Decrement(ref _liveDisplays);

    public void Line(string text)
    {
        lock (_gate)
        {
            // Through Spectre only while a live display owns the screen (it re-draws below the line); else raw, never wrapped.
            if (LiveDisplayActive) Ansi.MarkupLine(Markup.Escape(Masker.Apply(text)));
            else Out.WriteLine(text);
            Out.Flush();
        }
    }

    public void Warning(string text)
    {
        lock (_gate)
        {
            if (LiveDisplayActive) Ansi.MarkupLine($"[yellow]{Markup.Escape(Masker.Apply(text))}[/]");
            else if (Interactive) Out.WriteLine($"\u001b[33m{text}\u001b[0m");
            else Out.WriteLine("WARNING: " + text);
            Out.Flush();
        }
    }

    public void ErrorLine(string text)
    {
        lock (_gate)
        {
            Error.WriteLine(Interactive ? $"\u001b[31m{text}\u001b[0m" : "ERROR: " + text);
            Error.Flush();
        }
    }

    public void Header(string title)
    {
        lock (_gate)
        {
            if (Interactive) Ansi.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
            else Out.WriteLine($"═══ {title} ═══");
            Out.Flush();
        }
    }

    public void Render(IRenderable renderable)
    {
        lock (_gate)
        {
            Ansi.Write(renderable);
            Out.Flush();
        }
    }
}
