using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pipeline.Packaging.Docker.Models;

namespace Pipeline.Packaging.Docker;

public sealed partial class DockerEngineClient
{
    /// <summary><c>POST /images/load</c>: loads a <c>docker save</c>-format tar (as written by <see cref="Images.ImageArchiveWriter"/>).</summary>
    public async Task<ImageLoadResult> LoadImageAsync(string archivePath, CancellationToken ct = default)
    {
        await using var file = File.OpenRead(archivePath);
        var request = new HttpRequestMessage(HttpMethod.Post, "images/load?quiet=1") { Content = new StreamContent(file, 1 << 16) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await SendAsync(request, $"load {Path.GetFileName(archivePath)}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var loaded = new List<string>();
        // The answer is a stream of JSON messages; errors arrive here with status 200.
        foreach (var message in ReadJsonMessages(body))
        {
            if (message.TryGetProperty("error", out var error))
                throw new DockerEngineException($"load {Path.GetFileName(archivePath)}", HttpStatusCode.OK, error.GetString() ?? "unknown error");
            if (message.TryGetProperty("stream", out var stream) && stream.GetString() is { } text)
            {
                foreach (var prefix in new[] { "Loaded image: ", "Loaded image ID: " })
                {
                    var at = text.IndexOf(prefix, StringComparison.Ordinal);
                    if (at >= 0)
                        loaded.Add(text[(at + prefix.Length)..].Trim());
                }
            }
        }
        return new ImageLoadResult { Loaded = loaded };
    }

    /// <summary><c>POST /images/{name}/tag</c>.</summary>
    public async Task TagImageAsync(string image, string repository, string tag, CancellationToken ct = default)
    {
        using var _ = await PostAsync($"images/{Escape(image)}/tag?repo={Escape(repository)}&tag={Escape(tag)}", null, $"tag {image} as {repository}:{tag}", ct);
    }

    /// <summary><c>GET /images/{name}/json</c>; null when the engine has no such image.</summary>
    public Task<ImageInspect?> InspectImageAsync(string image, CancellationToken ct = default) =>
        GetJsonOrNullAsync<ImageInspect>($"images/{Escape(image)}/json", $"inspect image {image}", ct);

    /// <summary><c>DELETE /images/{name}</c>; an absent image is not an error.</summary>
    public async Task RemoveImageAsync(string image, bool force = false, CancellationToken ct = default)
    {
        using var _ = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"images/{Escape(image)}?force={(force ? 1 : 0)}"),
            $"remove image {image}", ct, HttpStatusCode.NotFound);
    }

    private static List<JsonElement> ReadJsonMessages(string body)
    {
        var messages = new List<JsonElement>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(body), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                continue;
            using var doc = JsonDocument.ParseValue(ref reader);
            messages.Add(doc.RootElement.Clone());
        }
        return messages;
    }
}
