using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Pipeline.Core.Errors;

namespace Pipeline.Dependency.Packing;

/// <summary>
/// Compiles the generated predictor with Roslyn against the .NET reference assemblies of the running SDK and the ONNX Runtime
/// assembly the pipeline itself scores with; deterministic, so the same model and version give the same bytes.
/// </summary>
public static class PredictorCompiler
{
    /// <summary>The package's target framework folder (lib/&lt;tfm&gt;/).</summary>
    public const string TargetFramework = "net10.0";

    public sealed record Compiled(byte[] Assembly, byte[] Documentation);

    public static Compiled Compile(string assemblyName, string source, string onnxFile, string resourceName)
    {
        var tree = CSharpSyntaxTree.ParseText(Microsoft.CodeAnalysis.Text.SourceText.From(source, System.Text.Encoding.UTF8), new CSharpParseOptions(LanguageVersion.CSharp12, DocumentationMode.Diagnose), path: $"{assemblyName}.g.cs");
        var compilation = CSharpCompilation.Create(assemblyName, [tree], References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, deterministic: true,
                nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        using var docs = new MemoryStream();
        var resources = new[] { new ResourceDescription(resourceName, () => File.OpenRead(onnxFile), isPublic: true) };
        var result = compilation.Emit(assembly, xmlDocumentationStream: docs, manifestResources: resources,
            options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        if (!result.Success)
        {
            // A generator bug, not a user's mistake: show the compiler's words with the lines they point at.
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(d => d.ToString());
            throw new InvalidOperationException($"the generated predictor {assemblyName} does not compile:\n  {string.Join("\n  ", errors)}");
        }
        return new Compiled(assembly.ToArray(), docs.ToArray());
    }

    /// <summary>The reference assemblies: packs/Microsoft.NETCore.App.Ref of this runtime's major version, plus ONNX Runtime's managed assembly.</summary>
    private static IEnumerable<MetadataReference> References()
    {
        var references = ReferencePack().Select(p => MetadataReference.CreateFromFile(p)).ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.Location));
        return references;
    }

    private static IEnumerable<string> ReferencePack()
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();   // <root>/shared/Microsoft.NETCore.App/<version>/
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        var major = Environment.Version.Major;
        var folder = Directory.Exists(packs)
            ? Directory.GetDirectories(packs).Where(d => Path.GetFileName(d).StartsWith($"{major}.", StringComparison.Ordinal))
                .Select(d => Path.Combine(d, "ref", $"net{major}.0")).Where(Directory.Exists)
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))!).Split('-')[0], out var v) ? v : new Version())
                .FirstOrDefault()
            : null;
        return folder is null
            ? throw new UserInputException($"PackageNuGet compiles the predictor against the .NET {major} reference assemblies, and {packs}/{major}.*/ref/net{major}.0 does not exist. " +
                                           $"Fix: run the build with the .NET {major} SDK (not only the runtime) installed under {root}")
            : Directory.GetFiles(folder, "*.dll");
    }

    /// <summary>The version of the Microsoft.ML.OnnxRuntime package the pipeline scores with (the package's dependency).</summary>
    public static string OnnxRuntimeVersion()
    {
        var assembly = typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] is { Length: > 0 } v ? v : assembly.GetName().Version!.ToString(3);
    }
}
