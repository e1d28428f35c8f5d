using System.Text.Json;

namespace MeshCall.Browser.Tests;

/// <summary>Requests the gate answers with an error itself, as a cluster that could not serve them (or a rate limit) would.</summary>
public sealed partial class WebSocketGate
{
    private (Func<JsonElement, bool> Match, string Code, Func<JsonElement, bool>? Until)? _refusal;
    private int _refusals;

    /// <summary>How many requests the gate has refused.</summary>
    public int Refusals
    {
        get
        {
            lock (_lock)
            {
                return _refusals;
            }
        }
    }

    /// <summary>Answers the next request the page sends that matches with error <paramref name="code"/>, instead of passing it on.</summary>
    public void RefuseNext(Func<JsonElement, bool> match, string code)
    {
        lock (_lock)
        {
            _refusal = (match, code, null);
        }
    }

    /// <summary>Answers every request that matches with error <paramref name="code"/> until the page sends one that matches <paramref name="until"/>.</summary>
    public void RefuseUntil(Func<JsonElement, bool> match, string code, Func<JsonElement, bool> until)
    {
        lock (_lock)
        {
            _refusal = (match, code, until);
        }
    }

    private string? TakeRefusal(JsonElement message)
    {
        lock (_lock)
        {
            if (_refusal is not { } refusal)
            {
                return null;
            }

            if (refusal.Until?.Invoke(message) == true)
            {
                _refusal = null;
                return null;
            }

            if (!refusal.Match(message))
            {
                return null;
            }

            if (refusal.Until is null)
            {
                _refusal = null;
            }

            _refusals++;
            return refusal.Code;
        }
    }
}
