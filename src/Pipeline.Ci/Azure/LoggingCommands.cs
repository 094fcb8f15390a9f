namespace Pipeline.Ci.Azure;

/// <summary>Azure Pipelines logging commands (<c>##vso[…]</c>) with the agent's escaping.</summary>
public static class LoggingCommands
{
    public static string LogIssue(string type, string message, string? sourcePath = null, int? lineNumber = null)
    {
        var properties = "type=" + EscapeProperty(type);
        if (sourcePath is not null) properties += ";sourcepath=" + EscapeProperty(sourcePath);
        if (lineNumber is not null) properties += ";linenumber=" + lineNumber.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"##vso[task.logissue {properties}]{EscapeData(message)}";
    }

    public static string SetOutputVariable(string name, string value) =>
        $"##vso[task.setvariable variable={EscapeProperty(name)};isOutput=true]{EscapeData(value)}";

    public static string UploadSummary(string markdownFile) => $"##vso[task.uploadsummary]{EscapeData(markdownFile)}";

    internal static string EscapeData(string value) =>
        value.Replace("%", "%AZP25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    internal static string EscapeProperty(string value) =>
        EscapeData(value).Replace(";", "%3B", StringComparison.Ordinal).Replace("]", "%5D", StringComparison.Ordinal);
}
