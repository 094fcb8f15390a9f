namespace Pipeline.Deployment.Targets;

/// <summary>Polls an HTTP health path until it answers 2xx, the instance dies, or the timeout passes.</summary>
internal static class Readiness
{
    public static async Task<(bool Ready, string Detail)> WaitAsync(
        string url, Func<Task<bool>> stillRunning, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var started = time.GetTimestamp();
        var last = "no answer yet";
        while (time.GetElapsedTime(started) < timeout)
        {
            try
            {
                using var response = await client.GetAsync(url, ct);
                if (response.IsSuccessStatusCode) return (true, $"ready after {time.GetElapsedTime(started).TotalSeconds:F1} s");
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = e.Message;
            }
            if (!await stillRunning()) return (false, $"exited before it was ready (last probe of {url}: {last})");
            await Task.Delay(TimeSpan.FromMilliseconds(150), time, ct);
        }
        return (false, $"not ready within {timeout.TotalSeconds:F0} s (last probe of {url}: {last})");
    }
}
