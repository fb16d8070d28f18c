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
}
