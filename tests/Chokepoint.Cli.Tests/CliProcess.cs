using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Chokepoint.Cli.Tests;

/// <summary>The real <c>chokepoint</c> executable as a child process: started with its output captured, stopped, killed; and free loopback ports for it.</summary>
internal static class CliProcess
{
    /// <summary><c>chokepoint ARGS...</c> in <paramref name="dir"/>, its output captured.</summary>
    public static ProcessStartInfo StartInfo(string dir, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "chokepoint"))
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    /// <summary>Sends SIGTERM and returns the exit code once the process has stopped (at most 40 s).</summary>
    public static int Terminate(Process process, string what)
    {
        ArgumentNullException.ThrowIfNull(process);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(40)), $"{what} did not stop within 40 s of SIGTERM");
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses the process.</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
