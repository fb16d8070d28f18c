namespace Chokepoint.Formats.Models;

/// <summary>Defaults the readers and importers share.</summary>
internal static class ModelReaderDefaults
{
    public const double ShareTolerance = Analysis.Model.StackModel.DefaultShareTolerance;
}
