using System.Text.RegularExpressions;

namespace Pipeline.Build;

/// <summary>Console output for targets; goes to the current run's console (secrets masked), or stdout outside a run.</summary>
public static partial class Log
{
    private static readonly AsyncLocal<BuildConsole?> CurrentConsole = new();

    /// <summary>The console of the run on this async flow, if any.</summary>
    public static BuildConsole? Current
    {
        get => CurrentConsole.Value;
        internal set => CurrentConsole.Value = value;
    }

    public static void Information(string message, params object?[] args) => Write(Format(message, args), 0);

    public static void Warning(string message, params object?[] args) => Write(Format(message, args), 1);

    public static void Error(string message, params object?[] args) => Write(Format(message, args), 2);

    private static void Write(string text, int level)
    {
        var console = Current;
        if (console is null)
        {
            (level == 2 ? System.Console.Error : System.Console.Out).WriteLine(text);
            return;
        }
        switch (level)
        {
            case 0: console.Line(text); break;
            case 1: console.Warning(text); break;
            default: console.ErrorLine(text); break;
        }
    }

    /// <summary>Fills Serilog-style placeholders (<c>{Name}</c>) with the arguments in order.</summary>
    internal static string Format(string message, object?[] args)
    {
        if (args.Length == 0) return message;
        var i = 0;
        return Placeholder().Replace(message, m => i < args.Length ? Convert.ToString(args[i++], System.Globalization.CultureInfo.InvariantCulture) ?? "" : m.Value);
    }

    [GeneratedRegex(@"\{[^{}]+\}")]
    private static partial Regex Placeholder();
}
