using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MeshCall.Gateway.Protocol;
using MessagePack;
using MessagePack.Formatters;

namespace MeshCall.Gateway.Transports;

/// <summary>
/// Lets MessagePack hub clients speak the same requests and events: a MessagePack value becomes the
/// equivalent JSON on the way in, and JSON becomes MessagePack on the way out. What MessagePack cannot hold
/// exactly becomes what JavaScript's <c>JSON.parse</c> would make of it: a number beyond 64-bit integers a
/// float64 (<c>1e400</c> is infinity), and a lone surrogate escape U+FFFD (MessagePack strings are UTF-8).
/// </summary>
public sealed class RawJsonMessagePackFormatter : IMessagePackFormatter<RawJson>
{
    public static readonly RawJsonMessagePackFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, RawJson value, MessagePackSerializerOptions options)
    {
        using var document = JsonDocument.Parse(value.Utf8);
        Write(ref writer, document.RootElement);
    }

    public RawJson Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Read(ref reader, json, options);
        }

        return new RawJson(buffer.WrittenMemory);
    }

    private static void Read(ref MessagePackReader reader, Utf8JsonWriter json, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        try
        {
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Map:
                    var pairs = reader.ReadMapHeader();
                    json.WriteStartObject();
                    for (var i = 0; i < pairs; i++)
                    {
                        json.WritePropertyName(reader.ReadString() ?? string.Empty);
                        Read(ref reader, json, options);
                    }

                    json.WriteEndObject();
                    break;
                case MessagePackType.Array:
                    var items = reader.ReadArrayHeader();
                    json.WriteStartArray();
                    for (var i = 0; i < items; i++)
                    {
                        Read(ref reader, json, options);
                    }

                    json.WriteEndArray();
                    break;
                case MessagePackType.Integer when reader.NextCode == MessagePackCode.UInt64:
                    json.WriteNumberValue(reader.ReadUInt64());
                    break;
                case MessagePackType.Integer:
                    json.WriteNumberValue(reader.ReadInt64());
                    break;
                case MessagePackType.Float:
                    json.WriteNumberValue(reader.ReadDouble());
                    break;
                case MessagePackType.Boolean:
                    json.WriteBooleanValue(reader.ReadBoolean());
                    break;
                case MessagePackType.String:
                    json.WriteStringValue(reader.ReadString());
                    break;
                case MessagePackType.Binary:
                    json.WriteBase64StringValue(reader.ReadBytes()!.Value.ToArray());
                    break;
                case MessagePackType.Nil:
                    reader.ReadNil();
                    json.WriteNullValue();
                    break;
                default:
                    throw new MessagePackSerializationException("MessagePack extensions have no JSON form");
            }
        }
        finally
        {
            reader.Depth--;
        }
    }

    private static void Write(ref MessagePackWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteMapHeader(element.EnumerateObject().Count());
                foreach (var property in element.EnumerateObject())
                {
                    writer.Write(JsonText.LenientName(property));
                    Write(ref writer, property.Value);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    Write(ref writer, item);
                }

                break;
            case JsonValueKind.String:
                writer.Write(JsonText.Lenient(element));
                break;
            case JsonValueKind.Number when element.TryGetInt64(out var integer):
                writer.Write(integer);
                break;
            case JsonValueKind.Number when element.TryGetUInt64(out var unsigned):
                writer.Write(unsigned);
                break;
            case JsonValueKind.Number:
                writer.Write(element.TryGetDouble(out var real) ? real : double.Parse(element.GetRawText(), CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True:
                writer.Write(true);
                break;
            case JsonValueKind.False:
                writer.Write(false);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }
}
