using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Pipeline.Dependency.Tests.Support;

/// <summary>
/// A console app, as a team would write one, that references model packages from a local folder feed and prints each package's
/// predictions for a JSON file of rows. Built once with the real `dotnet build` (restore from the feed only; ONNX Runtime from this
/// machine's package folder as a fallback, so nothing is downloaded and a package id never resolves to a stale copy).
/// </summary>
public sealed class ConsoleApp
{
    private readonly string _directory;

    public ConsoleApp(string directory) => _directory = directory;

    /// <summary>A package the app uses: its id, version, generated type prefix and task.</summary>
    public sealed record Reference(string Id, string Version, string TypePrefix, string Task);

    /// <summary>Writes the project, nuget.config and Program.cs, then builds it; returns the app's dll.</summary>
    public string Build(string feed, IReadOnlyList<Reference> packages)
    {
        Directory.CreateDirectory(_directory);
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } g
            ? g : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(_directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{_directory}-packages" /></config>
              <packageSources><clear /><add key="models" value="{feed}" /></packageSources>
              <fallbackPackageFolders><clear /><add key="machine" value="{globalPackages}" /></fallbackPackageFolders>
            </configuration>
            """);
        // Empty props/targets: the app is a stranger's project, not part of the repository that may be above this folder.
        File.WriteAllText(Path.Combine(_directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(_directory, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(_directory, "ModelApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", packages.Select(p => $"    <PackageReference Include=\"{p.Id}\" Version=\"[{p.Version}]\" />"))}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_directory, "Program.cs"), Program(packages));
        // No compiler server or MSBuild node outlives the test.
        Run("dotnet", "build", "-c", "Release", "-nologo", "-v", "q", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        return Path.Combine(_directory, "bin", "Release", "net10.0", "ModelApp.dll");
    }

    /// <summary>Runs the app on one rows file per package (in order); per package the batch's values per row and the single-row prediction of row 0.</summary>
    public IReadOnlyList<AppAnswer> Predict(string dll, IReadOnlyList<string> rowFiles)
    {
        var output = Run("dotnet", [dll, .. rowFiles]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<AppAnswer>(l)!).ToList();
    }

    public sealed record AppAnswer(string Package, string Version, string Digest, float[][] Values, string[] Decisions, float[] Single);

    private static string Program(IReadOnlyList<Reference> packages)
    {
        var sb = new StringBuilder("using System.Text.Json;\n\n");
        for (var i = 0; i < packages.Count; i++)
        {
            var p = packages[i];
            var values = p.Task switch
            {
                "multiclass" => "x.Probabilities.ToArray()",
                "regression" => "new[] { x.Value }",
                _ => "new[] { x.Probability }",
            };
            var decision = p.Task switch
            {
                "multiclass" => "x.ClassName",
                "regression" => "x.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)",
                _ => "x.IsPositive ? \"positive\" : \"negative\"",
            };
            sb.AppendLine($$"""
                {
                    var rows = JsonSerializer.Deserialize<{{p.Id}}.{{p.TypePrefix}}Row[]>(File.ReadAllText(args[{{i}}]))!;
                    using var model = new {{p.Id}}.{{p.TypePrefix}}Model();
                    var batch = model.PredictBatch(rows);
                    var single = model.Predict(rows[0]);
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        Package = "{{p.Id}}", Version = {{p.Id}}.{{p.TypePrefix}}Model.Version, Digest = {{p.Id}}.{{p.TypePrefix}}Model.ModelDigest,
                        Values = batch.Select(x => {{values}}).ToArray(),
                        Decisions = batch.Select(x => {{decision}}).ToArray(),
                        Single = new[] { single }.Select(x => {{values}}).First(),
                    }));
                }
                """);
        }
        return sb.ToString();
    }

    private string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(" ", args)} exited {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
