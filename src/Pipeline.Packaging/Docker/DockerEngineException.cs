using System.Net;

namespace Pipeline.Packaging.Docker;

/// <summary>The engine refused a request: which operation, the HTTP status and the engine's own message.</summary>
public sealed class DockerEngineException(string operation, HttpStatusCode status, string message)
    : Exception($"Docker engine: {operation} failed with {(int)status} {status}: {message}")
{
    public string Operation { get; } = operation;
    public HttpStatusCode Status { get; } = status;
    public string EngineMessage { get; } = message;
}

/// <summary>No engine answers at the endpoint (not installed, not started, or no permission on the socket).</summary>
public sealed class DockerUnavailableException(DockerEndpoint endpoint, Exception inner)
    : Exception($"No Docker engine answers at {endpoint} ({inner.Message}). Start one with `sudo .ci/install/30-docker.sh`, or set DOCKER_HOST.", inner)
{
    public DockerEndpoint Endpoint { get; } = endpoint;
}
