using System.Net;
using Docker.DotNet.Models;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Packaging.Docker;

public sealed partial class DockerEngineClient
{
    /// <summary>Loads a <c>docker save</c>-format tar (as written by <see cref="Images.ImageArchiveWriter"/>).</summary>
    public Task<ImageLoadResult> LoadImageAsync(string archivePath, CancellationToken ct = default) =>
        CallAsync($"load {Path.GetFileName(archivePath)}", async () =>
        {
            await using var file = File.OpenRead(archivePath);
            var messages = new Messages();
            await _docker.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, file, messages, ct);
            var loaded = new List<string>();
            // The answer is a stream of JSON messages; errors arrive here with status 200.
            foreach (var message in messages.All)
            {
                if (message.Error is { } error || !string.IsNullOrEmpty(message.ErrorMessage))
                    throw new DockerEngineException($"load {Path.GetFileName(archivePath)}", HttpStatusCode.OK,
                        message.Error?.Message ?? message.ErrorMessage ?? "unknown error");
                if (message.Stream is { } text)
                    foreach (var prefix in new[] { "Loaded image: ", "Loaded image ID: " })
                    {
                        var at = text.IndexOf(prefix, StringComparison.Ordinal);
                        if (at >= 0) loaded.Add(text[(at + prefix.Length)..].Trim());
                    }
            }
            return new ImageLoadResult { Loaded = loaded };
        });

    /// <summary>Tags an image.</summary>
    public Task TagImageAsync(string image, string repository, string tag, CancellationToken ct = default) =>
        CallAsync($"tag {image} as {repository}:{tag}", () => _docker.Images.TagImageAsync(image, new ImageTagParameters { RepositoryName = repository, Tag = tag }, ct));

    /// <summary>Inspects an image; null when the engine has no such image.</summary>
    public Task<ImageInspect?> InspectImageAsync(string image, CancellationToken ct = default) =>
        CallAsync<ImageInspect?>($"inspect image {image}", async () => Convert<ImageInspect>(await _docker.Images.InspectImageAsync(image, ct)), HttpStatusCode.NotFound);

    /// <summary>Removes an image; an absent image is not an error.</summary>
    public Task RemoveImageAsync(string image, bool force = false, CancellationToken ct = default) =>
        CallAsync($"remove image {image}", () => _docker.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = force }, ct), HttpStatusCode.NotFound);

    /// <summary>Collects progress messages synchronously (<see cref="Progress{T}"/> would post them to the thread pool, after the call returns).</summary>
    private sealed class Messages : IProgress<JSONMessage>
    {
        private readonly List<JSONMessage> _all = [];

        public IReadOnlyList<JSONMessage> All
        {
            get
            {
                lock (_all) return [.. _all];
            }
        }

        public void Report(JSONMessage value)
        {
            lock (_all) _all.Add(value);
        }
    }
}
