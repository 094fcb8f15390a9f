using Pipeline.Onnx.Runtime;
using Pipeline.Onnx.TestSets;

namespace Pipeline.Onnx.Tests.TestSets;

/// <summary>Runs one ONNX backend test case (model.onnx + test_data_set_*/input_*.pb, output_*.pb) and compares outputs.</summary>
internal static class OnnxTestCase
{
    public const double Rtol = 1e-3;
    public const double Atol = 1e-7;

    /// <summary>Returns null when every data set matches, else the reason it does not.</summary>
    public static string? Run(string caseDirectory)
    {
        InferenceSession session;
        try
        {
            session = InferenceSession.Open(Path.Combine(caseDirectory, "model.onnx"), new SessionOptions { IntraOpThreads = 1 });
        }
        catch (OnnxRuntimeException e)
        {
            return $"load: {e.Code}: {FirstLine(e.OrtMessage)}";
        }
        using (session)
        {
            var sets = Directory.GetDirectories(caseDirectory, "test_data_set_*").Order(StringComparer.Ordinal).ToArray();
            if (sets.Length == 0) return "no test_data_set_* folder";
            foreach (var set in sets)
            {
                var reason = RunSet(session, set);
                if (reason is not null) return $"{Path.GetFileName(set)}: {reason}";
            }
            return null;
        }
    }

    private static string? RunSet(InferenceSession session, string set)
    {
        var inputs = new List<KeyValuePair<string, OrtValue>>();
        try
        {
            var files = Directory.GetFiles(set, "input_*.pb").OrderBy(IndexOf).ToArray();
            for (var i = 0; i < files.Length; i++)
            {
                var proto = TensorProtoLoader.Read(files[i]);
                var name = session.Inputs.Any(n => n.Name == proto.Name) ? proto.Name
                    : i < session.Inputs.Count ? session.Inputs[i].Name : null;
                if (name is null) return $"{Path.GetFileName(files[i])} has no matching model input";
                if (session.Input(name).Type.Kind != OnnxValueKind.Tensor) return $"input {name} is {session.Input(name).Type} (the loader reads TensorProto only)";
                inputs.Add(new(name, TensorProtoLoader.ToOrtValue(proto)));
            }
            RunResult result;
            try
            {
                result = session.Run(inputs);
            }
            catch (OnnxRuntimeException e)
            {
                return $"run: {e.Code}: {FirstLine(e.OrtMessage)}";
            }
            var expectedFiles = Directory.GetFiles(set, "output_*.pb").OrderBy(IndexOf).ToArray();
            for (var i = 0; i < expectedFiles.Length; i++)
            {
                var proto = TensorProtoLoader.Read(expectedFiles[i]);
                var index = result.Names.ToList().IndexOf(proto.Name);
                var actual = result[index >= 0 ? index : i];
                var expected = TensorProtoLoader.ToManaged(proto);
                var mismatch = TensorComparer.Compare(expected, actual, Rtol, Atol);
                if (mismatch is not null) return $"output {result.Names[index >= 0 ? index : i]}: {mismatch}";
            }
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            return $"data: {e.Message}";
        }
        finally
        {
            foreach (var (_, v) in inputs) v.Dispose();
        }
    }

    private static int IndexOf(string file) => int.Parse(Path.GetFileNameWithoutExtension(file).Split('_')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static string FirstLine(string s) => s.Split('\n')[0];
}
