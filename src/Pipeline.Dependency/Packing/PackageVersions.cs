using System.Text.RegularExpressions;

namespace Pipeline.Dependency.Packing;

/// <summary>NuGet versions of registry versions: v&lt;n&gt; → n.0.0; a label that already is a NuGet version stays; anything else → &lt;number&gt;.0.0.</summary>
public static partial class PackageVersions
{
    public static string From(string version, long number)
    {
        if (RegistryLabel().Match(version) is { Success: true } m) return $"{long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)}.0.0";
        if (NuGetVersion().IsMatch(version)) return version;
        return $"{number}.0.0";
    }

    [GeneratedRegex(@"^v(\d{1,9})$")]
    private static partial Regex RegistryLabel();

    [GeneratedRegex(@"^\d{1,9}(\.\d{1,9}){1,3}(-[0-9A-Za-z][0-9A-Za-z.-]*)?$")]
    private static partial Regex NuGetVersion();
}
