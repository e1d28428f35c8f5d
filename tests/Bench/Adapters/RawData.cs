using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeshCall.Bench.Adapters;

/// <summary>A JSON value already in UTF-8, written into a SignalR message as it is, as the WebSocket adapters write it.</summary>
[JsonConverter(typeof(RawDataConverter))]
public readonly record struct RawData(byte[] Utf8);

public sealed class RawDataConverter : JsonConverter<RawData>
{
    public override RawData Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The benchmark only sends raw data.");

    public override void Write(Utf8JsonWriter writer, RawData value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8, skipInputValidation: true);
}
