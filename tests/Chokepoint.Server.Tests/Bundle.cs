using Chokepoint.Testing;

namespace Chokepoint.Server.Tests;

/// <summary>The dashboard and the front-end libraries that the server's build bundles into wwwroot/lib.</summary>
internal static class Bundle
{
    /// <summary>Fails under CI=true and skips otherwise when the build had no npm to bundle them with.</summary>
    public static void Require()
    {
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot", "lib", "dashboard.js")))
        {
            return;
        }

        TestPaths.Missing("wwwroot/lib was not bundled: the build found no npm (install Node.js 20+ with npm and rebuild; test.sh installs them as root).");
    }

    /// <summary>
    /// axe-core's browser script, which the server's build installs as a development dependency of the
    /// dashboard (web/package.json), for the accessibility checks. Missing like the bundle when npm was.
    /// </summary>
    public static string AxeScript()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "src", "Chokepoint.Server", "web", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(path))
        {
            TestPaths.Missing($"{path} is missing: the server's build installs it with npm ci (install Node.js 20+ with npm and rebuild).");
        }

        return path;
    }
}
