using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Oci;
using Pipeline.Packaging.Registry;
using Pipeline.Packaging.Tests.Support;

namespace Pipeline.Packaging.Tests.Registry;

public sealed class RegistryClientTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task PushAndPull_OfflineBaseAndModelImage_RoundTripByDigestThroughBearerAuth()
    {
        await using var registry = new LocalRegistry();
        await registry.StartAsync();
        var app = await FixturePublisher.TinyServerAsync();
        var writer = new LayerWriter(TestImages.LayerCache);
        var offline = TestImages.OfflineBase(app, writer);
        using var client = new RegistryClient(new RegistryCredentials(registry.Tokens.Username, registry.Tokens.Password));

        // The offline base goes to the registry and comes back by digest, byte for byte.
        var baseImage = offline.ToImage();
        var pushedBase = await client.PushAsync(baseImage, ImageReference.Parse($"{registry.Address}/pipeline/base:offline"));
        Assert.Equal(baseImage.Digest, pushedBase.Digest);
        var pulledBase = await client.PullAsync(ImageReference.Parse(pushedBase.ToString()), _temp.Subdirectory("pulled"));
        Assert.Equal(baseImage.ManifestBytes, pulledBase.ManifestBytes);
        Assert.Equal(baseImage.ConfigBytes, pulledBase.ConfigBytes);
        Assert.Equal(File.ReadAllBytes(offline.Layers[0].Path), File.ReadAllBytes(pulledBase.Layers[0].Path));
        Assert.True(registry.Tokens.Requests > 0, "the client never asked the token service: bearer auth was not exercised");

        // A model image built on the pulled base equals one built on the local base, and round-trips by digest too.
        var model = _temp.File("model.onnx");
        File.WriteAllBytes(model, [4, 2]);
        var packager = new ModelImagePackager(writer);
        var fromLocal = packager.Package(TestImages.Request(app, model, "pipeline/tiny:1"), offline, _temp.File("local.tar"));
        var fromRegistry = packager.Package(TestImages.Request(app, model, "pipeline/tiny:1"),
            BaseImage.From(pulledBase, offline.Reference), _temp.File("remote.tar"));
        Assert.Equal(fromLocal.Digest, fromRegistry.Digest);

        var pushed = await client.PushAsync(fromLocal.Image, ImageReference.Parse($"{registry.Address}/pipeline/tiny:1"));
        Assert.Equal($"{registry.Address}/pipeline/tiny@{fromLocal.Digest}", pushed.ToString());
        var byTag = await client.PullAsync(ImageReference.Parse($"{registry.Address}/pipeline/tiny:1"), _temp.Subdirectory("by-tag"));
        Assert.Equal(fromLocal.Digest, byTag.Digest);
        Assert.Equal(fromLocal.Image.Layers.Select(l => l.Descriptor.Digest), byTag.Layers.Select(l => l.Descriptor.Digest));
    }

    [Fact]
    public async Task Push_WrongPassword_FailsNamingTheTokenServiceAndTheFix()
    {
        await using var registry = new LocalRegistry();
        await registry.StartAsync();
        using var client = new RegistryClient(new RegistryCredentials(registry.Tokens.Username, "wrong"));
        var config = OciJson.Serialize(new ImageConfig());

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.UploadBlobAsync(ImageReference.Parse($"{registry.Address}/pipeline/x"), OciJson.Digest(config), config.Length, () => new MemoryStream(config)));

        Assert.Contains("token service", error.Message);
        Assert.Contains("401", error.Message);
        Assert.Contains("PIPELINE_REGISTRY_PASSWORD", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:5000/pipeline/fraud:3", "127.0.0.1:5000", "pipeline/fraud", "3", null)]
    [InlineData("debian:bookworm-slim", "registry-1.docker.io", "library/debian", "bookworm-slim", null)]
    [InlineData("localhost/a/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "localhost", "a/b", null,
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Parse_References_SplitsRegistryRepositoryTagDigest(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal((registry, repository, tag, digest), (reference.Registry, reference.Repository, reference.Tag, reference.Digest));
    }

    [Fact]
    public void ParseChallenge_BearerWithQuotedScope_KeepsCommas()
    {
        var challenge = AuthChallenge.Parse("""Bearer realm="http://127.0.0.1:1/token",service="reg",scope="repository:a/b:pull,push" """);
        Assert.Equal(("Bearer", "http://127.0.0.1:1/token", "reg", "repository:a/b:pull,push"),
            (challenge!.Scheme, challenge.Realm, challenge.Service, challenge.Scope));
    }

    public void Dispose() => _temp.Dispose();
}
