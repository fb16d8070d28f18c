using Chokepoint.Server.Storage;
using Chokepoint.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Chokepoint.Server.Tests;

/// <summary>The service in memory over a fresh SQLite file (or the options' store, or a given one), with the shipped examples loaded.</summary>
internal sealed class TestService : IAsyncDisposable
{
    public const string Key = "test-key";

    private readonly bool _ownsDirectory;

    private TestService(WebApplication app, string directory, bool ownsDirectory)
    {
        App = app;
        Directory = directory;
        Client = app.GetTestClient();
        _ownsDirectory = ownsDirectory;
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }
    public string Directory { get; }
    public string DatabasePath => Path.Combine(Directory, "store.db");

    /// <summary>
    /// Starts the service. A folder it makes itself (none given, or <paramref name="ownsDirectory"/>)
    /// is deleted when it stops, so a test run leaves nothing in the temporary folder; a folder a
    /// test gives it to start a second service over is the test's.
    /// </summary>
    public static async Task<TestService> Start(string? directory = null, ServerOptions? options = null, IStore? store = null, bool ownsDirectory = false)
    {
        ownsDirectory |= directory is null;
        directory ??= Chokepoint.Testing.TempFolders.Create("chokepoint-server-").FullName;
        var app = ServerApp.Build(options ?? new ServerOptions { DatabasePath = Path.Combine(directory, "store.db"), ApiKey = Key, ExamplesFolder = TestPaths.Examples },
            builder => builder.WebHost.UseTestServer(), store);
        await app.StartAsync();
        return new TestService(app, directory, ownsDirectory);
    }

    public HttpRequestMessage Request(HttpMethod method, string url, string? body = null, string? key = Key, string contentType = "application/yaml")
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, contentType);
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    /// <summary>POSTs JSON parameters with the key (or with <paramref name="key"/>, null for none).</summary>
    public Task<HttpResponseMessage> PostJson(string url, string body, string? key = Key) =>
        Client.SendAsync(Request(HttpMethod.Post, url, body, key, "application/json"), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open (a store another test opened beside the service) stays; the folder is temporary.
            }
        }
    }
}
