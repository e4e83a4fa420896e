using Microsoft.AspNetCore.Http;

namespace AlignLab.Server;

/// <summary>A request the server refuses, answered with OpenAI's error body <c>{"error": {message, type, param, code}}</c>.</summary>
public sealed class OpenAiException(int status, string message, string? param = null, string? code = null, string type = "invalid_request_error")
    : Exception(message)
{
    public int Status { get; } = status;
    public string? Param { get; } = param;
    public string? Code { get; } = code;
    public string Type { get; } = type;

    /// <summary>400 naming the field at fault.</summary>
    public static OpenAiException BadField(string param, string message) => new(StatusCodes.Status400BadRequest, message, param);

    public object Body() => new { error = new { message = Message, type = Type, param = Param, code = Code } };

    public Task WriteAsync(HttpResponse response) => ServerJson.WriteAsync(response, Body(), Status);
}
