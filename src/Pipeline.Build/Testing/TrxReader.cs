using System.Xml.Linq;

namespace Pipeline.Build.Testing;

/// <summary>Reads the counters of a Visual Studio TRX result file (<c>dotnet test --logger trx</c>).</summary>
public static class TrxReader
{
    public static TestCounts Read(string path)
    {
        var doc = XDocument.Load(path);
        var counters = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters")
                       ?? throw new InvalidDataException($"{path}: no <Counters> element; is this a TRX file?");
        int Get(string name) => int.TryParse(counters.Attribute(name)?.Value, out var v) ? v : 0;
        // xunit reports skipped tests as NotExecuted.
        return new TestCounts(Get("passed"), Get("failed") + Get("error") + Get("timeout") + Get("aborted"), Get("notExecuted"));
    }
}
