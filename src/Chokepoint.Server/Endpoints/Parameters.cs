using Chokepoint.Analysis.Stack;
using Chokepoint.Operations;
using Microsoft.AspNetCore.Http;

namespace Chokepoint.Server.Endpoints;

/// <summary>How a request that cannot run is answered: 400 for a bad field, 422 for a model and request that do not fit.</summary>
internal static class Parameters
{
    /// <summary>True for the failures that are the request's, not the service's.</summary>
    public static bool IsRequestError(Exception e) => e is RequestException or PerspectiveException;

    public static IResult Problem(Exception e) => e switch
    {
        RequestException re => Http.Problem(StatusCodes.Status400BadRequest, "bad parameters", e.Message, field: re.Field),
        PerspectiveException pe => Http.Problem(StatusCodes.Status422UnprocessableEntity, "the analysis cannot run",
            (pe.Field is { } f ? $"'{f}': " : "") + $"{e.Message} {pe.Fix}".Trim(), field: pe.Field),
        _ => Http.Problem(StatusCodes.Status422UnprocessableEntity, "the analysis cannot run", e.Message),
    };
}
