using RabbitMQ.Client;

namespace Pipeline.Serving.Tests.Support;

/// <summary>The RabbitMQ broker the streaming tests use: the one .ci/install/37-rabbitmq.sh installs and starts on 127.0.0.1:5672
/// (<c>PIPELINE_TEST_AMQP</c> names another). A test that needs it fails, naming the fix, when it does not answer.</summary>
public static class Broker
{
    public static string Uri => Environment.GetEnvironmentVariable("PIPELINE_TEST_AMQP") is { Length: > 0 } uri ? uri : "amqp://guest:guest@127.0.0.1:5672/";

    public static async Task<IConnection> ConnectAsync()
    {
        try
        {
            return await new ConnectionFactory { Uri = new Uri(Uri), ClientProvidedName = "pipeline-serving-tests" }.CreateConnectionAsync();
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException e)
        {
            throw new InvalidOperationException(
                $"No RabbitMQ broker answers at {Uri} ({e.InnerException?.Message ?? e.Message}). The streaming tests need a real broker: " +
                "run `./build.sh Setup` (or `bash .ci/install/37-rabbitmq.sh` as root), which installs rabbitmq-server and starts it on 127.0.0.1:5672", e);
        }
    }
}
