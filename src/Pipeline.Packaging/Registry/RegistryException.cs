using System.Net;

namespace Pipeline.Packaging.Registry;

/// <summary>A registry refused or broke a request: which registry, what was asked, the status and its message, and a fix.</summary>
public sealed class RegistryException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}
