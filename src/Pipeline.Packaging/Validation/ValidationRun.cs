using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Pipeline.Core.Verdicts;
using Pipeline.Packaging.Docker;
using Pipeline.Packaging.Docker.Models;
using Pipeline.Packaging.Images;

namespace Pipeline.Packaging.Validation;

/// <summary>One validation: the state it builds up (container, checks, logs) and its cleanup.</summary>
internal sealed class ValidationRun(DockerEngineClient docker, TimeProvider time, ContainerValidationOptions options, PackagedImage image)
{
    private readonly List<Check> _checks = [];
    private string? _containerId;
    private bool _failed;

    public List<Check> Checks => _checks;
    public List<string> Notes { get; } = [];
    public IReadOnlyList<LogLine> Logs { get; private set; } = [];
    public double? ReadySeconds { get; private set; }

    public async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            await RunAsync(ct);
        }
        catch (Exception e) when (e is DockerEngineException or HttpRequestException or IOException or TaskCanceledException)
        {
            Fail("container run", e.GetType().Name, "no error", e.Message);
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var loaded = await docker.LoadImageAsync(image.ArchivePath, ct);
        var inspected = await docker.InspectImageAsync(image.Tag, ct);
        var loadedOk = inspected?.Id == image.ImageId;
        Add("image loaded", inspected?.Id ?? "not found", $"image ID {image.ImageId[..19]}…", loadedOk,
            loadedOk ? null : $"docker load reported [{string.Join(", ", loaded.Loaded)}]; the engine's image for {image.Tag} differs from the packaged one.");
        if (!loadedOk)
            return;

        var port = $"{options.ContainerPort}/tcp";
        var grpcPort = options.GrpcContainerPort is { } g ? $"{g}/tcp" : null;
        var exposed = new Dictionary<string, object> { [port] = new { } };
        var bindings = new Dictionary<string, IReadOnlyList<PortBinding>> { [port] = [new PortBinding { HostIp = "127.0.0.1" }] };
        if (grpcPort is not null)
        {
            exposed[grpcPort] = new { };
            bindings[grpcPort] = [new PortBinding { HostIp = "127.0.0.1" }];
        }
        var name = $"pipeline-validate-{image.ImageId[7..19]}-{Environment.ProcessId}-{time.GetTimestamp() % 100000}";
        var created = await docker.CreateContainerAsync(new ContainerCreateRequest
        {
            Image = image.Tag,
            Labels = new Dictionary<string, string> { [options.OwnerLabel] = image.Digest },
            ExposedPorts = exposed,
            HostConfig = new HostConfig
            {
                PortBindings = bindings,
                ReadonlyRootfs = options.ReadOnlyRootFilesystem,
                Tmpfs = options.ReadOnlyRootFilesystem ? new Dictionary<string, string> { ["/tmp"] = "rw,nosuid,nodev,size=64m" } : null,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
            },
        }, name, ct);
        _containerId = created.Id;
        await docker.StartContainerAsync(created.Id, ct);
        var started = time.GetTimestamp();

        var container = await docker.InspectContainerAsync(created.Id, ct);
        if (container?.HostPort(port) is not { } hostPort)
        {
            // A server that dies at once takes its port bindings with it: that is a failed start, not a packaging fault.
            if (container?.State is { Running: false } state) FailExited(state);
            else Fail("port published", "no host port", $"{port} on 127.0.0.1", "the engine did not publish the port; does the image expose it?");
            return;
        }
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{hostPort}"), Timeout = options.RequestTimeout };

        if (!await WaitReadyAsync(http, created.Id, started, ct))
            return;
        await CheckUserAsync(created.Id, ct);
        foreach (var golden in options.GoldenRequests)
            await CheckGoldenAsync(http, golden, ct);
        if (grpcPort is not null) await CheckGrpcAsync(container.HostPort(grpcPort), grpcPort, ct);
    }

    /// <summary>The gRPC port answers the KServe v2 API: ServerReady true, ServerMetadata, and each golden request sent as a ModelInfer call returns the golden outputs.</summary>
    private async Task CheckGrpcAsync(int? hostPort, string grpcPort, CancellationToken ct)
    {
        if (hostPort is null)
        {
            Fail("grpc port published", "no host port", $"{grpcPort} on 127.0.0.1", "the image does not expose its gRPC port; package it with the gRPC port in ExposedPorts");
            return;
        }
        try
        {
            using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{hostPort}");
            var client = new Pipeline.Protocol.Grpc.V2.GRPCInferenceService.GRPCInferenceServiceClient(channel);
            var deadline = time.GetUtcNow().UtcDateTime + options.RequestTimeout;
            var ready = await client.ServerReadyAsync(new Pipeline.Protocol.Grpc.V2.ServerReadyRequest(), deadline: deadline, cancellationToken: ct);
            var server = await client.ServerMetadataAsync(new Pipeline.Protocol.Grpc.V2.ServerMetadataRequest(), deadline: deadline, cancellationToken: ct);
            Add("grpc ready", ready.Ready ? "ready" : "not ready", "ServerReady = true", ready.Ready,
                ready.Ready ? null : "the gRPC API answers but reports not ready while REST is ready");
            Add("grpc metadata", server.Name, "ServerMetadata answers", server.Name.Length > 0, null);
            foreach (var golden in options.GoldenRequests) await CheckGrpcGoldenAsync(client, golden, deadline, ct);
        }
        catch (global::Grpc.Core.RpcException e)
        {
            Fail("grpc ready", e.StatusCode.ToString(), "ServerReady = true", $"{grpcPort}: {e.Status.Detail}; start the server with --grpc-port {grpcPort.Split('/')[0]}");
        }
    }

    /// <summary>The golden request through gRPC ModelInfer (raw tensor contents): the same outputs as REST and in-process ONNX Runtime.</summary>
    private async Task CheckGrpcGoldenAsync(Pipeline.Protocol.Grpc.V2.GRPCInferenceService.GRPCInferenceServiceClient client, GoldenRequest golden, DateTime deadline, CancellationToken ct)
    {
        var metric = $"golden grpc ModelInfer {golden.OutputName}";
        var model = golden.Path.Split('/') is [_, "v2", "models", var name, ..] ? name : null;
        var request = Pipeline.Protocol.Rest.InferenceJson.ReadRequest(Encoding.UTF8.GetBytes(golden.Body), null);
        if (model is null || !request.Ok)
        {
            Fail(metric, "not a v2 request", "a v2 infer golden request", $"{golden.Path}: the golden request cannot be sent over gRPC ({string.Join("; ", request.Problems.Select(p => $"{p.Field}: {p.Problem}"))})");
            return;
        }
        Pipeline.Protocol.Grpc.V2.ModelInferResponse answer;
        try
        {
            answer = await client.ModelInferAsync(Pipeline.Protocol.Grpc.GrpcTensors.WriteRequest(model, request.Value!, raw: true), deadline: deadline, cancellationToken: ct);
        }
        catch (global::Grpc.Core.RpcException e)
        {
            Fail(metric, e.StatusCode.ToString(), "OK", $"ModelInfer of the golden request failed over gRPC: {e.Status.Detail}");
            return;
        }
        var decoded = Pipeline.Protocol.Grpc.GrpcTensors.ReadResponse(answer);
        if (!decoded.Ok || decoded.Value!.Outputs.FirstOrDefault(o => o.Name == golden.OutputName) is not { Datatype: not "BYTES" } output)
        {
            Fail(metric, "output missing", $"output '{golden.OutputName}'", $"outputs: {string.Join(", ", answer.Outputs.Select(o => o.Name))}");
            return;
        }
        var actual = Enumerable.Range(0, output.Data.Length).Select(output.NumberAt).ToArray();
        CompareGolden(metric, golden, actual, "gRPC ");
    }

    private async Task<bool> WaitReadyAsync(HttpClient http, string id, long started, CancellationToken ct)
    {
        var threshold = ReadyThreshold;
        string lastProblem = "no answer yet";
        while (time.GetElapsedTime(started) < options.ReadyTimeout)
        {
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, probe.Token);
                using var response = await http.GetAsync(options.ReadyPath, linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    ReadySeconds = time.GetElapsedTime(started).TotalSeconds;
                    Add("ready", $"{ContainerValidator.Format(ReadySeconds.Value)} s", threshold, true, null);
                    return true;
                }
                lastProblem = $"{options.ReadyPath} answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                lastProblem = e.Message;
            }
            var state = (await docker.InspectContainerAsync(id, ct))?.State;
            if (state is { Running: false })
            {
                FailExited(state);
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        }
        Fail("ready", $"not ready after {ContainerValidator.Format(options.ReadyTimeout.TotalSeconds)} s ({lastProblem})", threshold,
            $"the server did not answer 200 on {options.ReadyPath} in time; see its log below.");
        return false;
    }

    private void FailExited(ContainerState state) =>
        Fail("ready", $"exited with code {state.ExitCode}{(state.OOMKilled ? " (out of memory)" : "")}", ReadyThreshold,
            $"the server stopped before {options.ReadyPath} answered 200; see its log below.");

    private string ReadyThreshold => $"<= {ContainerValidator.Format(options.ReadyTimeout.TotalSeconds)} s";

    private async Task CheckUserAsync(string id, CancellationToken ct)
    {
        var top = await docker.TopAsync(id, ct);
        var uids = top.Column("UID").Distinct().ToList();
        var nonRoot = uids.Count > 0 && uids.All(u => u is not ("0" or "root"));
        Add("runs as non-root", $"uid {string.Join(",", uids)}", "uid != 0", nonRoot,
            nonRoot ? null : "the server process runs as root; the image config must set User to a non-root uid.");
    }

    private async Task CheckGoldenAsync(HttpClient http, GoldenRequest golden, CancellationToken ct)
    {
        var metric = $"golden {golden.Path} {golden.OutputName}";
        using var content = new StringContent(golden.Body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(golden.Path, content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            Fail(metric, $"HTTP {(int)response.StatusCode}", "HTTP 200", Truncate(body));
            return;
        }
        var actual = InferenceResponseReader.ReadOutput(body, golden.OutputName);
        if (actual is null)
        {
            Fail(metric, "output missing", $"output '{golden.OutputName}'", Truncate(body));
            return;
        }
        CompareGolden(metric, golden, actual, "");
    }

    /// <summary>The golden check of one transport: the container's outputs against in-process ONNX Runtime on the same inputs.</summary>
    private void CompareGolden(string metric, GoldenRequest golden, IReadOnlyList<double> actual, string transport)
    {
        var comparison = OutputComparison.Compare(golden.Expected, actual, golden.RelativeTolerance, golden.AbsoluteTolerance);
        _checks.Add(new Check
        {
            Metric = metric,
            Observed = comparison.Describe(),
            Threshold = $"|a-e| <= {golden.AbsoluteTolerance:g} + {golden.RelativeTolerance:g}*|e|",
            SampleSize = golden.Expected.Count,
            Value = comparison.MaxAbsoluteDifference,
            Outcome = comparison.Passed ? CheckOutcome.Pass : CheckOutcome.Fail,
            Detail = comparison.Passed ? null : $"the containerised server's {transport}outputs differ from in-process ONNX Runtime on the same inputs.",
        });
        _failed |= !comparison.Passed;
    }

    public async Task CleanUpAsync()
    {
        if (_containerId is null)
            return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            if (_failed)
            {
                Logs = await docker.GetLogsAsync(_containerId, options.LogLines, cts.Token);
                AttachLogs();
            }
            await docker.StopContainerAsync(_containerId, options.StopTimeout, cts.Token);
            await docker.RemoveContainerAsync(_containerId, force: true, cts.Token);
            var gone = await docker.InspectContainerAsync(_containerId, cts.Token) is null;
            Add("container removed", gone ? "removed" : "still present", "removed", gone,
                gone ? null : $"remove it with `docker rm -f {_containerId[..12]}`");
        }
        catch (Exception e) when (e is DockerEngineException or HttpRequestException or IOException or OperationCanceledException)
        {
            Fail("container removed", e.Message, "removed", $"remove it with `docker rm -f {_containerId[..12]}`");
        }
    }

    private void AttachLogs()
    {
        var text = Logs.Count == 0 ? "(the container wrote no output)" : string.Join("\n", Logs.Select(l => "  | " + l));
        Notes.Add($"last {options.LogLines} log lines of the container:\n{text}");
        for (var i = 0; i < _checks.Count; i++)
        {
            if (_checks[i].Outcome == CheckOutcome.Fail)
                _checks[i] = _checks[i] with { Detail = $"{_checks[i].Detail}\ncontainer log (last {Logs.Count} lines):\n{text}" };
        }
    }

    private void Add(string metric, string observed, string threshold, bool passed, string? detail)
    {
        _checks.Add(new Check
        {
            Metric = metric, Observed = observed, Threshold = threshold, Outcome = passed ? CheckOutcome.Pass : CheckOutcome.Fail, Detail = detail,
        });
        _failed |= !passed;
    }

    private void Fail(string metric, string observed, string threshold, string detail) => Add(metric, observed, threshold, false, detail);

    private static string Truncate(string text) => text.Length > 500 ? text[..500] + "…" : text;
}
