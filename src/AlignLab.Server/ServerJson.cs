using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AlignLab.Server;

/// <summary>How responses are written.</summary>
internal static class ServerJson
{
    // Relaxed escaping keeps generated text (quotes, accents, CJK) readable; these bodies are JSON over HTTP, never inlined in HTML.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(object payload) => JsonSerializer.Serialize(payload, Options);

    public static Task WriteAsync(HttpResponse response, object payload, int status = StatusCodes.Status200OK)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        return response.WriteAsync(Serialize(payload));
    }
}
