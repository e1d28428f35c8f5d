using System.Text.Json;
using System.Text.Json.Nodes;

namespace MeshCall.Browser.Tests;

/// <summary>What the server sends, held back and delivered later: reordered, altered, or with a message added.</summary>
public sealed partial class WebSocketGate
{
    /// <summary>From now on, keeps the events the server sends; the returned task completes when the page next sends an offer.</summary>
    public Task HoldUntilOfferSent()
    {
        lock (_lock)
        {
            _holding = true;
            _offerSent = NewSignal();
            return _offerSent.Task;
        }
    }

    /// <summary>From now on, keeps the events the server sends; completes once what is held satisfies <paramref name="ready"/>.</summary>
    public Task HoldUntil(Func<IReadOnlyList<JsonElement>, bool> ready)
    {
        lock (_lock)
        {
            _holding = true;
            var done = NewSignal();
            _heldWaiter = (ready, done);
            return done.Task;
        }
    }

    /// <summary>
    /// Gives reordered events their `seq` in the new order, as if the server had sent them so: a client rightly
    /// drops an event whose `seq` is not above the last it saw.
    /// </summary>
    private static List<(string Text, JsonElement Message)> Renumbered(List<(string Text, JsonElement Message)> held)
    {
        var seqs = new Queue<long>(held.Where(h => h.Message.TryGetProperty("seq", out _)).Select(h => h.Message.GetProperty("seq").GetInt64()).Order());
        return [.. held.Select(h =>
        {
            if (!h.Message.TryGetProperty("seq", out _))
            {
                return h;
            }

            var node = JsonNode.Parse(h.Text)!;
            node["seq"] = seqs.Dequeue();
            var text = node.ToJsonString();
            return (text, JsonDocument.Parse(text).RootElement.Clone());
        })];
    }

    /// <summary>
    /// Delivers everything held, in order or stably sorted by <paramref name="rank"/> (to stage a reordering the
    /// network could cause), and lets later messages through. Returns what was held.
    /// </summary>
    public IReadOnlyList<JsonElement> Release(Func<JsonElement, int>? rank = null)
    {
        lock (_lock)
        {
            var held = rank is null ? [.. _held] : Renumbered(_held.OrderBy(h => rank(h.Message)).ToList());
            foreach (var (text, _) in held)
            {
                _page!.Send(text);
            }

            _held.Clear();
            _holding = false;
            _heldWaiter = null;
            return [.. held.Select(h => h.Message)];
        }
    }

    /// <summary>Replaces the first held message that matches (to stage one the page must cope with); false if none is held.</summary>
    public bool ReplaceHeld(Func<JsonElement, bool> match, Func<JsonElement, string> replacement)
    {
        lock (_lock)
        {
            var index = _held.FindIndex(h => match(h.Message));
            if (index < 0)
            {
                return false;
            }

            var text = replacement(_held[index].Message);
            _held[index] = (text, Parse(text));
            return true;
        }
    }

    /// <summary>Sends the page a message as if the server had sent it.</summary>
    public void Deliver(object message)
    {
        lock (_lock)
        {
            _page!.Send(JsonSerializer.Serialize(message));
        }
    }
}
