using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace AlignLab.Methods.PrefEval.Chat;

/// <summary>
/// Every request and its answer in a SQLite file, keyed by a SHA-256 of the model name and the request (messages,
/// budget, temperature). Each answer is committed the moment it arrives, so an interrupted or failed run loses
/// nothing it paid for, and a rerun asks the endpoint only for what is missing. The endpoint URL is not part of the
/// key: the same model served at another address answers from the cache.
/// </summary>
public sealed class ResponseCache : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    public ResponseCache(string file)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (dir != null) Directory.CreateDirectory(dir);
        File = file;
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute("CREATE TABLE IF NOT EXISTS calls (key TEXT PRIMARY KEY, model TEXT NOT NULL, request TEXT NOT NULL, answer TEXT NOT NULL, truncated INTEGER NOT NULL, created TEXT NOT NULL);");
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new IOException($"{file}: cannot open the response cache ({e.Message})", e);
        }
    }

    public string File { get; }

    public static string Key(string model, string kind, string requestJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(model + "\n" + kind + "\n" + requestJson)));

    public static string RequestJson(ChatRequest request) => JsonSerializer.Serialize(new
    {
        messages = request.Messages.Select(m => new { role = m.Role, content = m.Content }),
        max_tokens = request.MaxTokens,
        temperature = request.Temperature,
    });

    public bool TryGet(string key, out string answer, out bool truncated)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT answer, truncated FROM calls WHERE key = $key";
            cmd.Parameters.AddWithValue("$key", key);
            using var reader = cmd.ExecuteReader();
            if (reader.Read())
            {
                (answer, truncated) = (reader.GetString(0), reader.GetInt64(1) != 0);
                return true;
            }
        }
        (answer, truncated) = ("", false);
        return false;
    }

    public void Put(string key, string model, string request, string answer, bool truncated)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO calls (key, model, request, answer, truncated, created) VALUES ($key, $model, $request, $answer, $truncated, $created)";
            cmd.Parameters.AddWithValue("$key", key);
            cmd.Parameters.AddWithValue("$model", model);
            cmd.Parameters.AddWithValue("$request", request);
            cmd.Parameters.AddWithValue("$answer", answer);
            cmd.Parameters.AddWithValue("$truncated", truncated ? 1 : 0);
            cmd.Parameters.AddWithValue("$created", DateTime.UtcNow.ToString("O"));
            cmd.ExecuteNonQuery();
        }
    }

    public long Count
    {
        get
        {
            lock (gate)
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = "SELECT COUNT(*) FROM calls";
                return (long)cmd.ExecuteScalar()!;
            }
        }
    }

    private void Execute(string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
