using Pipeline.Packaging.Release;
using Pipeline.Testing;

namespace Pipeline.Packaging.Tests.Release;

public sealed class ImageReleaseSourcesTests
{
    [Fact]
    public void ProjectClosure_ModelServer_HoldsEveryProjectItReferences()
    {
        // The published server is built from a copy of these folders: a project the server references but the copy lacks fails the
        // publish (Pipeline.Protocol did, once, when it was added to the server but not to a hand-kept list).
        var src = Path.Combine(CheckoutRoot.Path, "src");
        var closure = ImageRelease.ProjectClosure(Path.Combine(src, "Pipeline.Serving", "Pipeline.Serving.csproj"))
            .Select(Path.GetFileName).ToList();
        Assert.Equal(["Pipeline.Core", "Pipeline.Onnx", "Pipeline.Protocol", "Pipeline.Serving"], closure);
    }
}
