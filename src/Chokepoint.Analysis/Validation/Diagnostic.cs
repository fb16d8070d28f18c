using System.Globalization;
using System.Text;

namespace Chokepoint.Analysis.Validation;

/// <summary>How bad a finding is: errors make a model unusable, warnings do not.</summary>
public enum Severity
{
    Warning,
    Error,
}

/// <summary>
/// One finding about a model, with where it is (file, line, column and the path inside the
/// document, such as <c>components[12].providers[1].share</c>), what is wrong, and what to do.
/// </summary>
public sealed record Diagnostic(
    Severity Severity,
    string Code,
    string? File,
    int Line,
    int Column,
    string Path,
    string Message,
    string Fix)
{
    /// <summary>Renders the finding as <c>file:line:col: error CODE at path: message</c> and a fix line.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (File is not null)
        {
            sb.Append(File);
            if (Line > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $":{Line}:{Column}");
            }

            sb.Append(": ");
        }

        sb.Append(Severity == Severity.Error ? "error " : "warning ");
        sb.Append(Code);
        if (Path.Length > 0)
        {
            sb.Append(" at ").Append(Path);
        }

        sb.Append(": ").Append(Message);
        if (Fix.Length > 0)
        {
            sb.Append("\n    fix: ").Append(Fix);
        }

        return sb.ToString();
    }
}

/// <summary>The stable codes of every finding, so scripts and docs can refer to them.</summary>
public static class DiagnosticCodes
{
    public const string MalformedSyntax = "CP001";
    public const string UnknownKey = "CP002";
    public const string WrongType = "CP003";
    public const string MissingField = "CP004";
    public const string WrongSchema = "CP005";
    public const string DuplicateKey = "CP006";
    public const string FileNotReadable = "CP007";
    public const string IncludeNotFound = "CP010";
    public const string IncludedTwice = "CP011";
    public const string IncludeCycle = "CP012";
    public const string UnknownReference = "CP020";
    public const string DuplicateId = "CP021";
    public const string RequiresCycle = "CP022";
    public const string ParentCycle = "CP023";
    public const string ShareOutOfRange = "CP030";
    public const string SharesSumAboveOne = "CP031";
    public const string BadShareRange = "CP032";
    public const string KLargerThanGroup = "CP033";
    public const string NegativeValue = "CP034";
    public const string EmptyGroup = "CP035";
    public const string IncompleteAction = "CP036";
    public const string NoProviders = "CP040";
    public const string ThresholdUnreachable = "CP041";
    public const string ShareOutsideItsRange = "CP042";
    public const string AmbiguousId = "CP043";
    public const string ControlNeverInForce = "CP044";
    public const string ReachContradiction = "CP045";

    // Spreadsheet and CSV tables (import table): the location is the sheet, row and column.
    public const string TableBadCell = "CP050";
    public const string TableMissingColumn = "CP051";
    public const string TableUnknownColumn = "CP052";
    public const string TableRowsDisagree = "CP053";
    public const string TableDuplicateColumn = "CP054";
    public const string TableMissingSheet = "CP055";
    public const string TableUnknownSheet = "CP056";
}
