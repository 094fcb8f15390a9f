using System.Text.RegularExpressions;
using Pipeline.Build;
using Pipeline.Testing;

namespace Pipeline.Graph.Tests.Support;

/// <summary>
/// A temporary user repository for the real build graph: its own models/, data-contracts/, data/, .nuke/ and .artifacts/
/// (registry, store, deployments); the server and gateway are built from this checkout's src/ (--source-directory). Runs `./build.sh`'s graph in-process and stops what it deployed on dispose.
/// </summary>
public sealed partial class GraphRepository : IDisposable
{
    private readonly HashSet<string> _deployed = [];

    public GraphRepository(params string[] models)
    {
        Root = Directory.CreateTempSubdirectory("pipeline-graph-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
        CopyDirectory(Path.Combine(CheckoutRoot.Path, "data-contracts"), Path.Combine(Root, "data-contracts"));
        foreach (var model in models)
        {
            CopyDirectory(Path.Combine(CheckoutRoot.Path, "models", model), Path.Combine(Root, "models", model));
            if (model != "breast-cancer" && Directory.Exists(Path.Combine(CheckoutRoot.Path, "data", model)))
                CopyDirectory(Path.Combine(CheckoutRoot.Path, "data", model), Path.Combine(Root, "data", model));
        }
        if (Directory.Exists(Path.Combine(CheckoutRoot.Path, "data", "breast-cancer")))
            CopyDirectory(Path.Combine(CheckoutRoot.Path, "data", "breast-cancer"), Path.Combine(Root, "data", "breast-cancer"));
        File.WriteAllText(Path.Combine(Root, ".gitignore"), ".artifacts/\n.nuke/temp/\n/data/generated/\n");
        // A user's repository is a git repository: images take their revision and reproducible timestamp from its commit.
        Git("init", "-q");
        Git("add", "-A");
        Git("-c", "user.name=Graph Test", "-c", "user.email=graph@test.invalid", "commit", "-q", "-m", "models");
    }

    public string Root { get; }

    public string ModelFile(string model) => Path.Combine(Root, "models", model, "model.yaml");

    /// <summary>Replaces a top-level section of a model.yaml (e.g. <c>benchmark</c>) with the given YAML lines.</summary>
    public void SetSection(string model, string section, string yaml)
    {
        var text = File.ReadAllText(ModelFile(model));
        var pattern = new Regex($@"^{section}:\n(?:(?:[ \t]+.*|[ \t]*#.*|)\n)*", RegexOptions.Multiline);
        if (!pattern.IsMatch(text)) throw new InvalidOperationException($"{ModelFile(model)} has no {section}: section");
        File.WriteAllText(ModelFile(model), pattern.Replace(text, $"{section}:\n{yaml.TrimEnd()}\n\n", 1));
    }

    public void Edit(string model, string from, string to)
    {
        var text = File.ReadAllText(ModelFile(model));
        if (!text.Contains(from, StringComparison.Ordinal)) throw new InvalidOperationException($"{ModelFile(model)} does not contain \"{from}\"");
        File.WriteAllText(ModelFile(model), text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Runs the graph in-process, as <c>./build.sh args…</c> would in this repository.</summary>
    public GraphRun Run(params string[] args)
    {
        var model = args.SkipWhile(a => a != "--model").Skip(1).FirstOrDefault() ?? "fraud-detector";
        if (args.Contains("DeployCanary")) _deployed.Add(model);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var result = BuildHost.Run<global::Build>(new BuildInvocation
        {
            Arguments = args,
            RootDirectory = Root,
            Environment = name => name switch
            {
                "CI" => "true",
                "PIPELINE_SOURCE_DIRECTORY" => CheckoutRoot.Path,
                _ => Environment.GetEnvironmentVariable(name),
            },
            Out = stdout,
            Error = stderr,
            Interactive = false,
            ReadGit = false,
        });
        return new GraphRun(result, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        foreach (var model in _deployed)
        {
            try
            {
                Run("Down", "--model", model, "--target", "process");
            }
            catch (Exception)
            {
                // Best effort: the temp folder's processes are also found by their deploy directory on the next run.
            }
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Git(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var git = System.Diagnostics.Process.Start(start)!;
        var error = git.StandardError.ReadToEnd();
        git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(" ", args)} in {Root} failed: {error}");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
