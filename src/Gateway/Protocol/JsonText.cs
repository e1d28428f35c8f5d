using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace MeshCall.Gateway.Protocol;

/// <summary>
/// JSON strings as .NET text. JSON allows escapes of lone surrogates (<c>"\ud800"</c>): valid JSON, but not valid
/// Unicode, and System.Text.Json refuses to turn them into a string. Fields the server reads treat them as bad input;
/// relayed data keeps them as unpaired UTF-16, which a UTF-8 encoder writes as U+FFFD.
/// </summary>
public static class JsonText
{
    /// <summary>The string, or false when it holds a lone surrogate.</summary>
    public static bool TryGetString(JsonElement element, [NotNullWhen(true)] out string? value)
    {
        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>The string, lone surrogates kept as they are.</summary>
    public static string Lenient(JsonElement element) =>
        TryGetString(element, out var value) ? value : Unescape(JsonMarshal.GetRawUtf8Value(element)[1..^1]);

    /// <summary>A property's name, lone surrogates kept as they are.</summary>
    public static string LenientName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return Unescape(JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }

    /// <summary>Decodes the escapes of a string's raw UTF-8 (without its quotes), which the parser has validated already.</summary>
    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            var escape = raw.IndexOf((byte)'\\');
            text.Append(Encoding.UTF8.GetString(escape < 0 ? raw : raw[..escape]));
            if (escape < 0)
            {
                break;
            }

            var code = raw[escape + 1];
            raw = raw[(escape + 2)..];
            if (code == 'u')
            {
                text.Append((char)Convert.ToUInt16(Encoding.ASCII.GetString(raw[..4]), 16));
                raw = raw[4..];
                continue;
            }

            text.Append(code switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)code,
            });
        }

        return text.ToString();
    }
}
