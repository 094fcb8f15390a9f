using System.Runtime.InteropServices;

namespace Pipeline.Deployment.Targets.Docker;

/// <summary>Real uid/gid of this process (libc getuid/getgid).</summary>
internal static partial class CurrentUser
{
    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "getgid")]
    private static partial uint GetGid();

    public static uint Uid => GetUid();
    public static uint Gid => GetGid();
}
