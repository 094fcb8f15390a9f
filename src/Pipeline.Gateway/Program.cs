using Pipeline.Gateway;

var (options, errors) = GatewayCommandLine.Parse(args, Environment.GetEnvironmentVariable);
if (options is null)
{
    foreach (var e in errors) Console.Error.WriteLine($"gateway: {e}");
    return 2;
}

try
{
    var gateway = GatewayHost.Create(options);
    await gateway.App.StartAsync();
    Console.WriteLine($"gateway listening on {gateway.BaseAddress}{(gateway.GrpcAddress is { } grpc ? $" (gRPC on {grpc})" : "")}");
    await gateway.App.WaitForShutdownAsync();
    return 0;
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"gateway: {e.Message}");
    return 2;
}
