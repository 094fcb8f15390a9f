namespace Pipeline.Build.Tests.Support;

public enum Stage
{
    Dev,
    Staging,
    Production,
}
